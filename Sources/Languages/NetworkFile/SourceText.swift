/// The text of network files, lessons and `--expr`/`--at` as the language reads it.
public enum SourceText {
    /// `text` with every line ending written "\n": Windows' "\r\n" and old Macs' lone "\r" alike,
    /// mixed or not. Every text the language reads goes through this first: Swift reads "\r\n" as
    /// one Character, which never equals "\n", so without it a CRLF file is one long line.
    public static func normalizingLineEndings(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var afterCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\r") {
                bytes.append(UInt8(ascii: "\n"))
                afterCR = true
            } else {
                if !(afterCR && byte == UInt8(ascii: "\n")) { bytes.append(byte) }
                afterCR = false
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The limits of the language, so that no file or expression can crash the tool or take more
/// memory than a teaching tool should. They are documented in Lessons/README.md.
public enum LanguageLimits {
    /// How deeply brackets, calls, parentheses, unary signs and `^` may nest in one another.
    /// The parser and every walk over the syntax tree recurse once per level.
    public static let nesting = 256
    /// Numbers in one tensor (a declared value, an op's result or its scratch): 2^24, 128 MB in Double.
    public static let tensorEntries = 1 << 24
    /// Numbers in all the tensors of one run of a network, declared and computed: 2^26, 512 MB in
    /// Double (the gradients take as much again).
    public static let totalEntries = 1 << 26
    /// Operations (recorded nodes) in one run of a network: a 10,000-line chain fits, and
    /// tracing or explaining the most a file may hold stays a matter of seconds.
    public static let operations = 50_000
    /// Bytes of a network file or lesson file.
    public static let fileBytes = 8 << 20
    /// Characters in one name or number: a message that quotes one stays a line.
    public static let tokenCharacters = 256

    /// A count for messages: `16777216 (2^24)` when it is a power of two.
    static func describe(_ count: Int) -> String {
        count > 0 && count & (count - 1) == 0 ? "\(count) (2^\(count.trailingZeroBitCount))" : "\(count)"
    }
}
