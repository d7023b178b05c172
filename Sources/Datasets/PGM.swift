/// PGM (Netpbm graymap) reading, P2 (ASCII) and P5 (binary), maxval 1...255, and P5 writing.
public enum PGM {
    /// Decodes P2 or P5. Samples are scaled to 0...255 when maxval is below 255. The header's
    /// lines may end in LF, CRLF or CR. With `requiredSize`, another size is an error as soon as
    /// the header is read, before anything is allocated.
    public static func decode(
        _ bytes: [UInt8], file: String, requiredSize: (width: Int, height: Int)? = nil
    ) throws -> GrayImage {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "2") || bytes[1] == UInt8(ascii: "5") else {
            throw DatasetError(bytes.isEmpty ? .emptyFile : .corruptImage, file: file, "not a PGM: expected magic P2 or P5")
        }
        let binary = bytes[1] == UInt8(ascii: "5")
        var pos = 2

        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12 }
        func skipSpaceAndComments() {
            while pos < bytes.count {
                if isSpace(bytes[pos]) {
                    pos += 1
                } else if bytes[pos] == UInt8(ascii: "#") {
                    while pos < bytes.count && bytes[pos] != 10 && bytes[pos] != 13 { pos += 1 }
                } else {
                    break
                }
            }
        }
        func number(_ what: String) throws -> Int {
            skipSpaceAndComments()
            guard pos < bytes.count else {
                throw DatasetError(.truncated, file: file, "truncated PGM: expected \(what) but the file ends")
            }
            var value = 0
            var digits = 0
            while pos < bytes.count, (48...57).contains(bytes[pos]) {
                value = value * 10 + Int(bytes[pos] - 48)
                digits += 1
                pos += 1
                if value > 1 << 24 {
                    throw DatasetError(.corruptImage, file: file, "corrupt PGM: \(what) is too large")
                }
            }
            if digits == 0 {
                throw DatasetError(.corruptImage, file: file, "corrupt PGM: expected \(what) (a number) at byte \(pos) but found '\(Character(UnicodeScalar(bytes[pos])))'")
            }
            return value
        }

        let width = try number("the width")
        let height = try number("the height")
        let maxval = try number("maxval")
        if width == 0 || height == 0 || width > PNG.maxSide || height > PNG.maxSide {
            throw DatasetError(.badDimensions, file: file, "expected width and height 1...\(PNG.maxSide) but found \(width)x\(height)")
        }
        if maxval == 0 || maxval > 255 {
            throw DatasetError(.unsupportedImage, file: file, "expected maxval 1...255 (8-bit samples) but found \(maxval)")
        }
        if let required = requiredSize, width != required.width || height != required.height {
            throw ImageFile.wrongSize(file: file, width: width, height: height, required: required)
        }
        let n = width * height
        if binary {
            // One whitespace byte separates maxval from the samples; a header written with
            // CRLF line ends has two (CR LF), told apart by the size the samples need.
            guard pos < bytes.count, isSpace(bytes[pos]) else {
                throw DatasetError(.truncated, file: file, "truncated PGM: expected one whitespace byte and \(n) sample bytes after the header")
            }
            if bytes[pos] == 13, pos + 1 < bytes.count, bytes[pos + 1] == 10, bytes.count - pos - 2 == n {
                pos += 1
            }
            pos += 1
            let available = bytes.count - pos
            if available < n {
                throw DatasetError(.truncated, file: file, "truncated PGM: header says \(width)x\(height) (\(n) samples) but file holds \(available)")
            }
        } else {
            // Every ASCII sample takes at least a byte: more samples than bytes left is
            // truncation, found before the pixels are allocated.
            if n > bytes.count - pos {
                throw DatasetError(
                    .truncated, file: file,
                    "truncated PGM: header says \(width)x\(height) (\(n) samples) but only \(bytes.count - pos) bytes follow it")
            }
        }
        var pixels = [UInt8](repeating: 0, count: n)
        if binary {
            for i in 0..<n { pixels[i] = bytes[pos + i] }
        } else {
            for i in 0..<n {
                skipSpaceAndComments()
                if pos >= bytes.count {
                    throw DatasetError(.truncated, file: file, "truncated PGM: header says \(width)x\(height) (\(n) samples) but file holds \(i)")
                }
                let v = try number("sample \(i)")
                if v > maxval {
                    throw DatasetError(.corruptImage, file: file, "corrupt PGM: sample \(i) is \(v) but maxval is \(maxval)")
                }
                pixels[i] = UInt8(v)
            }
        }
        if maxval != 255 {
            for i in 0..<n {
                let v = Int(pixels[i])
                if v > maxval {
                    throw DatasetError(.corruptImage, file: file, "corrupt PGM: sample \(i) is \(v) but maxval is \(maxval)")
                }
                pixels[i] = UInt8((v * 255 + maxval / 2) / maxval)
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// Encodes binary P5 with maxval 255.
    public static func encode(_ image: GrayImage) -> [UInt8] {
        Array("P5\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    /// Encodes ASCII P2 with maxval 255 (at most 16 samples per line).
    public static func encodeASCII(_ image: GrayImage) -> [UInt8] {
        var text = "P2\n\(image.width) \(image.height)\n255\n"
        for y in 0..<image.height {
            var line = [String]()
            for x in 0..<image.width {
                line.append(String(image[x, y]))
                if line.count == 16 {
                    text += line.joined(separator: " ") + "\n"
                    line.removeAll()
                }
            }
            if !line.isEmpty { text += line.joined(separator: " ") + "\n" }
        }
        return Array(text.utf8)
    }
}
