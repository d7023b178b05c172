import Support

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
///
/// Limits: the file is a regular file of at most 64 MB (a FIFO or device such as /dev/zero is
/// refused, never read until it ends); an image is at most 16384 pixels a side; a digit's size
/// (28x28) is checked against the header before any pixel is decoded.
public enum ImageFile {
    public static let maxFileSize = 64 << 20

    /// Reads a PNG or PGM file as grayscale (color converted to luminance; alpha composited
    /// over `background`). With `requiredSize`, an image of another size is an error found in
    /// its header, before its pixels are decoded.
    public static func readGrayscale(
        _ path: String, background: UInt8 = 255, requiredSize: (width: Int, height: Int)? = nil
    ) throws -> GrayImage {
        let bytes = try DatasetError.fromFileIO { () throws(FileError) in
            try FileIO.readAll(path, limit: maxFileSize, what: "an image file")
        }
        return try decodeGrayscale(bytes, file: path, background: background, requiredSize: requiredSize)
    }

    public static func decodeGrayscale(
        _ bytes: [UInt8], file: String, background: UInt8 = 255, requiredSize: (width: Int, height: Int)? = nil
    ) throws -> GrayImage {
        if bytes.isEmpty {
            throw DatasetError(.emptyFile, file: file, "file is empty; expected a PNG or PGM image")
        }
        if PNG.hasSignature(bytes) {
            return try PNG.decodeGrayscale(bytes, file: file, background: background, requiredSize: requiredSize)
        }
        if bytes.count >= 2 && bytes[0] == UInt8(ascii: "P") {
            switch bytes[1] {
            case UInt8(ascii: "2"), UInt8(ascii: "5"):
                return try PGM.decode(bytes, file: file, requiredSize: requiredSize)
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

    /// The error for an image of the wrong size, found in its header.
    static func wrongSize(file: String, width: Int, height: Int, required: (width: Int, height: Int)) -> DatasetError {
        DatasetError(
            .wrongImageSize, file: file,
            "expected a \(required.width)x\(required.height) image but found \(width)x\(height); "
                + "resize it to \(required.width)x\(required.height) first")
    }

    /// Reads an image that must be `side` x `side` (28 for MNIST digits); the size is checked
    /// in the header, so a huge image costs nothing.
    public static func readDigit(_ path: String, side: Int = 28, background: UInt8 = 255) throws -> GrayImage {
        try readGrayscale(path, background: background, requiredSize: (side, side))
    }
}
