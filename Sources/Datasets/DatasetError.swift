import Support

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
        MessageText.oneLine("\(file): \(detail)")
    }

    /// A failure to read or write a file (`FileIO`'s) as a Datasets error: the same file, the
    /// same words.
    public init(_ error: FileError) {
        let kind: Kind =
            switch error.kind {
            case .notFound: .fileNotFound
            case .unreadable: .unreadable
            case .writeFailed: .writeFailed
            }
        self.init(kind, file: error.file, error.detail)
    }

    /// `body`, a file operation of `FileIO`, with its failure as a `DatasetError`: the one place
    /// where Datasets maps them.
    static func fromFileIO<T>(_ body: () throws(FileError) -> T) throws(DatasetError) -> T {
        do {
            return try body()
        } catch {
            throw DatasetError(error)
        }
    }
}
