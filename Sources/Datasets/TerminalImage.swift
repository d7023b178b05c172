/// Draws a small grayscale image (one MNIST digit) as text, two characters per pixel so it keeps
/// its proportions in a terminal. The output is deterministic (it goes into transcripts): a frame
/// keeps trailing spaces off every line.
public enum TerminalImage {
    public enum Style: String, Sendable, CaseIterable {
        /// Unicode shades " ░▒▓█" and a box-drawing frame.
        case blocks
        /// Pure ASCII " .:-=+*#%@" and a `+--+` frame.
        case ascii
    }

    static let blockRamp: [Character] = [" ", "░", "▒", "▓", "█"]
    static let asciiRamp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// The shade character for one pixel value.
    public static func shade(_ value: UInt8, style: Style) -> Character {
        let ramp = style == .blocks ? blockRamp : asciiRamp
        return ramp[Int(value) * ramp.count / 256]
    }

    /// `pixels` is `width * height` bytes, row-major. With a label, a first line says
    /// `label 5`. Lines end with "\n".
    public static func render<C: Collection>(
        _ pixels: C, width: Int = 28, height: Int = 28, label: Int? = nil, style: Style = .blocks
    ) -> String where C.Element == UInt8 {
        precondition(pixels.count == width * height, "TerminalImage: pixels.count must be width*height")
        let values = Array(pixels)
        let (h, v, tl, tr, bl, br): (Character, Character, Character, Character, Character, Character) =
            style == .blocks ? ("─", "│", "┌", "┐", "└", "┘") : ("-", "|", "+", "+", "+", "+")
        var out = ""
        if let label { out += "label \(label)\n" }
        let bar = String(repeating: h, count: 2 * width)
        out += "\(tl)\(bar)\(tr)\n"
        for y in 0..<height {
            out.append(v)
            for x in 0..<width {
                let c = shade(values[y * width + x], style: style)
                out.append(c)
                out.append(c)
            }
            out.append(v)
            out += "\n"
        }
        out += "\(bl)\(bar)\(br)\n"
        return out
    }

    /// Image `index` of a split with its label.
    public static func render(_ split: MNISTSplit, index: Int, style: Style = .blocks) -> String {
        render(split.image(index), width: split.cols, height: split.rows, label: Int(split.labels[index]), style: style)
    }
}
