/// The one error type of the `Datasets` module.
///
/// Every failure caused by user input (a missing, truncated or corrupt file, a wrong header,
/// a failed download) is reported as a `DatasetError`. Its `description` is a single line that
/// starts with the file as the caller named it, followed by what was expected and what was found:
///
///     train-labels-idx1-ubyte.gz: header says 60000 labels but file holds 59872
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that want to react to a class of failure.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case fileNotFound
        case unreadable
        case emptyFile
        case truncated
        case trailingData
        case badMagic
        case badType
        case badDimensions
        case countMismatch
        case labelOutOfRange
        case corruptGzip
        case checksumMismatch
        case unsupportedImage
        case corruptImage
        case wrongImageSize
        case downloadFailed
        case writeFailed
    }

    public let kind: Kind
    /// The file (or files) concerned, exactly as the caller gave the path.
    public let file: String
    /// What was expected and what was found, without the file name.
    public let detail: String

    public init(_ kind: Kind, file: String, _ detail: String) {
        self.kind = kind
        self.file = file
        self.detail = detail
    }

    /// One line: `FILE: DETAIL`.
    public var description: String {
        DatasetError.oneLine("\(file): \(detail)")
    }

    /// `text` on one line: every line break and other control character (CR, LF, CRLF, tab,
    /// escape, NEL, the Unicode line and paragraph separators) becomes one space, so a file or
    /// tensor name read from input can never split a message or move the cursor.
    public static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            if control {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(scalar)
                lastWasSpace = scalar == " "
            }
        }
        return String(out)
    }
}
