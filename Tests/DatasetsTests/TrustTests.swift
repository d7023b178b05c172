import Foundation
import Support
import Testing

@testable import Datasets

/// A seeded generator for the property tests (SplitMix64).
struct Mix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// `bytes` with 1-3 random bits flipped.
    mutating func flipped(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for _ in 0..<(1 + below(3)) { out[below(out.count)] ^= UInt8(1) << UInt8(below(8)) }
        return out
    }
}

/// Runs `body`, which must end in a value or one DatasetError naming `file` on one line.
func valueOrOneLine(_ file: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
    } catch let e as DatasetError {
        #expect(e.description.hasPrefix(file + ": "), "\(e)", sourceLocation: sourceLocation)
        #expect(!e.description.contains("\n"), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a DatasetError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Seeded property tests of every reader in Datasets: valid inputs made here, then cut at every
/// length, bit-flipped, or given huge sizes.
@Suite struct ReaderPropertyTests {
    static let idx = IDX.encode(dimensions: [3, 5, 4], data: (0..<60).map { UInt8($0 * 7 % 256) })
    static let gz = Gzip.compress(idx)

    @Test func idxTruncatedAtEveryLengthIsAnError() {
        for source in [Self.idx, Self.gz] {
            for length in 0..<source.count {
                let e = datasetError {
                    _ = try IDX.parse(Array(source.prefix(length)), file: "t.idx", expectedMagic: IDX.imagesMagic)
                }
                #expect(e?.description.hasPrefix("t.idx: ") == true)
            }
        }
    }

    @Test func idxAndGzipBitFlipsEndInAValueOrOneLine() {
        var mix = Mix(51)
        for _ in 0..<2000 {
            for source in [Self.idx, Self.gz] {
                let bytes = mix.flipped(source)
                valueOrOneLine("f.idx") { _ = try IDX.parse(bytes, file: "f.idx", expectedMagic: IDX.imagesMagic) }
                valueOrOneLine("f.gz") { _ = try Gzip.decompress(bytes, file: "f.gz", limit: 1 << 20) }
            }
        }
    }

    /// Headers with huge or overflowing dimensions over a little data: an error, fast, whatever
    /// they claim (nothing is allocated for the claim beyond address space).
    @Test func idxHugeDimensionsAreErrors() {
        var mix = Mix(52)
        let sizes: [UInt32] = [0, 1, 28, 4096, 4097, 65536, 1 << 31, .max]
        for _ in 0..<500 {
            let rank = 1 + mix.below(4)
            var bytes: [UInt8] = [0, 0, 8, UInt8(rank)]
            for _ in 0..<rank {
                let d = sizes[mix.below(sizes.count)]
                bytes += [UInt8(d >> 24), UInt8((d >> 16) & 0xFF), UInt8((d >> 8) & 0xFF), UInt8(d & 0xFF)]
            }
            bytes += [UInt8](repeating: 1, count: mix.below(64))
            let magic = 0x0800 | UInt32(rank)
            valueOrOneLine("h.idx") { _ = try IDX.parse(bytes, file: "h.idx", expectedMagic: magic) }
            valueOrOneLine("h.gz") { _ = try IDX.parse(Gzip.compress(bytes), file: "h.gz", expectedMagic: magic) }
        }
    }

    static let png = PNG.encode(samples: (0..<(6 * 5 * 2)).map { UInt8($0 * 13 % 256) }, width: 6, height: 5, channels: 2)

    @Test func pngTruncatedAtEveryLengthAndFlippedEndsInAValueOrOneLine() {
        for length in 0..<Self.png.count {
            let e = datasetError { _ = try PNG.decode(Array(Self.png.prefix(length)), file: "t.png") }
            #expect(e?.description.hasPrefix("t.png: ") == true)
        }
        var mix = Mix(53)
        for _ in 0..<3000 {
            let bytes = mix.flipped(Self.png)
            valueOrOneLine("f.png") { _ = try PNG.decodeGrayscale(bytes, file: "f.png") }
        }
    }

    /// IHDR sizes up to 2^32 − 1 (the chunk CRC recomputed so the header is read).
    @Test func pngHugeDimensionsAreErrorsBeforeDecoding() {
        var mix = Mix(54)
        let sizes: [UInt32] = [0, 1, 28, 16384, 16385, 1 << 31, .max]
        for _ in 0..<300 {
            var bytes = Self.png
            for (offset, value) in [(16, sizes[mix.below(sizes.count)]), (20, sizes[mix.below(sizes.count)])] {
                bytes[offset..<(offset + 4)] = [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
            }
            let crc = bytes.withUnsafeBytes { Zlib.crc32(UnsafeRawBufferPointer(rebasing: $0[12..<29])) }
            bytes[29..<33] = [UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)]
            valueOrOneLine("h.png") { _ = try PNG.decode(bytes, file: "h.png") }
            valueOrOneLine("h.png") { _ = try ImageFile.decodeGrayscale(bytes, file: "h.png", requiredSize: (28, 28)) }
        }
    }

    static let pgmImage = GrayImage(width: 5, height: 3, pixels: (0..<15).map { UInt8($0 * 17) })

    @Test func pgmTruncatedAtEveryLengthAndFlippedEndsInAValueOrOneLine() {
        var mix = Mix(55)
        for source in [PGM.encode(Self.pgmImage), PGM.encodeASCII(Self.pgmImage)] {
            for length in 0..<source.count {
                valueOrOneLine("t.pgm") { _ = try PGM.decode(Array(source.prefix(length)), file: "t.pgm") }
            }
            for _ in 0..<2000 {
                let bytes = mix.flipped(source)
                valueOrOneLine("f.pgm") { _ = try ImageFile.decodeGrayscale(bytes, file: "f.pgm") }
            }
        }
        for header in ["P5 16384 16384 255\n", "P2 16384 16384 255\n", "P5 99999999 1 255\n", "P2 1 1 99999999999999999999\n"] {
            let e = datasetError { _ = try PGM.decode(Array(header.utf8) + [1, 2, 3], file: "h.pgm") }
            #expect(e?.description.hasPrefix("h.pgm: ") == true)
        }
    }
}

/// Images: the header's size first, the file's kind and size before reading, any line end.
@Suite struct ImageTrustTests {
    /// A 16384×16384 PNG header over 64 bytes of pixel data: the digit's size is checked in the
    /// header, so the error is about the size, not about the missing data.
    @Test func aHugePNGIsRefusedFromItsHeader() throws {
        var bytes = PNG.encode(GrayImage(width: 28, height: 28, fill: 0))
        bytes[16..<24] = [0, 0, 0x40, 0, 0, 0, 0x40, 0]
        let crc = bytes.withUnsafeBytes { Zlib.crc32(UnsafeRawBufferPointer(rebasing: $0[12..<29])) }
        bytes[29..<33] = [UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)]
        let dir = TempDir()
        let path = dir.write("huge.png", bytes)
        let e = datasetError { _ = try ImageFile.readDigit(path) }
        #expect(e?.kind == .wrongImageSize)
        #expect(e?.description == "\(path): expected a 28x28 image but found 16384x16384; resize it to 28x28 first")
        let pgm = datasetError { _ = try ImageFile.decodeGrayscale(Array("P5 16384 16384 255\n".utf8), file: "h.pgm", requiredSize: (28, 28)) }
        #expect(pgm?.kind == .wrongImageSize)
    }

    @Test func devicesFIFOsAndDirectoriesAreRefusedUnread() throws {
        let dir = TempDir()
        let fifo = dir.file("pipe.png")
        #expect(mkfifo(fifo, 0o644) == 0)
        let cases = [
            ("/dev/zero", "is a character device, not a regular file"),
            ("/dev/urandom", "is a character device, not a regular file"),
            (fifo, "is a named pipe (FIFO), not a regular file"),
            (dir.path, "expected a file but found a directory"),
        ]
        for (path, detail) in cases {
            let e = datasetError { _ = try ImageFile.readDigit(path) }
            #expect(e?.description == "\(path): \(detail)")
        }
    }

    @Test func aFileOverTheLimitIsRefusedUnread() throws {
        let dir = TempDir()
        let path = dir.write("big.pgm", Array("P5 28 28 255\n".utf8))
        #expect(truncate(path, off_t(ImageFile.maxFileSize + 1)) == 0)  // sparse: no disk used
        let e = datasetError { _ = try ImageFile.readDigit(path) }
        #expect(e?.description == "\(path): expected an image file of at most 64 MB but found \(ImageFile.maxFileSize + 1) bytes")
    }

    /// P5 and P2 headers with LF, CRLF and CR line ends (comments included) read the same.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func pgmLineEnds(_ end: String) throws {
        let image = GrayImage(width: 3, height: 2, pixels: [0, 10, 20, 13, 200, 255])
        let p5 = Array("P5\(end)# made by hand\(end)3 2\(end)255\(end)".utf8) + image.pixels
        #expect(try PGM.decode(p5, file: "a.pgm") == image)
        let p2 = "P2\(end)# made by hand\(end)3 2\(end)255\(end)0 10 20\(end)13 200 255\(end)"
        #expect(try PGM.decode(Array(p2.utf8), file: "a.pgm") == image)
        // Sample values 13 and 10 (CR and LF) right after the header are samples, not line ends.
        let tricky = GrayImage(width: 2, height: 1, pixels: [10, 13])
        #expect(try PGM.decode(Array("P5 2 1 255\n".utf8) + tricky.pixels, file: "b.pgm") == tricky)
    }
}

/// IDX and MNIST files: the headers checked against each other and the limits before the data
/// is inflated, a bounded integrity check, and things that are not files named for what they are.
@Suite struct MNISTTrustTests {
    /// An IDX header: magic for `dims.count` dimensions, then the dimensions.
    func header(_ dims: [UInt32]) -> [UInt8] {
        var out: [UInt8] = [0, 0, 8, UInt8(dims.count)]
        for d in dims { out += [UInt8(d >> 24), UInt8((d >> 16) & 0xFF), UInt8((d >> 8) & 0xFF), UInt8(d & 0xFF)] }
        return out
    }

    /// 5.4 million images claimed by a small gzip file: refused from the header.
    @Test func moreImagesThanTheLimitAreRefusedFromTheHeader() throws {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: false)
        try FileManager.default.removeItem(atPath: dir.file("train-images-idx3-ubyte"))
        dir.write("train-images-idx3-ubyte.gz", Gzip.compress(header([5_400_000, 28, 28]) + [UInt8](repeating: 0, count: 100_000)))
        let started = ContinuousClock.now
        let e = datasetError { _ = try MNIST.load(from: dir.path, verify: false) }
        #expect(e?.description == "\(dir.file("train-images-idx3-ubyte.gz")): header says 5400000 images; expected at most 1000000")
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    /// Images and labels whose counts differ are caught from the headers, before the images'
    /// data (here cut short) is read.
    @Test func countsAreComparedBeforeTheDataIsRead() throws {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: true)
        dir.write("train-images-idx3-ubyte.gz", Gzip.compress(header([200_000, 28, 28]) + [UInt8](repeating: 0, count: 1000)))
        let e = datasetError { _ = try MNIST.load(from: dir.path, verify: false) }
        #expect(e?.kind == .countMismatch)
        #expect(e?.description.hasSuffix("train-images-idx3-ubyte.gz holds 200000 images but train-labels-idx1-ubyte.gz holds 3 labels") == true)
    }

    /// A large claim over a stream whose gzip trailer says otherwise: refused before inflating.
    @Test func theGzipTrailerIsCheckedAgainstALargeHeader() throws {
        let dir = TempDir()
        // Varied bytes, so that the compressed size could hold the claim (deflate's best ratio
        // is 1032), and without a second gzip member's magic in them.
        let bytes = header([100_000, 28, 28]) + Fixture.images(count: 2500)
        let compressed = Gzip.compress(bytes, level: 1)
        #expect(compressed.count * 1032 > 78_400_016)
        #expect(!compressed.withUnsafeBytes { IDX.containsMemberMagic($0) })
        let path = dir.write("i.gz", compressed)
        let e = datasetError { _ = try IDX.read(file: path, expectedMagic: IDX.imagesMagic, itemName: "images") }
        #expect(e?.description == "\(path): header says (100000, 28, 28), 78400016 bytes with the header, but the gzip trailer says the data inflates to 1960016 bytes (modulo 2^32); the file is truncated or its header is wrong")
        // Too few compressed bytes to hold the claim at deflate's best ratio (the stream, cut
        // short, then reports its own truncation, inflating only its 2000 bytes).
        let cut = Array(Gzip.compress(bytes, level: 9).prefix(2000))
        let tooFew = datasetError {
            try cut.withUnsafeBytes { raw in
                try IDX.checkGzipSize(raw, file: "t.gz", dims: [100_000, 28, 28], headerBytes: 16, dataBytes: 78_400_000)
            }
        }
        #expect(tooFew?.description == "t.gz: header says (100000, 28, 28), 78400016 bytes with the header, but 2000 compressed bytes inflate to at most 2064000; the file is truncated or its header is wrong")
        let tiny = dir.write("t.gz", cut)
        let t = datasetError { _ = try IDX.read(file: tiny, expectedMagic: IDX.imagesMagic, itemName: "images") }
        #expect(t?.kind == .truncated)
    }

    /// After a content error the stream is inflated only up to a budget to look for damage.
    @Test func theIntegrityCheckIsBounded() throws {
        let zeros = Gzip.compress([UInt8](repeating: 0, count: 8 << 20), level: 1)
        try zeros.withUnsafeBytes { raw in
            let inflater = try Inflater(input: raw, format: .gzip, file: "z.gz")
            #expect(inflater.integrityError(budget: 1 << 20) == nil)
            #expect(inflater.produced <= (1 << 20) + (1 << 16))
            #expect(!inflater.finished)
        }
        // An impossible header over a long stream: the header's error, without inflating it all.
        let dir = TempDir()
        let claim = header([1 << 31, 28, 28]) + [UInt8](repeating: 0, count: 96 << 20)
        let path = dir.write("big.gz", Gzip.compress(claim, level: 1))
        let e = datasetError { _ = try IDX.read(file: path, expectedMagic: IDX.imagesMagic, itemName: "images") }
        #expect(e?.kind == .badDimensions)
    }

    /// Trailing data is counted only up to a bound.
    @Test func trailingDataIsCountedUpToABound() {
        let bytes = IDX.encode(dimensions: [1], data: [3]) + [UInt8](repeating: 7, count: (64 << 20) + 10)
        let e = datasetError { _ = try IDX.parse(Gzip.compress(bytes, level: 1), file: "l.gz", expectedMagic: IDX.labelsMagic, itemName: "labels") }
        #expect(e?.description == "l.gz: header says 1 labels but file holds at least \(1 + (64 << 20)) (at least \(64 << 20) bytes more than the header accounts for)")
    }

    /// A directory, FIFO, dangling link or link loop where a file should be is named as such.
    @Test func thingsThatAreNotFilesAreNotMissing() throws {
        let kinds: [(String, (String) -> Void, String)] = [
            ("a directory", { try! FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) }, "is a directory, not a regular file"),
            ("a FIFO", { _ = mkfifo($0, 0o644) }, "is a named pipe (FIFO), not a regular file"),
            ("a dangling link", { _ = symlink("/nonexistent/file", $0) }, "is a symbolic link to a missing file"),
            ("a link loop", { _ = symlink($0, $0) }, "is a symbolic link loop"),
        ]
        for (_, make, what) in kinds {
            let dir = TempDir()
            Fixture.writeMNIST(into: dir, gzip: false)
            let path = dir.file("t10k-labels-idx1-ubyte")
            try FileManager.default.removeItem(atPath: path)
            make(path)
            let expected = "\(path): \(what); expected the MNIST file t10k-labels-idx1-ubyte (raw or .gz)"
            #expect(datasetError { _ = try MNIST.load(from: dir.path, verify: false) }?.description == expected)
            #expect(datasetError { _ = try MNISTLocation.resolve(dataOption: dir.path, environment: [:]) }?.description == expected)
        }
        let notADirectory = datasetError { _ = try MNISTLocation.resolve(dataOption: "/dev/null", environment: [:]) }
        #expect(notADirectory?.description.contains("--data /dev/null (is a character device, not a directory)") == true)
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let dir = TempDir()
        let fifo = dir.file("f.idx")
        #expect(mkfifo(fifo, 0o644) == 0)
        let e = datasetError { _ = try IDX.read(file: fifo, expectedMagic: IDX.labelsMagic) }
        #expect(e?.description == "\(fifo): is a named pipe (FIFO), not a regular file")
    }
}

/// The one atomic writer: devices in place (tested through links in a temporary folder, so a
/// rename could only ever replace the link), FIFOs refused, write errors reported.
@Suite struct WriterTrustTests {
    @Test func aLinkToAFullDeviceIsAWriteErrorAndStaysALink() throws {
        let dir = TempDir()
        let link = dir.file("full.csv")
        #expect(symlink("/dev/full", link) == 0)
        let e = datasetError { try DatasetError.fromFileIO { () throws(FileError) in try FileIO.writeAtomically([1, 2, 3], to: link) } }
        #expect(e?.description == "\(link): writing failed: no space left on the device")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "/dev/full")
        #expect(dir.contents() == ["full.csv"])
    }

    @Test func aFIFOIsRefused() throws {
        let dir = TempDir()
        let fifo = dir.file("out.png")
        #expect(mkfifo(fifo, 0o644) == 0)
        let e = datasetError { try DatasetError.fromFileIO { () throws(FileError) in try FileIO.writeAtomically([1], to: fifo) } }
        #expect(e?.description == "\(fifo): is a named pipe (FIFO), not a regular file; expected a file name to write")
        #expect(FileIO.kind(of: fifo) == .fifo)
    }
}
