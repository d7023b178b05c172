import Foundation
import Testing

@testable import Datasets

@Suite struct PNGTests {
    /// A 28x28 test pattern with every byte value and varied neighbours.
    static func pattern(channels: Int, width: Int = 28, height: Int = 28) -> [UInt8] {
        var out = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    out.append(UInt8(truncatingIfNeeded: x * 37 + y * 11 + c * 91 + (x * y) % 7))
                }
            }
        }
        return out
    }

    @Test(arguments: PNG.Filter.allCases.map(Optional.some) + [nil], [1, 2, 3, 4])
    func roundTrip(filter: PNG.Filter?, channels: Int) throws {
        let samples = Self.pattern(channels: channels, width: 29, height: 17)
        let png = PNG.encode(samples: samples, width: 29, height: 17, channels: channels, filter: filter)
        let back = try PNG.decode(png, file: "rt.png")
        #expect(back.width == 29 && back.height == 17 && back.channels == channels)
        #expect(back.samples == samples)
    }

    @Test func grayFileRoundTrip() throws {
        let dir = TempDir()
        let image = GrayImage(width: 28, height: 28, pixels: Self.pattern(channels: 1))
        let path = dir.file("digit.png")
        try PNG.write(image, to: path)
        #expect(try ImageFile.readDigit(path) == image)
        #expect(dir.contents() == ["digit.png"])  // no temporary file left behind
        // Chunk layout: signature, IHDR (13 bytes: 28x28, depth 8, gray), IDAT, IEND.
        let bytes = try PNG.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
        #expect(bytes.channels == 1)
        let raw = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(raw[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(raw[8..<33]) == [0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 28, 0, 0, 0, 28, 8, 0, 0, 0, 0] + Array(raw[29..<33]))
        #expect(PNG.readUInt32(raw, 29) == Zlib.crc32(Array(raw[12..<29])))
        #expect(Array(raw[(raw.count - 12)...]) == [0, 0, 0, 0, 73, 69, 78, 68, 0xAE, 0x42, 0x60, 0x82])
    }

    // Written by another encoder (Pillow 13) from the pattern below: gray, gray+alpha, RGB, RGBA;
    // its rows use filters Sub, Up and Paeth.
    static let foreign: [String: String] = [
        "L": "iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAAAAABXZoBIAAAAF0lEQVR4nGNk4MQNmJjxgFHJUcmRJQkA3eUKB3VJPDIAAAAASUVORK5CYII=",
        "LA": "iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAQAAADYBBcfAAAAIUlEQVR4nGNkYOBkIQcyMbOQB0c1jmoc1TiqcVTjUNcIAD6SFkOp3x61AAAAAElFTkSuQmCC",
        "RGB": "iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAIAAAD9b0jDAAACI0lEQVR4nNWSL2jcYBiHb3sG4yoGJwYVg4lBRWGiUHHuXKAi7lxcXFzcuXNxcefi4uI+F3durq6urq6u7tQe2MT6lVzvTzsog8FPPHk/ePi9X753o9Gv8ejn2+YDI/n4xonST2+ZgfTzX6Y6eLQt/XI42dHTPwmPsCP9tp1kZ/KU6uDRPum5nMs0wjDFvmHzfHJAerGTbGdS7UzCI+yTTuVCpjHpgKdSbn+uItzKndw7Xh9pOpWZJDKLyQc8kyrCjbSRH2SzK00G0mSQbMCLCNeykuSxI0ES8UjTNDZNByki/JBKUrmVJg43jntJX7N+KnOZSx5hEaGO8CCdzAV5fqdZlGZRmkVpFlNKJjdSSSb30kgmSpBMJseb5rFpLpnkUkguC8kll1py2UgrueMT6SXfKy221y9i00IKKSNUUshKCkE6KeR0d/1h03L7TkvJpZRS7mQppdRSSiOlTCRIKWvfv/ZHPa1fykKWUkktK2mklU6C9P+X9KV3ei2p1JJJLYXUspA6SmtpHJ9JJ5f/umkTpTeSSCNzaWQjhTSykEYqaWJaaSTI1Yvrt3InqTxIJq0gpbSylFbOZOW4HTRtj0tvZSb3kkonSi6dTGQhnVTSSSdNhG7v+iFKg9zJTIJsZC5BTqSQIF9lKUEuZSVBwuBOw5Gm9/IgifSCZNLLqZTSSy+V9I57uZI2Dl94UmvZiJLKWiaSy1rW8l2WkVcR1hIe4TdVQPZKZfOQuwAAAABJRU5ErkJggg==",
        "RGBA": "iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAYAAAByDd+UAAACIUlEQVR4nOWVIYjcQBiF0/4/lJworChUFCoKJwoVhYq4dYETcXXjxsXFrTsXF7duXFzcuLi4unPrzp1bd25Vf2jFvGX/TjN7uRaWQsVj3kwmfLw3s9kXWfYjy7PvfCkxZcL06nI6AV9fRr8C3/yl2qf3/A58t0Bm4b6j/MnPAz/MqEysa7VP70kDP0KF8rHqM8/c/Pp54OeETGK9Taz7k08DC2wqlKpoXghTM7O2Vf5emB6EaS+cT0sSFsK0xhmulWw0XyPh0e+EqVfzR2E6pIBlBCwjmWi+Uf4OCctTMvKYy5KElUpYRaqV/4aEFWp06tlBOB+Df16llTB9hazyG+U75R+FaYAnYZo9Q6OARgGNAhqlBuMOCQ1qdPCCSo0wrZYmtCqhxcsWlVoktFCH8SDh0ljh/EqYxuDTwHqm0lolrKFG+RbjFiOh0lqY3qYqjRM2M2fYIEUDPQjTLXyH0WFcodImAF/+0aXRlTao9BYJOyR0qHQAcPxfgMt/h3cAdgB2AHYAdgrYBWB+DeCXfzKhU8AdgA5AJ+F3VsNvMLYYnQI6AG+eU2kv4epXEj5XBmuEhD0S9sJ0HRLmfZSwXwq8R6V7AAcJnysLv0LCAQkHyCk/nKvUK6BHsjX8AZV6YbpCpV6Y3iOhl3BBtvA+OkO/JOEeNZZ4iVDpKOFz1cCPSDjir+gGNY5KiyqdkExQ6YQaLfwkTJ+Q8DjfKj8hIfxPwf8Clde+/YgAAAAASUVORK5CYII=",
    ]

    static func foreignPixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
        ((x * 9 + y * 3) % 256, (x * y * 7) % 256, ((255 - x * 5 - y * 4) % 256 + 256) % 256, ((x + y) * 4) % 256)
    }

    @Test(arguments: ["L", "LA", "RGB", "RGBA"])
    func foreignPNG(mode: String) throws {
        let bytes = Array(try #require(Data(base64Encoded: Self.foreign[mode]!)))
        let image = try PNG.decodeGrayscale(bytes, file: "\(mode).png")
        #expect(image.width == 28 && image.height == 28)
        func over(_ v: Int, _ a: Int) -> Int { (v * a + 255 * (255 - a) + 127) / 255 }
        var mismatches = 0
        for y in 0..<28 {
            for x in 0..<28 {
                let p = Self.foreignPixel(x, y)
                let luma = (299 * p.r + 587 * p.g + 114 * p.b + 500) / 1000
                let expected: Int
                switch mode {
                case "L": expected = p.r
                case "LA": expected = over(p.r, p.a)
                case "RGB": expected = luma
                default: expected = over(luma, p.a)
                }
                if Int(image[x, y]) != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        let decoded = try PNG.decode(bytes, file: "x")
        #expect(decoded.channels == ["L": 1, "LA": 2, "RGB": 3, "RGBA": 4][mode])
    }

    /// Rewrites IHDR field `index` (0-based within its 13 data bytes) and fixes the CRC.
    static func patchIHDR(_ png: [UInt8], _ index: Int, _ value: UInt8) -> [UInt8] {
        var p = png
        p[16 + index] = value
        let crc = Zlib.crc32(Array(p[12..<29]))
        p[29] = UInt8(crc >> 24); p[30] = UInt8((crc >> 16) & 0xff); p[31] = UInt8((crc >> 8) & 0xff); p[32] = UInt8(crc & 0xff)
        return p
    }

    static let gray = PNG.encode(GrayImage(width: 28, height: 28, pixels: pattern(channels: 1)))

    @Test func errors() {
        let cases: [([UInt8], DatasetError.Kind, String)] = [
            (Self.patchIHDR(Self.gray, 12, 1), .unsupportedImage, "expected a non-interlaced PNG but found Adam7 interlacing; save it without interlacing"),
            (Self.patchIHDR(Self.gray, 8, 16), .unsupportedImage, "expected bit depth 8 but found 16"),
            (Self.patchIHDR(Self.gray, 9, 3), .unsupportedImage, "expected grayscale, gray+alpha, RGB or RGBA but found a palette (indexed-color) PNG; save it as grayscale or RGB"),
            (Self.patchIHDR(Self.gray, 9, 5), .corruptImage, "corrupt PNG: color type 5 does not exist"),
            (Array(Self.gray[0..<60]), .truncated, "truncated: chunk IDAT at byte 33 says \(PNG.readUInt32(Self.gray, 33)) data bytes but only 15 remain"),
            (Array(Self.gray[0..<40]), .truncated, "truncated: expected a 12-byte chunk frame at byte 33 but only 7 bytes remain"),
            (Array(Self.gray[0..<(Self.gray.count - 12)]), .truncated, "truncated: expected an IEND chunk but the file ends after \(Self.gray.count - 12) bytes"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0B], .corruptImage, "not a PNG: expected signature 89 50 4E 47 0D 0A 1A 0A but found 89 50 4E 47 0D 0A 1A 0B"),
            ([0x89, 0x50], .truncated, "expected the 8-byte PNG signature but file holds 2 bytes"),
        ]
        for (bytes, kind, detail) in cases {
            let e = datasetError { _ = try PNG.decode(bytes, file: "in.png") }
            #expect(e?.kind == kind)
            #expect(e?.description == "in.png: \(detail)")
        }
        var badCRC = Self.gray
        badCRC[20] ^= 1  // inside IHDR data
        let e = datasetError { _ = try PNG.decode(badCRC, file: "in.png") }
        #expect(e?.kind == .corruptImage)
        #expect(e?.description.hasPrefix("in.png: corrupt PNG: chunk IHDR at byte 8 has CRC 0x") == true)
        // Damaged deflate data with a valid chunk CRC: zlib's complaint, naming the file.
        var badData = Self.gray
        let idatLength = Int(PNG.readUInt32(badData, 33))
        for i in 43..<(41 + idatLength) { badData[i] ^= 0xA5 }
        let crc = Zlib.crc32(Array(badData[37..<(41 + idatLength)]))
        for k in 0..<4 { badData[41 + idatLength + k] = UInt8((crc >> (24 - 8 * UInt32(k))) & 0xff) }
        let e2 = datasetError { _ = try PNG.decode(badData, file: "in.png") }
        #expect(e2?.kind == .corruptGzip || e2?.kind == .truncated)
        #expect(e2?.description.hasPrefix("in.png: ") == true)
    }

    /// IDAT that inflates to more than the header's image size is rejected.
    @Test func oversizedImageData() {
        var png = PNG.signature
        var ihdr = [UInt8]()
        PNG.appendUInt32(&ihdr, 2)
        PNG.appendUInt32(&ihdr, 2)
        ihdr += [8, 0, 0, 0, 0]
        PNG.appendChunk(&png, "IHDR", ihdr)
        PNG.appendChunk(&png, "IDAT", Zlib.deflate([UInt8](repeating: 0, count: 100_000)))
        PNG.appendChunk(&png, "IEND", [])
        let e = datasetError { _ = try PNG.decode(png, file: "bomb.png") }
        #expect(e?.description == "bomb.png: expected at most 6 bytes after decompressing but the data holds more")
    }

    @Test func wrongSizeForDigit() throws {
        let dir = TempDir()
        let path = dir.file("big.png")
        try PNG.write(GrayImage(width: 30, height: 28, fill: 9), to: path)
        let e = datasetError { _ = try ImageFile.readDigit(path) }
        #expect(e?.kind == .wrongImageSize)
        #expect(e?.description == "\(path): expected a 28x28 image but found 30x28; resize it to 28x28 first")
    }

    @Test func unknownFormats() {
        let e = datasetError { _ = try ImageFile.decodeGrayscale(Array("GIF89a".utf8), file: "a.gif") }
        #expect(e?.description == "a.gif: expected a PNG or PGM (P2/P5) image but the file starts with bytes 47 49 46 38")
        let e2 = datasetError { _ = try ImageFile.decodeGrayscale(Array("P6\n1 1\n255\nabc".utf8), file: "a.ppm") }
        #expect(e2?.description == "a.ppm: expected a PGM (P2 or P5) but found a P6 Netpbm file; convert it to grayscale PGM or PNG")
        let e3 = datasetError { _ = try ImageFile.decodeGrayscale([], file: "e.png") }
        #expect(e3?.kind == .emptyFile)
        let e4 = datasetError { _ = try ImageFile.readGrayscale("/nonexistent/x.png") }
        #expect(e4?.description == "/nonexistent/x.png: file not found")
    }
}

@Suite struct PGMTests {
    @Test func p2WithComments() throws {
        let text = "P2\n# a comment\n3 2\n# another\n15\n0 5 15\n 10 1 #trailing\n 7\n"
        let image = try ImageFile.decodeGrayscale(Array(text.utf8), file: "a.pgm")
        #expect(image.width == 3 && image.height == 2)
        // Scaled from maxval 15 to 255: v * 17.
        #expect(image.pixels == [0, 85, 255, 170, 17, 119])
    }

    @Test func p5() throws {
        let image = GrayImage(width: 28, height: 28, pixels: PNGTests.pattern(channels: 1))
        #expect(try PGM.decode(PGM.encode(image), file: "a.pgm") == image)
        #expect(try PGM.decode(PGM.encodeASCII(image), file: "a.pgm") == image)
        let header = Array("P5 2 2 255\n".utf8)
        #expect(try PGM.decode(header + [1, 2, 3, 4], file: "b.pgm").pixels == [1, 2, 3, 4])
    }

    @Test func errors() {
        let cases: [(String, [UInt8], DatasetError.Kind, String)] = [
            ("16bit", Array("P5 2 2 65535\n".utf8) + [UInt8](repeating: 0, count: 8), .unsupportedImage, "expected maxval 1...255 (8-bit samples) but found 65535"),
            ("short", Array("P5 2 2 255\n".utf8) + [1, 2, 3], .truncated, "truncated PGM: header says 2x2 (4 samples) but file holds 3"),
            ("shortP2", Array("P2 2 2 255\n1 2 3".utf8), .truncated, "truncated PGM: header says 2x2 (4 samples) but file holds 3"),
            ("over", Array("P2 2 1 15\n1 16".utf8), .corruptImage, "corrupt PGM: sample 1 is 16 but maxval is 15"),
            ("header", Array("P5 2".utf8), .truncated, "truncated PGM: expected the height but the file ends"),
            ("garbage", Array("P2 x 2 255".utf8), .corruptImage, "corrupt PGM: expected the width (a number) at byte 3 but found 'x'"),
            ("zero", Array("P5 0 2 255\n".utf8), .badDimensions, "expected width and height 1...16384 but found 0x2"),
        ]
        for (name, bytes, kind, detail) in cases {
            let e = datasetError { _ = try PGM.decode(bytes, file: name) }
            #expect(e?.kind == kind, "\(name)")
            #expect(e?.description == "\(name): \(detail)")
        }
    }
}
