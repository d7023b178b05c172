import Testing

@testable import Datasets

/// Every kind of damage, on raw and gzipped files written to a temporary directory.
@Suite struct IDXTests {
    /// Writes `bytes` as `name` (raw) or `name.gz` (gzipped) and returns the path.
    func put(_ dir: TempDir, _ name: String, _ bytes: [UInt8], gzip: Bool) -> String {
        gzip ? dir.write(name + ".gz", Gzip.compress(bytes)) : dir.write(name, bytes)
    }

    func readImages(_ path: String) throws -> IDXArray {
        try IDX.read(file: path, expectedMagic: IDX.imagesMagic, itemName: "images")
    }

    func readLabels(_ path: String) throws -> IDXArray {
        try IDX.read(file: path, expectedMagic: IDX.labelsMagic, itemName: "labels")
    }

    @Test(arguments: [false, true])
    func validFiles(gzip: Bool) throws {
        let dir = TempDir()
        let imgs = try readImages(put(dir, "img", Fixture.imagesFile(count: 3), gzip: gzip))
        #expect(imgs.dimensions == [3, 28, 28])
        #expect(imgs.data == Fixture.images(count: 3))
        let lbls = try readLabels(put(dir, "lbl", Fixture.labelsFile(count: 12), gzip: gzip))
        #expect(lbls.dimensions == [12])
        #expect(lbls.data == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        // In memory too.
        let bytes = gzip ? Gzip.compress(Fixture.labelsFile(count: 2)) : Fixture.labelsFile(count: 2)
        #expect(try IDX.parse(bytes, file: "m", expectedMagic: IDX.labelsMagic).data == [0, 1])
    }

    @Test(arguments: [false, true])
    func truncatedLabels(gzip: Bool) {
        let dir = TempDir()
        let bytes = Array(Fixture.labelsFile(count: 60)[0..<(8 + 57)])
        let path = put(dir, "train-labels-idx1-ubyte", bytes, gzip: gzip)
        let e = datasetError { _ = try readLabels(path) }
        #expect(e?.kind == .truncated)
        #expect(e?.description == "\(path): header says 60 labels but file holds 57")
    }

    @Test(arguments: [false, true])
    func truncatedImages(gzip: Bool) {
        let dir = TempDir()
        let full = Fixture.imagesFile(count: 3)  // 16 + 2352 bytes
        let path = put(dir, "img", Array(full[0..<(full.count - 100)]), gzip: gzip)
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .truncated)
        #expect(e?.description == "\(path): header says 3 images of 28x28 (2368 bytes with the header) but file holds 2268 bytes (2 whole images)")
    }

    @Test(arguments: [false, true])
    func extraBytes(gzip: Bool) {
        let dir = TempDir()
        let path = put(dir, "lbl", Fixture.labelsFile(count: 5) + [1, 2], gzip: gzip)
        let e = datasetError { _ = try readLabels(path) }
        #expect(e?.kind == .trailingData)
        #expect(e?.description == "\(path): header says 5 labels but file holds 7 (2 bytes more than the header accounts for)")
    }

    @Test(arguments: [false, true])
    func truncatedHeader(gzip: Bool) {
        let dir = TempDir()
        let path = put(dir, "img", Array(Fixture.imagesFile(count: 3)[0..<10]), gzip: gzip)
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .truncated)
        #expect(e?.description == "\(path): header truncated: expected 16 header bytes but file holds 10")
        let short = put(dir, "tiny", [0, 0], gzip: gzip)
        let e2 = datasetError { _ = try readImages(short) }
        #expect(e2?.description == "\(short): header truncated: expected 16 header bytes but file holds 2")
    }

    @Test(arguments: [false, true])
    func labelFileWhereImagesExpected(gzip: Bool) {
        let dir = TempDir()
        let path = put(dir, "train-images-idx3-ubyte", Fixture.labelsFile(count: 4), gzip: gzip)
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .badMagic)
        #expect(e?.description == "\(path): expected magic 0x00000803 (rank 3) but found 0x00000801 (rank 1) (a label file?)")
    }

    @Test(arguments: [false, true])
    func notIDX(gzip: Bool) {
        let dir = TempDir()
        let path = put(dir, "img", Array("PK\u{3}\u{4}hello, world".utf8), gzip: gzip)
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .badMagic)
        #expect(e?.description == "\(path): not an IDX file: expected magic 0x00000803 but found 0x504b0304")
    }

    @Test(arguments: [false, true])
    func wrongTypeByte(gzip: Bool) {
        let dir = TempDir()
        var bytes = Fixture.imagesFile(count: 1)
        bytes[2] = 0x0D
        let path = put(dir, "img", bytes, gzip: gzip)
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .badType)
        #expect(e?.description == "\(path): expected data type 0x08 (unsigned byte) but found 0x0D (float)")
    }

    @Test(arguments: [false, true])
    func zeroDimension(gzip: Bool) {
        let dir = TempDir()
        let path = put(dir, "img", [0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 28], gzip: gzip)
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .badDimensions)
        #expect(e?.description == "\(path): expected nonzero dimensions but header says (5, 0, 28) (dimension 1 is 0)")
    }

    /// A header claiming a huge array must fail on the size check, not allocate 4 GiB.
    @Test func absurdDimensions() {
        let dir = TempDir()
        let path = dir.write("img", [0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x20, 0, 0, 0, 0x10, 0])
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .badDimensions)
        #expect(e?.description == "\(path): expected each item to be at most 4096 per side but header says (4294967295, 8192, 4096)")
        let path2 = dir.write("img2", [0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28, 0, 0, 0, 28])
        let e2 = datasetError { _ = try readImages(path2) }
        #expect(e2?.description == "\(path2): header says (4294967295, 28, 28), 3367254359280 data bytes; expected at most 4 GiB")
    }

    @Test(arguments: [false, true])
    func emptyFile(gzip: Bool) {
        let dir = TempDir()
        // An empty .gz is not gzip at all (no magic): it reads as an empty raw file.
        let path = gzip ? dir.write("img.gz", []) : dir.write("img", [])
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .emptyFile)
        #expect(e?.description == "\(path): file is empty; expected an IDX header of 16 bytes")
    }

    @Test func missingFile() {
        let dir = TempDir()
        let path = dir.file("nope-idx3-ubyte.gz")
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .fileNotFound)
        #expect(e?.description == "\(path): file not found")
        let e2 = datasetError { _ = try readImages(dir.path) }
        #expect(e2?.description == "\(dir.path): expected a file but found a directory")
    }

    @Test func labelsOutOfRange() {
        let e = datasetError { try IDX.validateLabels([1, 2, 10, 3, 255], file: "l") }
        #expect(e?.kind == .labelOutOfRange)
        #expect(e?.description == "l: expected labels 0...9 but label 2 is 10 (2 labels out of range)")
        #expect(throws: Never.self) { try IDX.validateLabels([0, 9, 5], file: "l") }
    }

    /// Bytes flipped in the middle of the deflate stream: zlib finds an invalid code or the CRC
    /// fails; either way a corrupt-gzip error naming the file.
    @Test(arguments: [0.3, 0.5, 0.8])
    func flippedDeflateBytes(at fraction: Double) {
        let dir = TempDir()
        var gz = Gzip.compress(Fixture.imagesFile(count: 2))
        let i = 10 + Int(Double(gz.count - 18) * fraction)
        for k in i..<(i + 4) { gz[k] ^= 0x5A }
        let path = dir.write("train-images-idx3-ubyte.gz", gz)
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .corruptGzip)
        #expect(e?.description.hasPrefix("\(path): corrupt gzip data") == true)
    }

    /// A flipped byte inside the header of a stored (uncompressed) deflate block changes the
    /// count; the CRC then shows that the gzip data is damaged, which is what gets reported.
    @Test func damageInHeaderReportsGzipDamage() {
        let dir = TempDir()
        var gz = Gzip.compress(Fixture.labelsFile(count: 50), level: 0)
        // 10-byte gzip header, 5-byte stored-block header, then the IDX bytes; byte 7 = count low byte.
        #expect(gz[15 + 7] == 50)
        gz[15 + 7] = 60
        let path = dir.write("l.gz", gz)
        let e = datasetError { _ = try readLabels(path) }
        #expect(e?.description == "\(path): corrupt gzip data: CRC-32 in the trailer does not match the decompressed data (zlib: incorrect data check)")
    }

    @Test func flippedCRC() {
        let dir = TempDir()
        var gz = Gzip.compress(Fixture.labelsFile(count: 50))
        gz[gz.count - 6] ^= 0x01
        let path = dir.write("train-labels-idx1-ubyte.gz", gz)
        let e = datasetError { _ = try readLabels(path) }
        #expect(e?.kind == .corruptGzip)
        #expect(e?.description == "\(path): corrupt gzip data: CRC-32 in the trailer does not match the decompressed data (zlib: incorrect data check)")
    }

    @Test func truncatedGzip() {
        let dir = TempDir()
        let gz = Gzip.compress(Fixture.imagesFile(count: 3))
        let path = dir.write("img.gz", Array(gz[0..<(gz.count - 20)]))
        let e = datasetError { _ = try readImages(path) }
        #expect(e?.kind == .truncated)
        #expect(e?.description.hasPrefix("\(path): gzip data is truncated: all \(gz.count - 20) compressed bytes read") == true)
    }

    /// The checksum computed while reading equals the checksum of the decompressed bytes,
    /// for small payloads (hashed inline) and large ones (hashed on the pipeline queue).
    @Test(arguments: [(3, false), (3, true), (6000, true)])
    func checksumWhileReading(count: Int, gzip: Bool) throws {
        let dir = TempDir()
        let bytes = Fixture.imagesFile(count: count)
        let path = put(dir, "img", bytes, gzip: gzip)
        let (array, sum) = try IDX.readFile(path, expectedMagic: IDX.imagesMagic, itemName: "images", checksum: true)
        #expect(array.dimensions == [count, 28, 28])
        #expect(sum == SHA256.hex(bytes))
    }
}
