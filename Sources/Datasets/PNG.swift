import Support

/// PNG writing (8-bit grayscale or RGB) and reading (8-bit gray, gray+alpha, RGB, RGBA,
/// non-interlaced, all five filter types).
public enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Row filters of the writer. `.adaptive` picks, per row, the filter with the smallest sum
    /// of absolute differences (the usual heuristic).
    public enum Filter: UInt8, Sendable, CaseIterable {
        case none = 0, sub = 1, up = 2, average = 3, paeth = 4
    }

    /// A decoded PNG: 8-bit samples, `channels` per pixel (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA).
    public struct Decoded: Sendable, Equatable {
        public let width: Int
        public let height: Int
        public let channels: Int
        public let samples: [UInt8]
    }

    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && Array(bytes[0..<8]) == signature
    }

    // MARK: Writing

    /// Encodes an 8-bit grayscale image.
    public static func encode(_ image: GrayImage, filter: Filter? = nil) -> [UInt8] {
        encode(samples: image.pixels, width: image.width, height: image.height, channels: 1, filter: filter)
    }

    /// Encodes 8-bit RGB (3 bytes per pixel, row-major).
    public static func encodeRGB(_ rgb: [UInt8], width: Int, height: Int, filter: Filter? = nil) -> [UInt8] {
        encode(samples: rgb, width: width, height: height, channels: 3, filter: filter)
    }

    /// Writes an 8-bit grayscale PNG atomically.
    public static func write(_ image: GrayImage, to path: String) throws {
        try DatasetError.fromFileIO { () throws(FileError) in try FileIO.writeAtomically(encode(image), to: path) }
    }

    /// Encodes 8-bit samples with 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels.
    /// `filter` forces one filter type for every row; `nil` chooses per row.
    public static func encode(samples: [UInt8], width: Int, height: Int, channels: Int, filter: Filter? = nil) -> [UInt8] {
        precondition(width > 0 && height > 0, "PNG.encode: empty image")
        precondition((1...4).contains(channels), "PNG.encode: channels must be 1...4")
        precondition(samples.count == width * height * channels, "PNG.encode: samples.count must be width*height*channels")
        let colorType: UInt8 = [0, 4, 2, 6][channels - 1]
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var candidate = [UInt8](repeating: 0, count: stride)
        let zeros = [UInt8](repeating: 0, count: stride)
        for y in 0..<height {
            let row = samples[(y * stride)..<((y + 1) * stride)]
            let prior = y == 0 ? zeros[...] : samples[((y - 1) * stride)..<(y * stride)]
            var best = filter ?? .none
            if filter == nil {
                var bestScore = Int.max
                for f in Filter.allCases {
                    applyFilter(f, row: row, prior: prior, bpp: channels, into: &candidate)
                    var score = 0
                    for v in candidate { score += v < 128 ? Int(v) : 256 - Int(v) }
                    if score < bestScore {
                        bestScore = score
                        best = f
                    }
                }
            }
            applyFilter(best, row: row, prior: prior, bpp: channels, into: &candidate)
            let at = y * (stride + 1)
            raw[at] = best.rawValue
            for i in 0..<stride { raw[at + 1 + i] = candidate[i] }
        }
        var out = signature
        var ihdr = [UInt8]()
        appendUInt32(&ihdr, UInt32(width))
        appendUInt32(&ihdr, UInt32(height))
        ihdr += [8, colorType, 0, 0, 0]
        appendChunk(&out, "IHDR", ihdr)
        appendChunk(&out, "IDAT", Zlib.deflate(raw, level: 9))
        appendChunk(&out, "IEND", [])
        return out
    }

    static func applyFilter(_ f: Filter, row: ArraySlice<UInt8>, prior: ArraySlice<UInt8>, bpp: Int, into out: inout [UInt8]) {
        let r = row.startIndex, p = prior.startIndex
        for i in 0..<row.count {
            let x = row[r + i]
            let a = i >= bpp ? row[r + i - bpp] : 0
            let b = prior[p + i]
            let c = i >= bpp ? prior[p + i - bpp] : 0
            switch f {
            case .none: out[i] = x
            case .sub: out[i] = x &- a
            case .up: out[i] = x &- b
            case .average: out[i] = x &- UInt8((Int(a) + Int(b)) / 2)
            case .paeth: out[i] = x &- paethPredictor(a, b, c)
            }
        }
    }

    @inline(__always)
    static func paethPredictor(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        if pb <= pc { return b }
        return c
    }

    static func appendUInt32(_ out: inout [UInt8], _ v: UInt32) {
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
    }

    static func appendChunk(_ out: inout [UInt8], _ type: String, _ data: [UInt8]) {
        appendUInt32(&out, UInt32(data.count))
        let typeBytes = Array(type.utf8)
        out += typeBytes
        out += data
        appendUInt32(&out, Zlib.crc32(data, continuing: Zlib.crc32(typeBytes)))
    }

    // MARK: Reading

    static let maxSide = 16384
    static let maxSamples = 1 << 28

    /// Decodes a PNG into 8-bit samples. Errors name `file` and what was expected.
    /// With `requiredSize`, another size is an error as soon as the header is read.
    public static func decode(
        _ bytes: [UInt8], file: String, requiredSize: (width: Int, height: Int)? = nil
    ) throws -> Decoded {
        guard bytes.count >= 8 else {
            throw DatasetError(
                bytes.isEmpty ? .emptyFile : .truncated, file: file,
                "expected the 8-byte PNG signature but file holds \(bytes.count) bytes")
        }
        guard hasSignature(bytes) else {
            let found = bytes[0..<8].map { IDX.hex2($0) }.joined(separator: " ")
            throw DatasetError(.corruptImage, file: file, "not a PNG: expected signature 89 50 4E 47 0D 0A 1A 0A but found \(found)")
        }
        var offset = 8
        var header: (width: Int, height: Int, depth: UInt8, colorType: UInt8, interlace: UInt8)? = nil
        var idat = [UInt8]()
        var sawEnd = false
        while offset < bytes.count {
            guard bytes.count - offset >= 12 else {
                throw DatasetError(.truncated, file: file, "truncated: expected a 12-byte chunk frame at byte \(offset) but only \(bytes.count - offset) bytes remain")
            }
            let length = Int(readUInt32(bytes, offset))
            let typeBytes = Array(bytes[(offset + 4)..<(offset + 8)])
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
                throw DatasetError(.corruptImage, file: file, "corrupt PNG: expected a chunk type (4 letters) at byte \(offset + 4) but found bytes \(typeBytes.map { IDX.hex2($0) }.joined(separator: " "))")
            }
            guard length <= bytes.count - offset - 12 else {
                throw DatasetError(.truncated, file: file, "truncated: chunk \(type) at byte \(offset) says \(length) data bytes but only \(bytes.count - offset - 12) remain")
            }
            let dataStart = offset + 8
            let data = bytes[dataStart..<(dataStart + length)]
            let stored = readUInt32(bytes, dataStart + length)
            let computed = bytes.withUnsafeBytes { raw in
                Zlib.crc32(UnsafeRawBufferPointer(rebasing: raw[(offset + 4)..<(dataStart + length)]))
            }
            if stored != computed {
                throw DatasetError(.corruptImage, file: file, "corrupt PNG: chunk \(type) at byte \(offset) has CRC \(IDX.hex32(stored)) but its bytes give \(IDX.hex32(computed))")
            }
            offset = dataStart + length + 4
            if header == nil && type != "IHDR" {
                throw DatasetError(.corruptImage, file: file, "corrupt PNG: expected IHDR as the first chunk but found \(type)")
            }
            switch type {
            case "IHDR":
                guard header == nil, length == 13 else {
                    throw DatasetError(.corruptImage, file: file, "corrupt PNG: expected one 13-byte IHDR but found \(header == nil ? "\(length) bytes" : "a second IHDR")")
                }
                let d = Array(data)
                let w = Int(readUInt32(d, 0)), h = Int(readUInt32(d, 4))
                header = (w, h, d[8], d[9], d[12])
                if d[10] != 0 || d[11] != 0 {
                    throw DatasetError(.unsupportedImage, file: file, "expected compression method 0 and filter method 0 but found \(d[10]) and \(d[11])")
                }
            case "IDAT":
                idat += data
            case "IEND":
                sawEnd = true
            default:
                // Uppercase first letter: critical. PLTE is only a suggestion outside palette images.
                if typeBytes[0] < 97 && type != "PLTE" {
                    throw DatasetError(.unsupportedImage, file: file, "expected only the critical chunks IHDR, PLTE, IDAT, IEND but found \(type)")
                }
            }
            if sawEnd { break }
        }
        guard let hdr = header else {
            throw DatasetError(.truncated, file: file, "truncated: expected an IHDR chunk after the signature but the file ends")
        }
        guard sawEnd else {
            throw DatasetError(.truncated, file: file, "truncated: expected an IEND chunk but the file ends after \(bytes.count) bytes")
        }
        let channels: Int
        switch hdr.colorType {
        case 0: channels = 1
        case 4: channels = 2
        case 2: channels = 3
        case 6: channels = 4
        case 3:
            throw DatasetError(.unsupportedImage, file: file, "expected grayscale, gray+alpha, RGB or RGBA but found a palette (indexed-color) PNG; save it as grayscale or RGB")
        default:
            throw DatasetError(.corruptImage, file: file, "corrupt PNG: color type \(hdr.colorType) does not exist")
        }
        if hdr.depth != 8 {
            throw DatasetError(.unsupportedImage, file: file, "expected bit depth 8 but found \(hdr.depth)")
        }
        if hdr.interlace != 0 {
            throw DatasetError(.unsupportedImage, file: file, "expected a non-interlaced PNG but found \(hdr.interlace == 1 ? "Adam7 interlacing" : "interlace method \(hdr.interlace)"); save it without interlacing")
        }
        guard hdr.width > 0, hdr.height > 0, hdr.width <= maxSide, hdr.height <= maxSide,
            hdr.width * hdr.height * channels <= maxSamples
        else {
            throw DatasetError(.badDimensions, file: file, "expected width and height 1...\(maxSide) but found \(hdr.width)x\(hdr.height)")
        }
        if let required = requiredSize, hdr.width != required.width || hdr.height != required.height {
            throw ImageFile.wrongSize(file: file, width: hdr.width, height: hdr.height, required: required)
        }
        if idat.isEmpty {
            throw DatasetError(.corruptImage, file: file, "corrupt PNG: expected image data (IDAT) but found none")
        }
        let stride = hdr.width * channels
        let expected = hdr.height * (stride + 1)
        let raw = try idat.withUnsafeBytes { try Zlib.inflate($0, expectedSize: expected, file: file, limit: expected) }
        if raw.count != expected {
            throw DatasetError(
                raw.count < expected ? .truncated : .corruptImage, file: file,
                "image data holds \(raw.count) bytes after inflating but \(hdr.width)x\(hdr.height) with \(channels) channel(s) needs \(expected)")
        }
        var samples = [UInt8](repeating: 0, count: hdr.height * stride)
        for y in 0..<hdr.height {
            let ft = raw[y * (stride + 1)]
            let src = y * (stride + 1) + 1
            let dst = y * stride
            let up = dst - stride
            switch ft {
            case 0:
                for i in 0..<stride { samples[dst + i] = raw[src + i] }
            case 1:
                for i in 0..<stride { samples[dst + i] = raw[src + i] &+ (i >= channels ? samples[dst + i - channels] : 0) }
            case 2:
                for i in 0..<stride { samples[dst + i] = raw[src + i] &+ (y > 0 ? samples[up + i] : 0) }
            case 3:
                for i in 0..<stride {
                    let a = i >= channels ? Int(samples[dst + i - channels]) : 0
                    let b = y > 0 ? Int(samples[up + i]) : 0
                    samples[dst + i] = raw[src + i] &+ UInt8((a + b) / 2)
                }
            case 4:
                for i in 0..<stride {
                    let a = i >= channels ? samples[dst + i - channels] : 0
                    let b = y > 0 ? samples[up + i] : 0
                    let c = (i >= channels && y > 0) ? samples[up + i - channels] : 0
                    samples[dst + i] = raw[src + i] &+ paethPredictor(a, b, c)
                }
            default:
                throw DatasetError(.corruptImage, file: file, "corrupt PNG: row \(y) has filter type \(ft); expected 0...4")
            }
        }
        return Decoded(width: hdr.width, height: hdr.height, channels: channels, samples: samples)
    }

    /// Decodes a PNG to grayscale: color becomes luminance (0.299 R + 0.587 G + 0.114 B) and
    /// alpha is composited over `background`.
    public static func decodeGrayscale(
        _ bytes: [UInt8], file: String, background: UInt8 = 255, requiredSize: (width: Int, height: Int)? = nil
    ) throws -> GrayImage {
        let d = try decode(bytes, file: file, requiredSize: requiredSize)
        let n = d.width * d.height
        var out = [UInt8](repeating: 0, count: n)
        let s = d.samples
        let bg = Int(background)
        func over(_ v: Int, _ alpha: Int) -> UInt8 {
            UInt8((v * alpha + bg * (255 - alpha) + 127) / 255)
        }
        func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
            (299 * Int(r) + 587 * Int(g) + 114 * Int(b) + 500) / 1000
        }
        switch d.channels {
        case 1:
            out = s
        case 2:
            for i in 0..<n { out[i] = over(Int(s[2 * i]), Int(s[2 * i + 1])) }
        case 3:
            for i in 0..<n { out[i] = UInt8(luma(s[3 * i], s[3 * i + 1], s[3 * i + 2])) }
        default:
            for i in 0..<n { out[i] = over(luma(s[4 * i], s[4 * i + 1], s[4 * i + 2]), Int(s[4 * i + 3])) }
        }
        return GrayImage(width: d.width, height: d.height, pixels: out)
    }

    static func readUInt32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }
}
