import CZlib
import Support

/// A streaming zlib inflater over a borrowed input buffer.
///
/// The input pointer must stay valid for the life of the inflater (callers keep it inside a
/// `withUnsafeBytes` scope or own the allocation). The `z_stream` lives in its own heap
/// allocation because zlib keeps a pointer back to it between calls.
final class Inflater {
    enum Format { case gzip, zlib }

    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeRawBufferPointer
    private var inputOffset = 0
    private let format: Format
    let file: String
    /// Decompressed bytes produced so far (over all gzip members).
    private(set) var produced = 0
    private(set) var finished = false

    init(input: UnsafeRawBufferPointer, format: Format, file: String) throws {
        self.input = input
        self.format = format
        self.file = file
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let bits: Int32 = format == .gzip ? 15 + 32 : 15
        let rc = inflateInit2_(stream, bits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if rc != Z_OK {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw DatasetError(.unreadable, file: file, "zlib could not start inflating (code \(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    private func feedInput() {
        if stream.pointee.avail_in == 0 && inputOffset < input.count {
            let n = min(input.count - inputOffset, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress!.advanced(by: inputOffset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(n)
            inputOffset += n
        }
    }

    private var inputRemaining: Int { Int(stream.pointee.avail_in) + (input.count - inputOffset) }
    private var inputConsumed: Int { input.count - inputRemaining }

    private func zlibMessage() -> String {
        if let msg = stream.pointee.msg { return String(cString: msg) }
        return "invalid compressed data"
    }

    private var formatName: String { format == .gzip ? "gzip" : "zlib" }

    /// Inflates into `out` until it is full or the stream ends. Returns the bytes written; a
    /// count below `out.count` means the stream has ended.
    func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < out.count && !finished {
            feedInput()
            let room = min(out.count - written, Int(UInt32.max))
            stream.pointee.next_out = out.baseAddress!.advanced(by: written).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(room)
            let rc = inflate(stream, Z_NO_FLUSH)
            let n = room - Int(stream.pointee.avail_out)
            written += n
            produced += n
            switch rc {
            case Z_OK:
                continue
            case Z_STREAM_END:
                try endOfMember()
            case Z_BUF_ERROR:
                if inputRemaining == 0 {
                    throw DatasetError(
                        .truncated, file: file,
                        "\(formatName) data is truncated: all \(input.count) compressed bytes read "
                            + "(\(produced) bytes decompressed) but the end-of-stream marker and trailer are missing")
                }
                throw DatasetError(.corruptGzip, file: file, "corrupt \(formatName) data: zlib can make no progress")
            case Z_NEED_DICT:
                throw DatasetError(.corruptGzip, file: file, "corrupt \(formatName) data: stream asks for a preset dictionary")
            case Z_MEM_ERROR:
                throw DatasetError(.unreadable, file: file, "out of memory while inflating")
            default:
                // Z_DATA_ERROR and anything else: say what zlib found (and where, inside the data).
                let msg = zlibMessage()
                let at = msg.hasSuffix("check") ? "" : " after \(inputConsumed) compressed bytes"
                throw DatasetError(.corruptGzip, file: file, "corrupt \(formatName) data\(at): \(describe(msg))")
            }
        }
        return written
    }

    /// Reads the rest of the stream only to find out whether it is intact; returns the gzip
    /// error if it is not. Used when the content looked wrong: a damaged stream can decode to a
    /// plausible but wrong header, and then the damage is the better explanation.
    /// At most `budget` more bytes are inflated: past it, nil (time stays bounded whatever the
    /// stream claims).
    func integrityError(budget: Int = .max) -> DatasetError? {
        if finished { return nil }
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        var inflated = 0
        do {
            while !finished && inflated < budget {
                inflated += try scratch.withUnsafeMutableBytes { try read(into: $0) }
            }
            return nil
        } catch let e as DatasetError {
            return e
        } catch {
            return nil
        }
    }

    private func describe(_ zlibMsg: String) -> String {
        switch zlibMsg {
        case "incorrect data check":
            return format == .gzip
                ? "CRC-32 in the trailer does not match the decompressed data (zlib: incorrect data check)"
                : "Adler-32 checksum does not match the decompressed data (zlib: incorrect data check)"
        case "incorrect length check":
            return "length in the trailer does not match the decompressed size (zlib: incorrect length check)"
        case "incorrect header check":
            return "header is not a valid \(formatName) header (zlib: incorrect header check)"
        default:
            return "zlib: \(zlibMsg)"
        }
    }

    private func endOfMember() throws {
        feedInput()
        let rest = inputRemaining
        if rest == 0 {
            finished = true
            return
        }
        let start = inputConsumed
        if format == .zlib {
            // Some encoders pad after the zlib stream; nothing there belongs to the data.
            finished = true
            return
        }
        if rest >= 2 && input[start] == 0x1f && input[start + 1] == 0x8b {
            // Another gzip member follows (multi-member file, e.g. `cat a.gz b.gz`).
            let rc = inflateReset(stream)
            if rc != Z_OK {
                throw DatasetError(.corruptGzip, file: file, "cannot restart zlib for the next gzip member (code \(rc))")
            }
            return
        }
        // `gzip -d` tolerates zero padding after the last member; so do we.
        var allZero = true
        for i in start..<input.count where input[i] != 0 {
            allZero = false
            break
        }
        if allZero {
            finished = true
            return
        }
        throw DatasetError(
            .trailingData, file: file,
            "expected end of file or another gzip member after \(start) compressed bytes but found \(rest) bytes of other data")
    }
}

/// Gzip decompression and compression through the system zlib.
public enum Gzip {
    /// True when the bytes start with the gzip magic `1f 8b`.
    public static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The ISIZE trailer (uncompressed size mod 2^32 of the last member), used as a size hint,
    /// capped by what deflate can possibly produce from this much input.
    static func sizeHint(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard bytes.count >= 18 else { return 1024 }
        let n = bytes.count
        let isize = Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24
        let maxPossible = bytes.count.multipliedReportingOverflow(by: 1032).partialValue
        return max(64, min(isize, maxPossible))
    }

    /// Decompresses gzip data (all members); data without the gzip magic is returned unchanged.
    /// `file` names the source in error messages; more than `limit` output bytes is an error.
    public static func decompress(_ bytes: [UInt8], file: String, limit: Int = Int.max) throws -> [UInt8] {
        guard isGzip(bytes) else { return bytes }
        return try bytes.withUnsafeBytes { try decompressGzip($0, file: file, limit: limit) }
    }

    /// Reads a file and decompresses it if it is gzip; a raw file is returned as read.
    public static func readFile(_ path: String, limit: Int = FileIO.defaultReadLimit) throws -> [UInt8] {
        let bytes = try DatasetError.fromFileIO { () throws(FileError) in try FileIO.readAll(path, limit: limit) }
        return try decompress(bytes, file: path, limit: limit)
    }

    /// Inflates gzip data straight into an array sized by the ISIZE hint, growing it if needed.
    static func decompressGzip(_ input: UnsafeRawBufferPointer, file: String, limit: Int = Int.max) throws -> [UInt8] {
        let inflater = try Inflater(input: input, format: .gzip, file: file)
        return try inflateAll(inflater, hint: sizeHint(input), limit: limit)
    }

    /// Inflates everything; more than `limit` bytes of output is an error (a decompression
    /// bomb or a header that lies), thrown before the memory is spent.
    static func inflateAll(_ inflater: Inflater, hint: Int, limit: Int = Int.max) throws -> [UInt8] {
        var out = try [UInt8](unsafeUninitializedCapacity: min(hint, limit)) { buf, count in
            count = try inflater.read(into: UnsafeMutableRawBufferPointer(buf))
        }
        // A full buffer may mean more data (wrong hint, several members): go on in chunks,
        // appended as they come (no zero-filling of room that may never be used).
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !inflater.finished {
            if out.count > limit {
                throw DatasetError(
                    .corruptGzip, file: inflater.file,
                    "expected at most \(limit) bytes after decompressing but the data holds more")
            }
            let want = min(chunk.count, limit == Int.max ? chunk.count : limit + 1 - out.count)
            let n = try chunk.withUnsafeMutableBytes { all in
                try inflater.read(into: UnsafeMutableRawBufferPointer(rebasing: all[0..<want]))
            }
            out.append(contentsOf: chunk[0..<n])
        }
        if out.count > limit {
            throw DatasetError(
                .corruptGzip, file: inflater.file,
                "expected at most \(limit) bytes after decompressing but the data holds more")
        }
        return out
    }

    /// Compresses into the gzip format (one member, no file name, mtime 0).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        bytes.withUnsafeBytes { Zlib.deflateBuffer($0, level: level, windowBits: 15 + 16) }
    }
}

/// The zlib stream format (RFC 1950) and CRC-32, for PNG.
public enum Zlib {
    /// Compresses into the zlib format (RFC 1950), as PNG's IDAT expects.
    public static func deflate(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        bytes.withUnsafeBytes { deflateBuffer($0, level: level, windowBits: 15) }
    }

    public static func deflate(_ bytes: UnsafeRawBufferPointer, level: Int32 = 6) -> [UInt8] {
        deflateBuffer(bytes, level: level, windowBits: 15)
    }

    /// Decompresses zlib-format data. `expectedSize` sizes the output buffer; more than
    /// `limit` output bytes is an error.
    public static func inflate(_ bytes: UnsafeRawBufferPointer, expectedSize: Int, file: String, limit: Int = Int.max) throws -> [UInt8] {
        let inflater = try Inflater(input: bytes, format: .zlib, file: file)
        return try Gzip.inflateAll(inflater, hint: max(64, expectedSize), limit: limit)
    }

    /// CRC-32 (the gzip/PNG polynomial), continuing from `crc`.
    public static func crc32(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var c = UInt(crc)
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, Int(UInt32.max))
            c = CZlib.crc32(c, bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(n))
            offset += n
        }
        return UInt32(truncatingIfNeeded: c)
    }

    public static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0, continuing: crc) }
    }

    static func deflateBuffer(_ input: UnsafeRawBufferPointer, level: Int32, windowBits: Int32) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        let rc = deflateInit2_(
            stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(rc == Z_OK, "deflateInit2_ failed with code \(rc)")
        defer { deflateEnd(stream) }
        let bound = Int(deflateBound(stream, uLong(input.count))) + 64
        var inOffset = 0
        let out = [UInt8](unsafeUninitializedCapacity: bound) { buf, count in
            var outOffset = 0
            var status = Z_OK
            while status != Z_STREAM_END {
                if stream.pointee.avail_in == 0 && inOffset < input.count {
                    let n = min(input.count - inOffset, Int(UInt32.max))
                    stream.pointee.next_in = UnsafeMutablePointer(
                        mutating: input.baseAddress!.advanced(by: inOffset).assumingMemoryBound(to: Bytef.self))
                    stream.pointee.avail_in = UInt32(n)
                    inOffset += n
                }
                let room = min(bound - outOffset, Int(UInt32.max))
                if room == 0 { break }
                stream.pointee.next_out = buf.baseAddress!.advanced(by: outOffset)
                stream.pointee.avail_out = UInt32(room)
                let flush = inOffset == input.count ? Z_FINISH : Z_NO_FLUSH
                status = CZlib.deflate(stream, flush)
                precondition(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR,
                             "deflate failed with code \(status)")
                outOffset += room - Int(stream.pointee.avail_out)
            }
            count = outOffset
        }
        precondition(stream.pointee.avail_in == 0, "deflate output exceeded deflateBound")
        return out
    }
}
