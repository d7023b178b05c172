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
        public var description: String { "\(file): \(detail)" }
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

    /// The whole file, or a failure saying why not (missing, a directory, unreadable).
    public static func read(_ path: String, limit: Int = 1 << 31) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(file: path, detail: reason(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(file: path, detail: reason(errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            throw Failure(file: path, detail: isDirectory ? "is a directory, not a file" : "is not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw Failure(file: path, detail: "is \(size) bytes, more than the \(limit) expected")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + done, size - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(file: path, detail: reason(errno))
            }
            if n == 0 { break }
            done += n
        }
        if done < size { bytes.removeSubrange(done...) }
        return bytes
    }

    /// Hooks for tests of crash safety: called with the bytes written so far to the temporary
    /// file. Production code never sets it.
    nonisolated(unsafe) public static var afterPartialWrite: ((_ path: String, _ written: Int) -> Void)?

    /// Writes `bytes` to `path` so that `path` always holds either its old content or all of the
    /// new one: a temporary file beside it (same directory, so the same file system), written in
    /// full and flushed to disk with fsync, then renamed over `path` (atomic in POSIX), then the
    /// directory is flushed too. A crash at any point leaves the old file whole; at worst a stale
    /// `.NAME.partial` stays next to it and is overwritten by the next write.
    /// Missing parent folders of `path` are created first.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let (directory, name) = split(path)
        guard !name.isEmpty else { throw Failure(file: path, detail: "is a directory, not a file name") }
        try makeParentDirectories(of: path)
        let temporary = (directory == "" ? "" : directory + "/") + "." + name + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw Failure(file: path, detail: "cannot create a file beside it: \(reason(code))")
        }
        var closed = false
        defer { if !closed { close(descriptor) } }
        func fail(_ code: Int32) -> Failure {
            unlink(temporary)
            return Failure(file: path, detail: "writing failed: \(reason(code))")
        }
        var done = 0
        // Write in pieces of at most 1 MiB so a crash test can stop in the middle.
        let piece = 1 << 20
        while done < bytes.count {
            let count = min(piece, bytes.count - done)
            let n = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + done, count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(errno)
            }
            done += n
            afterPartialWrite?(path, done)
        }
        guard fsync(descriptor) == 0 else { throw fail(errno) }
        closed = true
        guard close(descriptor) == 0 else { throw fail(errno) }
        guard rename(temporary, path) == 0 else { throw fail(errno) }
        // Make the rename itself durable.
        let directoryDescriptor = open(directory == "" ? "." : directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
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
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(file: path, detail: "is a directory; expected a file name to write")
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

@inline(__always) private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

@inline(__always) private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
