#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file helpers. Every failure is a `FileError` naming the path as given.
///
/// The one reader and the one atomic writer of the package: reading refuses anything that is
/// not a regular file (a FIFO would block forever, a device like /dev/zero never ends) and never
/// reads more than its limit; writing replaces regular files atomically and writes devices in
/// place, never renaming over a device node.
public enum FileIO {
    /// What `stat` says of a file, enough to tell that it changed.
    public struct Status: Equatable, Sendable {
        public var size: Int
        public var modifiedNanoseconds: Int64
        public var device: UInt64
        public var inode: UInt64
        public var isDirectory: Bool
        public var isRegular: Bool
    }

    public static func status(_ path: String) -> Status? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        let mtime = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        #else
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        #endif
        let kind = st.st_mode & S_IFMT
        return Status(
            size: Int(st.st_size), modifiedNanoseconds: mtime,
            device: UInt64(truncatingIfNeeded: st.st_dev), inode: UInt64(truncatingIfNeeded: st.st_ino),
            isDirectory: kind == S_IFDIR, isRegular: kind == S_IFREG)
    }

    public static func isRegularFile(_ path: String) -> Bool { status(path)?.isRegular ?? false }
    public static func isDirectory(_ path: String) -> Bool { status(path)?.isDirectory ?? false }

    /// Whether both paths exist and name the same file (the same device and inode: through a
    /// symbolic link, a hard link, `./`, … as well).
    public static func isSameFile(_ a: String, _ b: String) -> Bool {
        guard let x = status(a), let y = status(b) else { return false }
        return x.device == y.device && x.inode == y.inode
    }

    /// An errno value as the messages say it: "no such file or directory", "permission denied", ….
    public static func errnoText(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory, not a file"
        case ENOTDIR: return "a part of the path is not a directory"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "the file system is read-only"
        case ELOOP: return "a symbolic link loop"
        default: return String(cString: strerror(code))
        }
    }

    /// What a path names, as the messages say it.
    public enum Kind: Equatable, Sendable {
        case missing
        case regularFile
        case directory
        case fifo
        case characterDevice
        case blockDevice
        case socket
        /// A symbolic link whose target does not exist.
        case danglingLink
        /// A symbolic link that leads back to itself (ELOOP).
        case linkLoop
        case unreachable(Int32)

        /// "a directory", "a named pipe (FIFO)", … for "is …, not a regular file".
        public var phrase: String {
            switch self {
            case .missing: "missing"
            case .regularFile: "a regular file"
            case .directory: "a directory"
            case .fifo: "a named pipe (FIFO)"
            case .characterDevice: "a character device"
            case .blockDevice: "a block device"
            case .socket: "a socket"
            case .danglingLink: "a symbolic link to a missing file"
            case .linkLoop: "a symbolic link loop"
            case .unreachable(let code): "unreachable (\(FileIO.errnoText(code)))"
            }
        }

        /// "is a named pipe (FIFO), not a regular file", "is a symbolic link loop": what is
        /// wrong with a path that is not a regular file.
        public var refusal: String {
            switch self {
            case .danglingLink, .linkLoop, .missing: "is \(phrase)"
            default: "is \(phrase), not a regular file"
            }
        }
    }

    static func kind(ofMode mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: .regularFile
        case S_IFDIR: .directory
        case S_IFIFO: .fifo
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFSOCK: .socket
        default: .unreachable(EINVAL)
        }
    }

    /// What `path` is, following symbolic links (a link that leads nowhere says so).
    public static func kind(of path: String) -> Kind {
        var st = stat()
        if stat(path, &st) == 0 { return kind(ofMode: st.st_mode) }
        let code = errno
        if code == ELOOP { return .linkLoop }
        if code == ENOENT {
            var link = stat()
            if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK { return .danglingLink }
            return .missing
        }
        return .unreachable(code)
    }

    /// The error for a path that is not a regular file where one is read: "is a named pipe
    /// (FIFO), not a regular file", "file not found", ….
    static func notReadable(_ path: String, _ kind: Kind) -> FileError {
        switch kind {
        case .missing: return FileError(.notFound, file: path, "file not found", pathKind: kind)
        case .directory: return FileError(.unreadable, file: path, "expected a file but found a directory", pathKind: kind)
        case .unreachable(let code): return FileError(.unreadable, file: path, "cannot open: \(errnoText(code))", pathKind: kind)
        default: return FileError(.unreadable, file: path, kind.refusal, pathKind: kind)
        }
    }

    /// Opens a regular file for reading; anything else is a clear error, and a FIFO never blocks
    /// (it is refused before it is opened, and the open itself does not wait for a writer).
    public static func openForReading(_ path: String) throws(FileError) -> Int32 {
        let kind = kind(of: path)
        guard kind == .regularFile else { throw notReadable(path, kind) }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } while fd < 0 && errno == EINTR
        if fd < 0 {
            let code = errno
            if code == ENOENT {
                throw FileError(.notFound, file: path, "file not found")
            }
            throw FileError(.unreadable, file: path, "cannot open: \(errnoText(code))")
        }
        // The path may have been replaced between the check and the open.
        var st = stat()
        if fstat(fd, &st) != 0 || (st.st_mode & S_IFMT) != S_IFREG {
            let found = fstat(fd, &st) == 0 ? self.kind(ofMode: st.st_mode) : Kind.unreachable(errno)
            close(fd)
            throw notReadable(path, found)
        }
        // Regular files never block; back to plain reads.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// Reads until `buffer` is full or the file ends; returns the number of bytes read.
    public static func readFully(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String
    ) throws(FileError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = read(fd, base + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(.unreadable, file: path, "read failed: \(errnoText(errno))")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The largest file `readAll` reads unless told otherwise.
    public static let defaultReadLimit = 1 << 32

    /// The whole of a regular file as bytes, at most `limit` of them: a larger file is an error
    /// naming its size before anything is read, and a file that grows while it is read is never
    /// read past `limit` (one allocation sized from `fstat`, grown only up to the limit).
    public static func readAll(
        _ path: String, limit: Int = defaultReadLimit, what: String = "a file"
    ) throws(FileError) -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var st = stat()
        let size = fstat(fd, &st) == 0 ? max(0, Int(st.st_size)) : 0
        if size > limit {
            throw FileError(.unreadable, file: path, FileError.overLimit(what, sizeText(limit), found: "\(size) bytes"))
        }
        var failure: FileError?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            do throws(FileError) {
                count = try readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), path: path)
            } catch {
                failure = error
                count = 0
            }
        }
        if let failure { throw failure }
        if bytes.count == size {
            // The file may have grown since fstat: read any rest in chunks, up to one byte past
            // the limit (to tell that it is too large).
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while bytes.count <= limit {
                let want = min(chunk.count, limit + 1 - bytes.count)
                let n = try chunk.withUnsafeMutableBytes { buffer in
                    Result { () throws(FileError) in
                        try readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), path: path)
                    }
                }.get()
                if n == 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
            if bytes.count > limit {
                throw FileError(.unreadable, file: path, FileError.overLimit(what, sizeText(limit), found: "more"))
            }
        }
        return bytes
    }

    /// "64 MB", "4 GiB", "100000000 bytes": a limit as people read it.
    static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        return "\(bytes) bytes"
    }

    /// Creates `directory` and the folders on the way to it that do not exist yet (as `mkdir -p`
    /// would); a failure names `path`, the file to be written there.
    public static func makeDirectories(_ directory: String, for path: String) throws(FileError) {
        guard !directory.isEmpty, directory != "/" else { return }
        var info = stat()
        if stat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw FileError(.writeFailed, file: path, "cannot write it: \(directory) is not a directory")
            }
            return
        }
        try makeDirectories(directoryName(directory), for: path)
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            let code = errno
            throw FileError(.writeFailed, file: path, "cannot create its folder \(directory): \(errnoText(code))")
        }
    }

    /// Creates the folders on the way to `path` that do not exist yet.
    public static func makeParentDirectories(of path: String) throws(FileError) {
        try makeDirectories(directoryName(path), for: path)
    }

    /// Checks, before long work, that `path` can later be written: creates its missing folders
    /// and fails when `path` is a directory, a FIFO, a socket, ….
    public static func prepareToWrite(_ path: String) throws(FileError) {
        try makeParentDirectories(of: path)
        switch kind(of: path) {
        case .missing, .regularFile, .characterDevice: return
        case .directory: throw FileError(.writeFailed, file: path, "is a directory; expected a file name to write")
        case .unreachable(let code): throw FileError(.writeFailed, file: path, "cannot write it: \(errnoText(code))")
        case let kind: throw FileError(.writeFailed, file: path, "\(kind.refusal); expected a file name to write")
        }
    }

    /// Hook for tests of crash safety: called with the target and the bytes written so far to
    /// the temporary file, after each piece. Production code never sets it.
    nonisolated(unsafe) public static var afterPartialWrite: ((_ path: String, _ written: Int) -> Void)?

    /// Writes `bytes` to `path`, the package's one writer of whole files.
    ///
    /// - A regular file (or a new name) is replaced atomically: a temporary `.NAME.partial`
    ///   beside it (same directory, so the same file system), written in full and flushed with
    ///   fsync, then renamed over `path`, then the directory flushed too. Readers see the old
    ///   file or the complete new one; a crash at worst leaves the stale temporary file, which
    ///   the next write replaces. Through a symbolic link, the file it points to is replaced and
    ///   the link kept.
    /// - A character device (`/dev/null`, `/dev/full`, a terminal) is written in place: renaming
    ///   over it would replace the device node with a regular file.
    /// - Anything else (a directory, a FIFO that would block, a socket, a block device, a
    ///   dangling link) is refused, naming what it is.
    ///
    /// - With `creatingFolders`, the missing folders on the way to `path` are created first.
    ///
    /// Every failure, a full device's ENOSPC included, is an error naming `path`.
    public static func writeAtomically(
        _ bytes: UnsafeRawBufferPointer, to path: String, creatingFolders: Bool = false
    ) throws(FileError) {
        func failure(_ detail: String) -> FileError { FileError(.writeFailed, file: path, detail) }
        guard !lastComponent(path).isEmpty else { throw failure("is a directory, not a file name") }
        if creatingFolders { try makeParentDirectories(of: path) }
        var target = path
        var link = stat()
        if lstat(path, &link) == 0 {
            let kind: Kind = (link.st_mode & S_IFMT) == S_IFLNK ? self.kind(of: path) : self.kind(ofMode: link.st_mode)
            switch kind {
            case .regularFile:
                if (link.st_mode & S_IFMT) == S_IFLNK, let resolved = realPath(path) { target = resolved }
            case .characterDevice:
                try writeInPlace(bytes, to: path)
                return
            case .directory:
                throw failure("is a directory; expected a file name to write")
            case .unreachable(let code):
                throw failure("cannot write it: \(errnoText(code))")
            default:
                throw failure("\(kind.refusal); expected a file name to write")
            }
        }
        let directory = directoryName(target)
        let temporary = (directory == "" ? "" : directory + "/") + "." + lastComponent(target) + ".partial"
        // A stale temporary file goes first; O_EXCL then never opens something planted there
        // (a FIFO would block, a link would redirect the write).
        _ = unlink(temporary)
        var fd: Int32
        repeat {
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        } while fd < 0 && errno == EINTR
        if fd < 0 {
            throw failure("cannot create temporary file \(temporary): \(errnoText(errno))")
        }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(fd) }
            if !renamed { unlink(temporary) }
        }
        try writeAll(bytes, to: fd, path: path, reportingProgress: true)
        if fsync(fd) != 0 && errno != EINVAL {
            throw failure("fsync failed: \(errnoText(errno))")
        }
        closed = true
        if close(fd) != 0 {
            throw failure("writing failed: \(errnoText(errno))")
        }
        if rename(temporary, target) != 0 {
            throw failure("cannot rename \(temporary) into place: \(errnoText(errno))")
        }
        renamed = true
        // Make the rename itself durable.
        let directoryDescriptor = open(directory == "" ? "." : directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    public static func writeAtomically(_ bytes: [UInt8], to path: String, creatingFolders: Bool = false) throws(FileError) {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(FileError) in try writeAtomically(raw, to: path, creatingFolders: creatingFolders) }
        }.get()
    }

    /// Writes text (UTF-8) atomically.
    public static func writeAtomically(_ text: String, to path: String, creatingFolders: Bool = false) throws(FileError) {
        try writeAtomically(Array(text.utf8), to: path, creatingFolders: creatingFolders)
    }

    /// Writes a character device in place (no create, no truncate, no rename).
    static func writeInPlace(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FileError) {
        var fd: Int32
        // Opening some devices (a serial line) waits for the other side: never wait to open.
        repeat { fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) } while fd < 0 && errno == EINTR
        if fd < 0 {
            throw FileError(.writeFailed, file: path, "cannot open the device for writing: \(errnoText(errno))")
        }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        try writeAll(bytes, to: fd, path: path, reportingProgress: false)
    }

    /// Writes everything, in pieces of at most 1 MiB (so a crash test can stop in the middle).
    static func writeAll(
        _ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String, reportingProgress: Bool
    ) throws(FileError) {
        let piece = 1 << 20
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, min(piece, bytes.count - done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(.writeFailed, file: path, "writing failed: \(errnoText(errno))")
            }
            if n == 0 {
                throw FileError(.writeFailed, file: path, "writing failed: the device takes no more bytes")
            }
            done += n
            if reportingProgress { afterPartialWrite?(path, done) }
        }
    }

    /// The absolute path with every symbolic link resolved, or nil.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `dir` + "/" + `name`, without doubling a trailing slash.
    public static func join(_ dir: String, _ name: String) -> String {
        if dir.isEmpty { return name }
        return dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
