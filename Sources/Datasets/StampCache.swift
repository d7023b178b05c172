#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Support
import Dispatch

/// Remembers the SHA-256 of files already hashed, keyed by real path and checked against size,
/// modification time (nanoseconds), inode and device, so an unchanged file is not hashed again.
///
/// Format: one line per file, `SHA256 SIZE MTIME_NS INODE DEVICE REALPATH`. The cache is only an
/// optimization: an unreadable or malformed cache is ignored, a failed save is silent.
final class StampCache: @unchecked Sendable {
    struct Entry: Equatable {
        var sha256: String
        var size: Int
        var mtime: Int64
        var inode: UInt64
        var device: UInt64
    }

    let file: String
    private var entries: [String: Entry] = [:]
    private var dirty = false
    private let lock = DispatchSemaphore(value: 1)

    init(file: String) {
        self.file = file
        // A stamp file is a few hundred bytes; anything past 1 MB is not one of ours.
        guard let bytes = try? FileIO.readAll(file, limit: 1 << 20) else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[0].count == 64,
                let size = Int(parts[1]), let mtime = Int64(parts[2]),
                let inode = UInt64(parts[3]), let device = UInt64(parts[4])
            else { continue }
            entries[String(parts[5])] = Entry(sha256: String(parts[0]), size: size, mtime: mtime, inode: inode, device: device)
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    func lookup(path: String, status: FileIO.Status) -> String? {
        guard let key = StampCache.realPath(path) else { return nil }
        lock.wait()
        defer { lock.signal() }
        guard let e = entries[key], e.size == status.size, e.mtime == status.modifiedNanoseconds,
            e.inode == status.inode, e.device == status.device
        else { return nil }
        return e.sha256
    }

    func record(path: String, status: FileIO.Status, sha256: String) {
        guard let key = StampCache.realPath(path), !key.contains("\n") else { return }
        let entry = Entry(sha256: sha256, size: status.size, mtime: status.modifiedNanoseconds, inode: status.inode, device: status.device)
        lock.wait()
        defer { lock.signal() }
        if entries[key] != entry {
            entries[key] = entry
            dirty = true
        }
    }

    /// Writes the cache atomically if anything changed; errors are ignored.
    func save() {
        lock.wait()
        defer { lock.signal() }
        guard dirty else { return }
        var text = ""
        for key in entries.keys.sorted() {
            let e = entries[key]!
            text += "\(e.sha256) \(e.size) \(e.mtime) \(e.inode) \(e.device) \(key)\n"
        }
        try? FileIO.writeAtomically(text, to: file, creatingFolders: true)
        dirty = false
    }
}
