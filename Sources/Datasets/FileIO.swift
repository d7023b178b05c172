#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file helpers. Every failure becomes a `DatasetError` naming the path as given.
enum FileIO {
    struct Status: Equatable, Sendable {
        var size: Int
        var modifiedNanoseconds: Int64
        var device: UInt64
        var inode: UInt64
        var isDirectory: Bool
        var isRegular: Bool
    }

    static func status(_ path: String) -> Status? {
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

    static func isRegularFile(_ path: String) -> Bool { status(path)?.isRegular ?? false }
    static func isDirectory(_ path: String) -> Bool { status(path)?.isDirectory ?? false }

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Opens a file for reading; a missing file or a directory is a clear error.
    static func openForReading(_ path: String) throws -> Int32 {
        if let st = status(path), st.isDirectory {
            throw DatasetError(.unreadable, file: path, "expected a file but found a directory")
        }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        if fd < 0 {
            let code = errno
            if code == ENOENT {
                throw DatasetError(.fileNotFound, file: path, "file not found")
            }
            throw DatasetError(.unreadable, file: path, "cannot open: \(errnoText(code))")
        }
        return fd
    }

    /// Reads until `buffer` is full or the file ends; returns the number of bytes read.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = read(fd, base + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw DatasetError(.unreadable, file: path, "read failed: \(errnoText(errno))")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The whole file as bytes (one allocation sized from `fstat`, grown if the file grew).
    static func readAll(_ path: String) throws -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var st = stat()
        let size = fstat(fd, &st) == 0 ? max(0, Int(st.st_size)) : 0
        var bytes = try [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            count = try readFully(fd, into: UnsafeMutableRawBufferPointer(buf), path: path)
        }
        if bytes.count == size {
            // The file may have grown since fstat: read any rest in chunks.
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = try chunk.withUnsafeMutableBytes { try readFully(fd, into: $0, path: path) }
                if n == 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
        }
        return bytes
    }

    /// Creates `path` and its parents (like `mkdir -p`).
    static func makeDirectories(_ path: String) throws {
        if isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += part
            if !isDirectory(prefix) {
                if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                    throw DatasetError(.writeFailed, file: path, "cannot create directory \(prefix): \(errnoText(errno))")
                }
            }
            prefix += "/"
        }
    }

    /// Writes `bytes` to a temporary file in the same directory, flushes it and renames it over
    /// `path`, so readers see either the old file or the complete new one, never a partial one.
    static func writeAtomically(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let dir = directoryName(path)
        let base = lastComponent(path)
        let temp = (dir == "" ? "" : dir + "/") + ".\(base).partial-\(getpid())"
        var fd: Int32
        repeat { fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) } while fd < 0 && errno == EINTR
        if fd < 0 {
            throw DatasetError(.writeFailed, file: path, "cannot create temporary file \(temp): \(errnoText(errno))")
        }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw DatasetError(.writeFailed, file: path, "write failed: \(errnoText(code))")
            }
            done += n
        }
        if fsync(fd) != 0 && errno != EINVAL {
            let code = errno
            close(fd)
            throw DatasetError(.writeFailed, file: path, "fsync failed: \(errnoText(code))")
        }
        close(fd)
        if rename(temp, path) != 0 {
            throw DatasetError(.writeFailed, file: path, "cannot rename \(temp) into place: \(errnoText(errno))")
        }
        ok = true
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try writeAtomically($0, to: path) }
    }

    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `dir` + "/" + `name`, without doubling a trailing slash.
    static func join(_ dir: String, _ name: String) -> String {
        if dir.isEmpty { return name }
        return dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
