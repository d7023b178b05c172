#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Support
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Dispatch

/// Fetches the four MNIST files from public mirrors, verifies the SHA-256 of their decompressed
/// bytes and writes them atomically (temporary file in the same directory, then rename).
public struct MNISTDownload: Sendable {
    /// Public mirrors, tried in order; the original site last.
    public static let defaultMirrors: [String] = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]

    /// A failed fetch. `unreachable` means the mirror itself cannot be reached (no network, no
    /// such host, refused, timed out): it is then skipped for the remaining files.
    public struct FetchError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public let unreachable: Bool
        public init(_ message: String, unreachable: Bool) {
            self.message = message
            self.unreachable = unreachable
        }
        public var description: String { message }
    }

    /// Fetches one URL with the given timeout in seconds.
    public typealias Fetch = @Sendable (_ url: String, _ timeout: Double) throws -> [UInt8]

    /// What happened to one file.
    public struct Outcome: Sendable, Equatable {
        public enum Status: Sendable, Equatable {
            /// Already there with the canonical checksum; not downloaded.
            case alreadyPresent
            /// Downloaded from this mirror.
            case downloaded(mirror: String)
        }
        public let file: MNISTFile
        public let path: String
        public let status: Status
        public let bytes: Int
    }

    /// Decompressed size above which a download is rejected (the largest MNIST file is 47 MB).
    static let maxFileSize = 64 << 20

    public var mirrors: [String]
    /// Seconds without progress before a request gives up.
    public var timeout: Double
    public var fetch: Fetch
    /// Expected SHA-256 of each decompressed file (the canonical sums unless a test injects others).
    public var expectedSHA256: [MNISTFile: String]
    /// Where verified sums are remembered (as `MNIST.load` does), so the first load after a
    /// download need not hash again. `nil` records nothing.
    public var stampFile: String?

    public init(
        mirrors: [String] = MNISTDownload.defaultMirrors, timeout: Double = 5,
        fetch: @escaping Fetch = MNISTDownload.urlSessionFetch,
        expectedSHA256: [MNISTFile: String] = Dictionary(uniqueKeysWithValues: MNISTFile.allCases.map { ($0, $0.sha256) }),
        stampFile: String? = MNISTLocation.defaultStampFile()
    ) {
        self.mirrors = mirrors
        self.timeout = timeout
        self.fetch = fetch
        self.expectedSHA256 = expectedSHA256
        self.stampFile = stampFile
    }

    /// Downloads the missing or damaged files into `directory` (created if needed). A file
    /// already present with the right checksum is kept unless `force`. `log` gets one line per
    /// step, without timings.
    public func run(into directory: String, force: Bool = false, log: (String) -> Void = { _ in }) throws -> [Outcome] {
        try DatasetError.fromFileIO { () throws(FileError) in try FileIO.makeDirectories(directory, for: directory) }
        var deadMirrors = Set<String>()
        var outcomes = [Outcome]()
        let stamps = stampFile.map { StampCache(file: $0) }
        defer { stamps?.save() }
        func remember(_ path: String, _ sum: String) {
            if let stamps, let status = FileIO.status(path) { stamps.record(path: path, status: status, sha256: sum) }
        }
        for file in MNISTFile.allCases {
            let expected = expectedSHA256[file] ?? file.sha256
            if !force, let existing = MNIST.locate(file, in: directory),
                let bytes = try? Gzip.readFile(existing), SHA256.hex(bytes) == expected
            {
                remember(existing, expected)
                log("\(file.gzipName): already present, checksum ok")
                outcomes.append(Outcome(file: file, path: existing, status: .alreadyPresent, bytes: bytes.count))
                continue
            }
            var failures = [String]()
            var done = false
            for mirror in mirrors {
                let host = MNISTDownload.hostLabel(mirror)
                if deadMirrors.contains(mirror) {
                    failures.append("\(host): skipped (unreachable before)")
                    continue
                }
                let url = mirror.hasSuffix("/") ? mirror + file.gzipName : mirror + "/" + file.gzipName
                let data: [UInt8]
                do {
                    data = try fetch(url, timeout)
                } catch let error as FetchError {
                    failures.append("\(host): \(error.message)")
                    if error.unreachable { deadMirrors.insert(mirror) }
                    continue
                } catch {
                    failures.append("\(host): \(error)")
                    continue
                }
                let content: [UInt8]
                do {
                    content = try Gzip.decompress(data, file: url, limit: MNISTDownload.maxFileSize)
                } catch let error as DatasetError {
                    failures.append("\(host): \(error.detail)")
                    continue
                }
                let sum = SHA256.hex(content)
                if sum != expected {
                    failures.append("\(host): SHA-256 of the decompressed bytes is \(sum), expected \(expected)")
                    continue
                }
                // Store what was served: .gz if compressed, else the raw name.
                let name = Gzip.isGzip(data) ? file.gzipName : file.fileName
                let path = FileIO.join(directory, name)
                try DatasetError.fromFileIO { () throws(FileError) in try FileIO.writeAtomically(data, to: path) }
                // Remove a stale copy under the other name so the loader cannot pick it.
                let other = FileIO.join(directory, name == file.gzipName ? file.fileName : file.gzipName)
                if FileIO.isRegularFile(other) { _ = unlink(other) }
                remember(path, sum)
                log("\(name): downloaded from \(host), checksum ok")
                outcomes.append(Outcome(file: file, path: path, status: .downloaded(mirror: mirror), bytes: content.count))
                done = true
                break
            }
            if !done {
                throw DatasetError(
                    .downloadFailed, file: file.gzipName,
                    "could not download from any mirror (" + failures.joined(separator: "; ")
                        + "); if you have a copy of the MNIST files, pass --data DIR or set MNIST_DIR to its folder")
            }
        }
        return outcomes
    }

    static func hostLabel(_ mirror: String) -> String {
        guard let url = URL(string: mirror) else { return mirror }
        if url.isFileURL { return mirror }
        return url.host ?? mirror
    }

    /// The default fetch: `file://` URLs are read directly; others go through URLSession with
    /// `timeout` seconds of allowed inactivity.
    public static let urlSessionFetch: Fetch = { urlString, timeout in
        guard let url = URL(string: urlString) else {
            throw FetchError("not a valid URL", unreachable: true)
        }
        if url.isFileURL {
            do {
                return try DatasetError.fromFileIO { () throws(FileError) in try FileIO.readAll(url.path) }
            } catch let error as DatasetError {
                throw FetchError(error.detail, unreachable: error.kind != .fileNotFound)
            }
        }
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = max(timeout, 900)
        let session = URLSession(configuration: config)
        defer { session.finishTasksAndInvalidate() }
        let box = FetchBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: url) { data, response, error in
            box.set(data: data, response: response, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, response, error) = box.get()
        if let error {
            throw describe(error, timeout: timeout)
        }
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            throw FetchError("HTTP \(http.statusCode)", unreachable: false)
        }
        guard let data, !data.isEmpty else {
            throw FetchError("empty response", unreachable: false)
        }
        return [UInt8](data)
    }

    static func describe(_ error: Error, timeout: Double) -> FetchError {
        if let e = error as? URLError {
            switch e.code {
            case .cannotFindHost, .dnsLookupFailed:
                return FetchError("cannot resolve host (offline?)", unreachable: true)
            case .notConnectedToInternet:
                return FetchError("not connected to a network", unreachable: true)
            case .cannotConnectToHost:
                return FetchError("cannot connect to host", unreachable: true)
            case .timedOut:
                return FetchError("no answer within \(Int(timeout)) s", unreachable: true)
            case .networkConnectionLost:
                return FetchError("connection lost", unreachable: false)
            default:
                return FetchError("network error \(e.code.rawValue)", unreachable: false)
            }
        }
        return FetchError(MessageText.oneLine(String(describing: error)), unreachable: false)
    }
}

/// Carries the completion handler's results back to the waiting thread.
private final class FetchBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: Error?

    func set(data: Data?, response: URLResponse?, error: Error?) {
        lock.lock()
        self.data = data
        self.response = response
        self.error = error
        lock.unlock()
    }

    func get() -> (Data?, URLResponse?, Error?) {
        lock.lock()
        defer { lock.unlock() }
        return (data, response, error)
    }
}
