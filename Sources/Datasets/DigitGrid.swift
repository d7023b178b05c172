/// A tiny hand-made 3x5 bitmap font: digits and a few symbols, for captions in images.
enum TinyFont {
    static let width = 3
    static let height = 5

    static let glyphs: [Character: [String]] = [
        "0": ["###", "#.#", "#.#", "#.#", "###"],
        "1": [".#.", "##.", ".#.", ".#.", "###"],
        "2": ["###", "..#", "###", "#..", "###"],
        "3": ["###", "..#", ".##", "..#", "###"],
        "4": ["#.#", "#.#", "###", "..#", "..#"],
        "5": ["###", "#..", "###", "..#", "###"],
        "6": ["###", "#..", "###", "#.#", "###"],
        "7": ["###", "..#", "..#", ".#.", ".#."],
        "8": ["###", "#.#", "###", "#.#", "###"],
        "9": ["###", "#.#", "###", "..#", "###"],
        " ": ["...", "...", "...", "...", "..."],
        "?": ["###", "..#", ".##", "...", ".#."],
        "/": ["..#", "..#", ".#.", "#..", "#.."],
        "-": ["...", "...", "###", "...", "..."],
        ":": ["...", ".#.", "...", ".#.", "..."],
        ".": ["...", "...", "...", "...", ".#."],
        ">": ["#..", ".#.", "..#", ".#.", "#.."],
        "=": ["...", "###", "...", "###", "..."],
    ]

    /// Width in pixels of `text` at `scale` (1 pixel of spacing between glyphs, scaled).
    static func textWidth(_ text: String, scale: Int) -> Int {
        let n = text.count
        return n == 0 ? 0 : (n * (width + 1) - 1) * scale
    }

    /// Draws `text` with its top-left corner at (x, y); pixels outside the image are clipped.
    static func draw(_ text: String, into image: inout GrayImage, x: Int, y: Int, scale: Int, ink: UInt8) {
        var cx = x
        for ch in text {
            let rows = glyphs[ch] ?? glyphs["?"]!
            for (gy, row) in rows.enumerated() {
                for (gx, bit) in row.enumerated() where bit == "#" {
                    for sy in 0..<scale {
                        for sx in 0..<scale {
                            let px = cx + gx * scale + sx, py = y + gy * scale + sy
                            if px >= 0 && py >= 0 && px < image.width && py < image.height {
                                image[px, py] = ink
                            }
                        }
                    }
                }
            }
            cx += (width + 1) * scale
        }
    }
}

/// A labelled grid of digits: each image in its cell with its caption (the label, or e.g.
/// "7/2" for label 7 predicted 2) drawn beneath it in a tiny bitmap font.
public enum DigitGrid {
    static let padding = 2
    static let background: UInt8 = 64
    static let ink: UInt8 = 255

    /// The first `count` images of a split (at least 1, at most `split.count`) with their labels.
    public static func render(split: MNISTSplit, count: Int = 10, columns: Int = 10, scale: Int = 2) -> GrayImage {
        let n = max(1, min(count, split.count))
        let images = Array(split.images[0..<(n * split.pixelsPerImage)])
        let labels = Array(split.labels[0..<n])
        return render(images: images, captions: labels.map { String($0) }, side: split.rows, columns: columns, scale: scale)
    }

    /// `images` holds `captions.count` square images of `side` x `side` bytes, back to back.
    /// `columns` is clamped to 1...count; the image is enlarged `scale` times (nearest neighbour).
    public static func render(images: [UInt8], captions: [String], side: Int = 28, columns: Int = 10, scale: Int = 2) -> GrayImage {
        let count = captions.count
        precondition(count > 0, "DigitGrid: no images")
        precondition(side > 0 && images.count == count * side * side, "DigitGrid: images.count must be captions.count*side*side")
        precondition(scale >= 1, "DigitGrid: scale must be at least 1")
        let cols = max(1, min(columns, count))
        let rows = (count + cols - 1) / cols
        let cellW = side + 2 * padding
        let captionH = TinyFont.height * 2 + 2 * padding
        let cellH = padding + side + captionH
        var canvas = GrayImage(width: cols * cellW, height: rows * cellH, fill: background)
        for i in 0..<count {
            let x0 = (i % cols) * cellW + padding
            let y0 = (i / cols) * cellH + padding
            let base = i * side * side
            for y in 0..<side {
                for x in 0..<side {
                    canvas[x0 + x, y0 + y] = images[base + y * side + x]
                }
            }
            let text = captions[i]
            let fontScale = TinyFont.textWidth(text, scale: 2) <= cellW - 2 ? 2 : 1
            let tw = TinyFont.textWidth(text, scale: fontScale)
            let tx = x0 - padding + max(0, (cellW - tw) / 2)
            let ty = y0 + side + padding + (TinyFont.height * 2 - TinyFont.height * fontScale) / 2
            TinyFont.draw(text, into: &canvas, x: tx, y: ty, scale: fontScale, ink: ink)
        }
        return canvas.scaled(by: scale)
    }

    /// The grid as PNG bytes.
    public static func png(split: MNISTSplit, count: Int = 10, columns: Int = 10, scale: Int = 2) -> [UInt8] {
        PNG.encode(render(split: split, count: count, columns: columns, scale: scale))
    }
}
