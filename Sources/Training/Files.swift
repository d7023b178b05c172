import Datasets

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing whole files with POSIX calls, with one-line errors that name the file.
public enum Files {
    /// An I/O failure: `FILE: what went wrong`.
    public struct Failure: Error, CustomStringConvertible, Equatable, Sendable {
        public let file: String
        public let detail: String
        public var description: String { DatasetError.oneLine("\(file): \(detail)") }
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file or directory"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "is a directory, not a file"
        case ENOTDIR: "a part of the path is not a directory"
        case ENOSPC: "no space left on the device"
        case EROFS: "the file system is read-only"
        default: String(cString: strerror(code))
        }
    }

    /// The largest file `read` takes unless told otherwise.
    public static let defaultReadLimit = 1 << 31

    /// The whole file, or a failure saying why not (missing, a directory, a FIFO or device,
    /// unreadable, larger than `limit`). Anything but a regular file is refused before it is
    /// opened: a FIFO would block until a writer comes, a device like /dev/zero never ends.
    public static func read(_ path: String, limit: Int = defaultReadLimit) throws(Failure) -> [UInt8] {
        switch FileIO.kind(of: path) {
        case .regularFile: break
        case .missing: throw Failure(file: path, detail: reason(ENOENT))
        case .directory: throw Failure(file: path, detail: "is a directory, not a file")
        case .unreachable(let code): throw Failure(file: path, detail: reason(code))
        case let kind: throw Failure(file: path, detail: kind.refusal)
        }
        do {
            return try FileIO.readRegularFile(path, limit: limit)
        } catch {
            throw Failure(file: path, detail: error.detail)
        }
    }

    /// Hooks for tests of crash safety: called with the bytes written so far to the temporary
    /// file. Production code never sets it.
    public static var afterPartialWrite: ((_ path: String, _ written: Int) -> Void)? {
        get { FileIO.afterPartialWrite }
        set { FileIO.afterPartialWrite = newValue }
    }

    /// Writes `bytes` to `path` so that `path` always holds either its old content or all of the
    /// new one (`FileIO.writeAtomically`, the one writer: a temporary `.NAME.partial` beside it,
    /// flushed, renamed over `path`). A character device such as /dev/null is written in place
    /// and a full device is an error; a directory, FIFO or socket is refused. Missing parent
    /// folders of `path` are created first.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let (_, name) = split(path)
        guard !name.isEmpty else { throw Failure(file: path, detail: "is a directory, not a file name") }
        try makeParentDirectories(of: path)
        do {
            try FileIO.writeAtomically(bytes, to: path)
        } catch {
            throw Failure(file: path, detail: error.detail)
        }
    }

    /// Writes text (UTF-8) atomically.
    public static func writeAtomically(_ text: String, to path: String) throws(Failure) {
        try writeAtomically(Array(text.utf8), to: path)
    }

    /// Checks, before long work, that `path` can later be written: creates its missing folders
    /// and fails when `path` is a directory.
    public static func prepareToWrite(_ path: String) throws(Failure) {
        try makeParentDirectories(of: path)
        switch FileIO.kind(of: path) {
        case .missing, .regularFile, .characterDevice: return
        case .directory: throw Failure(file: path, detail: "is a directory; expected a file name to write")
        case .unreachable(let code): throw Failure(file: path, detail: "cannot write it: \(reason(code))")
        case let kind: throw Failure(file: path, detail: "\(kind.refusal); expected a file name to write")
        }
    }

    /// Creates the folders on the way to `path` that do not exist yet (as `mkdir -p` would).
    public static func makeParentDirectories(of path: String) throws(Failure) {
        let (directory, _) = split(path)
        guard !directory.isEmpty, directory != "/" else { return }
        var info = stat()
        if stat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw Failure(file: path, detail: "cannot write it: \(directory) is not a directory")
            }
            return
        }
        try makeParentDirectories(of: directory)
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            let code = errno
            throw Failure(file: path, detail: "cannot create its folder \(directory): \(reason(code))")
        }
    }

    /// The directory part (without the last `/`, "" for none, "/" for the root) and the name.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}
