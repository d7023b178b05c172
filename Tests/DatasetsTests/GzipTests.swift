import Testing

@testable import Datasets

@Suite struct GzipTests {
    @Test(arguments: [0, 1, 100, 70_000, 300_000])
    func roundTrip(size: Int) throws {
        let data = (0..<size).map { UInt8(truncatingIfNeeded: ($0 * 7) ^ ($0 >> 5)) }
        let gz = Gzip.compress(data)
        #expect(Gzip.isGzip(gz))
        #expect(try Gzip.decompress(gz, file: "x.gz") == data)
    }

    @Test func rawPassesThrough() throws {
        let raw: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 1, 7]
        #expect(try Gzip.decompress(raw, file: "raw") == raw)
        #expect(!Gzip.isGzip(raw))
    }

    /// `cat a.gz b.gz` is one valid gzip file holding a followed by b; the ISIZE hint is then
    /// only b's size, so the output buffer must grow.
    @Test func multiMember() throws {
        let a = [UInt8](repeating: 1, count: 100_000), b: [UInt8] = [2, 3, 4]
        let both = Gzip.compress(a) + Gzip.compress(b)
        #expect(try Gzip.decompress(both, file: "ab.gz") == a + b)
        // Zero padding after the last member is tolerated, as gzip does.
        #expect(try Gzip.decompress(Gzip.compress(b) + [0, 0, 0, 0], file: "pad.gz") == b)
    }

    @Test func trailingGarbage() {
        let e = datasetError { _ = try Gzip.decompress(Gzip.compress([1, 2, 3]) + [9, 9], file: "g.gz") }
        #expect(e?.kind == .trailingData)
        #expect(e?.description.hasPrefix("g.gz: expected end of file or another gzip member") == true)
    }

    @Test func truncatedStream() {
        let gz = Gzip.compress(Fixture.images(count: 2))
        let e = datasetError { _ = try Gzip.decompress(Array(gz[0..<(gz.count / 2)]), file: "t.gz") }
        #expect(e?.kind == .truncated)
        #expect(e?.description.hasPrefix("t.gz: gzip data is truncated: all \(gz.count / 2) compressed bytes read") == true)
    }

    @Test func badCRC() {
        var gz = Gzip.compress(Fixture.images(count: 1))
        gz[gz.count - 8] ^= 0xFF  // first CRC-32 byte of the trailer
        let e = datasetError { _ = try Gzip.decompress(gz, file: "c.gz") }
        #expect(e?.kind == .corruptGzip)
        #expect(e?.description.contains("CRC-32 in the trailer does not match") == true)
    }

    @Test func badLength() {
        var gz = Gzip.compress(Fixture.images(count: 1))
        gz[gz.count - 1] ^= 0x01  // ISIZE
        let e = datasetError { _ = try Gzip.decompress(gz, file: "l.gz") }
        #expect(e?.kind == .corruptGzip)
        #expect(e?.description.contains("incorrect length check") == true)
    }

    /// A small input that inflates to much more than allowed fails before allocating it all.
    @Test func outputLimit() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 2_000_000))
        #expect(bomb.count < 5000)
        let e = datasetError { _ = try Gzip.decompress(bomb, file: "bomb.gz", limit: 100_000) }
        #expect(e?.kind == .corruptGzip)
        #expect(e?.description == "bomb.gz: expected at most 100000 bytes after decompressing but the data holds more")
        #expect(try Gzip.decompress(bomb, file: "bomb.gz", limit: 2_000_000).count == 2_000_000)
    }

    @Test func zlibAndCRC32() throws {
        let data = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(Zlib.crc32(data) == 0x414F_A339)
        #expect(Zlib.crc32(Array(data[10...]), continuing: Zlib.crc32(Array(data[0..<10]))) == 0x414F_A339)
        let z = Zlib.deflate(data)
        #expect(z[0] == 0x78)  // zlib header, 32K window
        let back = try z.withUnsafeBytes { try Zlib.inflate($0, expectedSize: 1, file: "z") }
        #expect(back == data)
    }
}
