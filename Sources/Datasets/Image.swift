/// An 8-bit grayscale image, row-major, `width * height` bytes (0 = black, 255 = white).
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "GrayImage: pixels.count must be width*height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, fill: UInt8 = 0) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: fill, count: width * height))
    }

    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Nearest-neighbour enlargement by an integer factor.
    public func scaled(by factor: Int) -> GrayImage {
        precondition(factor >= 1, "GrayImage.scaled: factor must be at least 1")
        if factor == 1 { return self }
        let w = width * factor, h = height * factor
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            let src = (y / factor) * width
            let dst = y * w
            for x in 0..<w { out[dst + x] = pixels[src + x / factor] }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }
}

/// Reading images for `predict --image`: PNG or PGM (P2/P5), by content.
public enum ImageFile {
    static let maxFileSize = 64 << 20

    /// Reads a PNG or PGM file as grayscale (color converted to luminance; alpha composited
    /// over `background`).
    public static func readGrayscale(_ path: String, background: UInt8 = 255) throws -> GrayImage {
        if let st = FileIO.status(path), st.isRegular, st.size > maxFileSize {
            throw DatasetError(.unsupportedImage, file: path, "expected an image file of at most \(maxFileSize >> 20) MB but found \(st.size) bytes")
        }
        let bytes = try FileIO.readAll(path)
        return try decodeGrayscale(bytes, file: path, background: background)
    }

    public static func decodeGrayscale(_ bytes: [UInt8], file: String, background: UInt8 = 255) throws -> GrayImage {
        if bytes.isEmpty {
            throw DatasetError(.emptyFile, file: file, "file is empty; expected a PNG or PGM image")
        }
        if PNG.hasSignature(bytes) {
            return try PNG.decodeGrayscale(bytes, file: file, background: background)
        }
        if bytes.count >= 2 && bytes[0] == UInt8(ascii: "P") {
            switch bytes[1] {
            case UInt8(ascii: "2"), UInt8(ascii: "5"):
                return try PGM.decode(bytes, file: file)
            case UInt8(ascii: "1"), UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"):
                throw DatasetError(
                    .unsupportedImage, file: file,
                    "expected a PGM (P2 or P5) but found a P\(Character(UnicodeScalar(bytes[1]))) Netpbm file; convert it to grayscale PGM or PNG")
            default: break
            }
        }
        let head = bytes.prefix(4).map { IDX.hex2($0) }.joined(separator: " ")
        throw DatasetError(.unsupportedImage, file: file, "expected a PNG or PGM (P2/P5) image but the file starts with bytes \(head)")
    }

    /// Reads an image that must be `side` x `side` (28 for MNIST digits).
    public static func readDigit(_ path: String, side: Int = 28, background: UInt8 = 255) throws -> GrayImage {
        let image = try readGrayscale(path, background: background)
        if image.width != side || image.height != side {
            throw DatasetError(
                .wrongImageSize, file: path,
                "expected a \(side)x\(side) image but found \(image.width)x\(image.height); resize it to \(side)x\(side) first")
        }
        return image
    }
}
