/// A file that cannot be read or written: one line naming the file as the caller gave it and
/// what went wrong, `FILE: DETAIL`.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that map it to their own kinds of error.
    public enum Kind: Sendable, Equatable {
        case notFound
        case unreadable
        case writeFailed
    }

    public let kind: Kind
    /// The file, exactly as the caller gave the path.
    public let file: String
    /// What was expected and what was found, without the file name.
    public let detail: String
    /// What the path is when a read refused it before opening it (missing, a directory, a FIFO,
    /// …), for callers that word that case their own way; nil for every other failure.
    public let pathKind: FileIO.Kind?

    public init(_ kind: Kind, file: String, _ detail: String, pathKind: FileIO.Kind? = nil) {
        self.kind = kind
        self.file = file
        self.detail = detail
        self.pathKind = pathKind
    }

    /// Whether a read refused the file for being larger than its limit (`FileIO.readAll`).
    public var isOverLimit: Bool {
        kind == .unreadable && detail.hasPrefix("expected ") && detail.contains(Self.overLimitMarker)
    }

    /// The detail of a file larger than `limit` (the one wording `isOverLimit` recognizes).
    static func overLimit(_ what: String, _ limit: String, found: String) -> String {
        "expected \(what)\(overLimitMarker)\(limit) but found \(found)"
    }

    private static let overLimitMarker = " of at most "

    /// One line: `FILE: DETAIL`.
    public var description: String { MessageText.oneLine("\(file): \(detail)") }
}
