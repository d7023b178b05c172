#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Support
import Dispatch

/// An IDX array of unsigned bytes (the format of the MNIST files): its dimensions and its data.
public struct IDXArray: Sendable, Equatable {
    /// The dimensions from the header, outermost first (e.g. `[60000, 28, 28]`).
    public let dimensions: [Int]
    /// The data bytes after the header, row-major, `dimensions.reduce(1, *)` of them.
    public let data: [UInt8]

    public init(dimensions: [Int], data: [UInt8]) {
        precondition(dimensions.reduce(1, *) == data.count, "IDXArray: data count does not match dimensions")
        self.dimensions = dimensions
        self.data = data
    }
}

/// Reading and writing IDX files (raw or gzip-compressed).
///
/// Header: two zero bytes, a type byte (only 0x08, unsigned byte, is accepted), a rank byte, then
/// one big-endian UInt32 per dimension. The data follows; the file must hold exactly
/// `product(dimensions)` data bytes.
public enum IDX {
    /// Magic of a rank-3 unsigned-byte array (MNIST images).
    public static let imagesMagic: UInt32 = 0x0000_0803
    /// Magic of a rank-1 unsigned-byte array (MNIST labels).
    public static let labelsMagic: UInt32 = 0x0000_0801

    /// Reads and validates an IDX file, raw or gzip-compressed (detected by its magic bytes,
    /// not by its name). `expectedMagic` is `imagesMagic`, `labelsMagic` or another
    /// `0x000008RR`; `itemName` ("images", "labels") words the error messages.
    public static func read(file path: String, expectedMagic: UInt32, itemName: String = "items") throws -> IDXArray {
        try readFile(path, expectedMagic: expectedMagic, itemName: itemName, checksum: false).array
    }

    /// Parses IDX bytes held in memory (raw or gzip-compressed). `file` names them in errors.
    public static func parse(_ bytes: [UInt8], file: String, expectedMagic: UInt32, itemName: String = "items") throws -> IDXArray {
        try bytes.withUnsafeBytes { raw in
            if Gzip.isGzip(raw) {
                let inflater = try Inflater(input: raw, format: .gzip, file: file)
                return try preferringGzipErrors(inflater) {
                    try readArray(from: inflater, file: file, expectedMagic: expectedMagic, itemName: itemName, sink: nil)
                }
            }
            let source = MemorySource(raw)
            return try readArray(from: source, file: file, expectedMagic: expectedMagic, itemName: itemName, sink: nil)
        }
    }

    /// The bytes of an IDX file (uncompressed) for the given unsigned-byte array.
    public static func encode(dimensions: [Int], data: [UInt8]) -> [UInt8] {
        precondition(!dimensions.isEmpty && dimensions.count < 256, "IDX.encode: rank must be 1...255")
        precondition(dimensions.reduce(1, *) == data.count, "IDX.encode: data count does not match dimensions")
        var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions {
            let v = UInt32(d)
            out += [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
        }
        out += data
        return out
    }

    /// Checks that every byte is a label in `range`; otherwise names the first offender.
    public static func validateLabels(_ labels: [UInt8], file: String, range: ClosedRange<UInt8> = 0...9) throws {
        var bad = 0
        var first = -1
        labels.withUnsafeBufferPointer { p in
            for i in 0..<p.count where !range.contains(p[i]) {
                if first < 0 { first = i }
                bad += 1
            }
        }
        if bad > 0 {
            throw DatasetError(
                .labelOutOfRange, file: file,
                "expected labels \(range.lowerBound)...\(range.upperBound) but label \(first) is \(labels[first])"
                    + (bad > 1 ? " (\(bad) labels out of range)" : ""))
        }
    }

    // MARK: - Reading with an optional checksum

    /// Reads a file, raw or gzip, optionally computing the SHA-256 of its *decompressed* bytes
    /// (header + data) while reading. Large payloads are hashed on a second thread that follows
    /// the decompressor chunk by chunk, so inflating and hashing overlap.
    static func readFile(
        _ path: String, expectedMagic: UInt32, itemName: String, checksum: Bool, maximumItems: Int = .max
    ) throws -> (array: IDXArray, sha256: String?) {
        let fd = try DatasetError.fromFileIO { () throws(FileError) in try FileIO.openForReading(path) }
        defer { close(fd) }
        var magic: (UInt8, UInt8) = (0, 0)
        let got = try withUnsafeMutableBytes(of: &magic) { raw in
            try DatasetError.fromFileIO { () throws(FileError) in try FileIO.readFully(fd, into: raw, path: path) }
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw DatasetError(.unreadable, file: path, "cannot seek: \(FileIO.errnoText(errno))")
        }
        let hasher = checksum ? ChecksumSink() : nil
        let array: IDXArray
        if got == 2 && magic.0 == 0x1f && magic.1 == 0x8b {
            let compressed = try DatasetError.fromFileIO { () throws(FileError) in
                try FileIO.readAll(path, limit: maximumCompressedSize, what: "a gzip file")
            }
            array = try compressed.withUnsafeBytes { raw in
                let inflater = try Inflater(input: raw, format: .gzip, file: path)
                return try preferringGzipErrors(inflater) {
                    try readArray(
                        from: inflater, file: path, expectedMagic: expectedMagic, itemName: itemName, sink: hasher,
                        maximumItems: maximumItems
                    ) { dims, total in
                        try checkGzipSize(raw, file: path, dims: dims, headerBytes: 4 + 4 * dims.count, dataBytes: total)
                    }
                }
            }
        } else {
            let source = FileSource(fd: fd, path: path)
            array = try readArray(
                from: source, file: path, expectedMagic: expectedMagic, itemName: itemName, sink: hasher,
                maximumItems: maximumItems)
        }
        return (array, hasher?.finish())
    }

    /// The largest gzip file read (its data may inflate to the 4 GiB an IDX file may hold).
    static let maximumCompressedSize = 1 << 32

    /// Decompressed bytes inflated, at most, to find out whether a gzip stream is damaged after
    /// its content looked wrong (more than canonical MNIST's largest file, 47 MB); past it the
    /// content's own error is reported.
    static let integrityBudget = 64 << 20

    /// The header's size against what the gzip data can hold, before it is inflated: deflate
    /// expands at most 1032 times, and a single-member file's trailer (ISIZE) holds its size
    /// modulo 2^32. Only for large data (more than `integrityBudget`): smaller data is cheaper
    /// to inflate, and inflating names the problem more precisely.
    static func checkGzipSize(
        _ compressed: UnsafeRawBufferPointer, file: String, dims: [Int], headerBytes: Int, dataBytes: Int
    ) throws {
        let needed = headerBytes + dataBytes
        guard needed > integrityBudget, compressed.count >= 18 else { return }
        let (most, overflow) = compressed.count.multipliedReportingOverflow(by: 1032)
        if !overflow && most < needed {
            throw DatasetError(
                .truncated, file: file,
                "header says \(shape(dims)), \(needed) bytes with the header, but \(compressed.count) compressed bytes "
                    + "inflate to at most \(most); the file is truncated or its header is wrong")
        }
        let n = compressed.count
        let isize = Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8 | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
        // Zero padding after the last member hides the trailer; a second member's magic means the
        // trailer is only the last member's size.
        guard isize != 0, isize != needed & 0xFFFF_FFFF, !containsMemberMagic(compressed) else { return }
        throw DatasetError(
            .truncated, file: file,
            "header says \(shape(dims)), \(needed) bytes with the header, but the gzip trailer says the data inflates "
                + "to \(isize) bytes (modulo 2^32); the file is truncated or its header is wrong")
    }

    /// True when gzip member magic (1f 8b 08) appears after the first member's header.
    static func containsMemberMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count > 13 else { return false }
        for i in 10..<(bytes.count - 2) where bytes[i] == 0x1f && bytes[i + 1] == 0x8b && bytes[i + 2] == 0x08 {
            return true
        }
        return false
    }

    /// The dimensions in an IDX file's header, read without reading its data (for gzip, from
    /// the first 64 KiB of compressed bytes). Header errors are thrown as reading the whole file
    /// would throw them; nil when the header cannot be read this way (a damaged gzip stream),
    /// which reading the whole file then reports.
    static func readDimensions(_ path: String, expectedMagic: UInt32, itemName: String, maximumItems: Int = .max) throws -> [Int]? {
        let fd = try DatasetError.fromFileIO { () throws(FileError) in try FileIO.openForReading(path) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let got = try head.withUnsafeMutableBytes { raw in
            try DatasetError.fromFileIO { () throws(FileError) in try FileIO.readFully(fd, into: raw, path: path) }
        }
        head.removeSubrange(got...)
        let found = HeaderFound()
        do {
            try head.withUnsafeBytes { raw in
                let source: any ByteSource =
                    Gzip.isGzip(raw) ? try Inflater(input: raw, format: .gzip, file: path) : MemorySource(raw)
                _ = try readArray(
                    from: source, file: path, expectedMagic: expectedMagic, itemName: itemName, sink: nil,
                    maximumItems: maximumItems
                ) { dims, _ in
                    found.dimensions = dims
                    throw HeaderFound.Stop()
                }
            }
        } catch is HeaderFound.Stop {
            return found.dimensions
        } catch let error as DatasetError {
            let fromGzip = error.kind == .corruptGzip || error.detail.hasPrefix("gzip") || error.kind == .truncated
            if Gzip.isGzip(head) && fromGzip { return nil }
            throw error
        }
        return nil
    }

    private final class HeaderFound {
        struct Stop: Error {}
        var dimensions: [Int]?
    }

    /// The damage in a gzip file, if inflating it (up to `integrityBudget` bytes) finds any.
    static func gzipDamage(_ path: String) -> DatasetError? {
        guard let compressed = try? FileIO.readAll(path, limit: maximumCompressedSize), Gzip.isGzip(compressed) else {
            return nil
        }
        return compressed.withUnsafeBytes { raw in
            guard let inflater = try? Inflater(input: raw, format: .gzip, file: path) else { return nil }
            return inflater.integrityError(budget: integrityBudget)
        }
    }

    /// Runs `body`; if it fails on the content (header, size, ...) while the gzip stream itself
    /// is damaged, reports the damage instead.
    static func preferringGzipErrors<T>(_ inflater: Inflater, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as DatasetError {
            let fromGzip = e.kind == .corruptGzip || (e.kind == .truncated && e.detail.hasPrefix("gzip")) || e.kind == .trailingData && e.detail.hasPrefix("expected end of file")
            if !fromGzip, let damage = inflater.integrityError(budget: integrityBudget) { throw damage }
            throw e
        }
    }

    static func typeName(_ code: UInt8) -> String {
        switch code {
        case 0x08: return "unsigned byte"
        case 0x09: return "signed byte"
        case 0x0B: return "short"
        case 0x0C: return "int"
        case 0x0D: return "float"
        case 0x0E: return "double"
        default: return "unknown"
        }
    }

    static func hex32(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    static let chunkSize = 1 << 20

    /// Reads the header, then (after `beforeData` has seen the dimensions and the data's size)
    /// the data. More than `maximumItems` items (the first dimension) is an error found in the
    /// header.
    static func readArray(
        from source: some ByteSource, file: String, expectedMagic: UInt32, itemName: String, sink: ChecksumSink?,
        maximumItems: Int = .max, beforeData: ((_ dims: [Int], _ total: Int) throws -> Void)? = nil
    ) throws -> IDXArray {
        let expectedRank = Int(expectedMagic & 0xff)
        precondition(expectedMagic >> 8 == 0x08 && expectedRank >= 1, "IDX: expected magic must be 0x000008RR")
        let expectedHeader = 4 + 4 * expectedRank

        // Magic: 00 00 08 RR.
        var head = [UInt8](repeating: 0, count: 4)
        let n = try head.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 {
            throw DatasetError(.emptyFile, file: file, "file is empty; expected an IDX header of \(expectedHeader) bytes")
        }
        if n < 4 {
            throw DatasetError(
                .truncated, file: file,
                "header truncated: expected \(expectedHeader) header bytes but file holds \(n)")
        }
        let magic = UInt32(head[0]) << 24 | UInt32(head[1]) << 16 | UInt32(head[2]) << 8 | UInt32(head[3])
        if head[0] != 0 || head[1] != 0 {
            throw DatasetError(
                .badMagic, file: file,
                "not an IDX file: expected magic \(hex32(expectedMagic)) but found \(hex32(magic))")
        }
        if head[2] != 0x08 {
            throw DatasetError(
                .badType, file: file,
                "expected data type 0x08 (unsigned byte) but found 0x\(IDX.hex2(head[2])) (\(typeName(head[2])))")
        }
        let rank = Int(head[3])
        if rank != expectedRank {
            let what = rank == 3 ? " (an image file?)" : rank == 1 ? " (a label file?)" : ""
            throw DatasetError(
                .badMagic, file: file,
                "expected magic \(hex32(expectedMagic)) (rank \(expectedRank)) but found \(hex32(magic)) (rank \(rank))\(what)")
        }

        // Dimensions: big-endian UInt32 each.
        var dimBytes = [UInt8](repeating: 0, count: 4 * rank)
        let m = try dimBytes.withUnsafeMutableBytes { try source.read(into: $0) }
        if m < dimBytes.count {
            throw DatasetError(
                .truncated, file: file,
                "header truncated: expected \(expectedHeader) header bytes but file holds \(4 + m)")
        }
        var dims = [Int]()
        for i in 0..<rank {
            let d = Int(dimBytes[4 * i]) << 24 | Int(dimBytes[4 * i + 1]) << 16 | Int(dimBytes[4 * i + 2]) << 8 | Int(dimBytes[4 * i + 3])
            dims.append(d)
        }
        if let zero = dims.firstIndex(of: 0) {
            throw DatasetError(
                .badDimensions, file: file,
                "expected nonzero dimensions but header says \(shape(dims)) (dimension \(zero) is 0)")
        }
        if rank >= 2 && dims[1...].contains(where: { $0 > 4096 }) {
            throw DatasetError(
                .badDimensions, file: file,
                "expected each item to be at most 4096 per side but header says \(shape(dims))")
        }
        var total = 1
        var overflow = false
        for d in dims {
            let (p, o) = total.multipliedReportingOverflow(by: d)
            overflow = overflow || o
            total = p
        }
        if overflow || total > (1 << 32) {
            throw DatasetError(
                .badDimensions, file: file,
                "header says \(shape(dims)), \(overflow ? "more than 2^63" : String(total)) data bytes; expected at most 4 GiB")
        }

        if dims[0] > maximumItems {
            throw DatasetError(
                .badDimensions, file: file,
                "header says \(dims[0]) \(itemName); expected at most \(maximumItems)")
        }
        try beforeData?(dims, total)

        sink?.update(head)
        sink?.update(dimBytes)

        /// `atLeast`: counting stopped at a bound, the file holds `found` or more.
        func sizeMismatch(found: Int, more: Bool, atLeast: Bool = false) -> DatasetError {
            let header = expectedHeader
            let detail: String
            let least = atLeast ? "at least " : ""
            if rank == 1 {
                detail = "header says \(dims[0]) \(itemName) but file holds \(least)\(found)"
                    + (more ? " (\(least)\(found - total) bytes more than the header accounts for)" : "")
            } else {
                let item = dims[1...].map(String.init).joined(separator: "x")
                detail = "header says \(dims[0]) \(itemName) of \(item) (\(header + total) bytes with the header) "
                    + "but file holds \(least)\(header + found) bytes"
                    + (more ? "" : " (\(found / (total / dims[0])) whole \(itemName))")
            }
            return DatasetError(more ? .trailingData : .truncated, file: file, detail)
        }

        // Data: straight into the final array, chunk by chunk (the checksum follows each chunk).
        let data = try [UInt8](unsafeUninitializedCapacity: total) { buf, count in
            let all = UnsafeMutableRawBufferPointer(buf)
            var filled = 0
            defer { sink?.drain() }
            while filled < total {
                let want = min(chunkSize, total - filled)
                let chunk = UnsafeMutableRawBufferPointer(rebasing: all[filled..<(filled + want)])
                let got = try source.read(into: chunk)
                if got > 0 { sink?.update(UnsafeRawBufferPointer(rebasing: chunk[0..<got]), large: total) }
                filled += got
                if got < want {
                    throw sizeMismatch(found: filled, more: false)
                }
            }
            count = total
        }
        // Anything after the data is an error: count it to say how much, up to a bound (a
        // stream can hold gigabytes more).
        var extra = 0
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        while extra < integrityBudget {
            let k = try scratch.withUnsafeMutableBytes { try source.read(into: $0) }
            extra += k
            if k < scratch.count { break }
        }
        if extra > 0 {
            throw sizeMismatch(found: total + extra, more: true, atLeast: extra >= integrityBudget)
        }
        return IDXArray(dimensions: dims, data: data)
    }

    /// Two uppercase hex digits.
    static func hex2(_ byte: UInt8) -> String {
        let s = String(byte, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    static func shape(_ dims: [Int]) -> String {
        dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
    }
}

// MARK: - Byte sources

/// Something that fills a buffer: returns the bytes written; fewer than asked means the end.
protocol ByteSource: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension Inflater: ByteSource {}

final class FileSource: ByteSource {
    let fd: Int32
    let path: String
    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try DatasetError.fromFileIO { () throws(FileError) in try FileIO.readFully(fd, into: buffer, path: path) }
    }
}

final class MemorySource: ByteSource {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        if n > 0 {
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            offset += n
        }
        return n
    }
}

// MARK: - Checksum while reading

/// Computes SHA-256 over the bytes it is given. Small inputs are hashed on the calling thread;
/// chunks of a large payload go to a serial queue, so hashing runs on another core while the
/// caller keeps decompressing into the same buffer. `drain()` must be called before the buffer
/// that the chunks point into goes away (the reader does it in a `defer`).
final class ChecksumSink: @unchecked Sendable {
    /// Payloads at least this large are hashed on the queue.
    static let pipelineThreshold = 4 << 20

    private var sha = SHA256()
    private let queue = DispatchQueue(label: "backprop-explorer.sha256")
    private var queued = false

    struct Chunk: @unchecked Sendable { let bytes: UnsafeRawBufferPointer }

    func update(_ bytes: [UInt8]) {
        precondition(!queued, "ChecksumSink: header bytes after queued chunks")
        sha.update(bytes)
    }

    func update(_ bytes: UnsafeRawBufferPointer, large total: Int) {
        if total >= ChecksumSink.pipelineThreshold {
            queued = true
            let chunk = Chunk(bytes: bytes)
            queue.async { self.sha.update(chunk.bytes) }
        } else {
            sha.update(bytes)
        }
    }

    /// Waits until every queued chunk has been hashed.
    func drain() {
        if queued { queue.sync {} }
    }

    func finish() -> String {
        drain()
        return queue.sync { SHA256.hexString(sha.finalize()) }
    }
}
