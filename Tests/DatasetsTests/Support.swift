import Foundation
import Testing

@testable import Datasets

/// A fresh temporary directory, removed when the value is dropped.
final class TempDir {
    let path: String

    init(_ label: String = "datasets") {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(label)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = file(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    func contents() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}

/// Small deterministic MNIST-shaped fixtures.
enum Fixture {
    /// `count` 28x28 images with a deterministic pattern (varied bytes, so deflate has literals).
    static func images(count: Int, side: Int = 28) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count * side * side)
        var state: UInt32 = 12345
        for i in 0..<out.count {
            state = state &* 1_103_515_245 &+ 12345
            out[i] = UInt8(truncatingIfNeeded: state >> 16)
        }
        return out
    }

    static func labels(count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 10) } }

    static func imagesFile(count: Int) -> [UInt8] {
        IDX.encode(dimensions: [count, 28, 28], data: images(count: count))
    }

    static func labelsFile(count: Int) -> [UInt8] {
        IDX.encode(dimensions: [count], data: labels(count: count))
    }

    /// Writes a complete fake MNIST (train `n`, test `m`) into `dir`, gzipped or raw.
    static func writeMNIST(into dir: TempDir, train n: Int = 3, test m: Int = 2, gzip: Bool) {
        let files: [(MNISTFile, [UInt8])] = [
            (.trainImages, imagesFile(count: n)), (.trainLabels, labelsFile(count: n)),
            (.testImages, imagesFile(count: m)), (.testLabels, labelsFile(count: m)),
        ]
        for (f, bytes) in files {
            if gzip {
                dir.write(f.gzipName, Gzip.compress(bytes))
            } else {
                dir.write(f.fileName, bytes)
            }
        }
    }

    /// The SHA-256 of each fixture file (decompressed), for checks and injected downloads.
    static func sums(train n: Int = 3, test m: Int = 2) -> [MNISTFile: String] {
        [
            .trainImages: SHA256.hex(imagesFile(count: n)), .trainLabels: SHA256.hex(labelsFile(count: n)),
            .testImages: SHA256.hex(imagesFile(count: m)), .testLabels: SHA256.hex(labelsFile(count: m)),
        ]
    }
}

/// Where the real MNIST files are: `MNIST_DIR`, else `../shared/data/mnist` from the package root.
enum RealMNIST {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let directory: String? = {
        var isDir: ObjCBool = false
        if let env = ProcessInfo.processInfo.environment["MNIST_DIR"], !env.isEmpty,
            FileManager.default.fileExists(atPath: env, isDirectory: &isDir), isDir.boolValue
        {
            return env
        }
        let fallback = packageRoot + "/../shared/data/mnist"
        if FileManager.default.fileExists(atPath: fallback, isDirectory: &isDir), isDir.boolValue {
            return fallback
        }
        return nil
    }()

    static var isCI: Bool {
        let ci = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !ci.isEmpty && ci != "0" && ci.lowercased() != "false"
    }

    /// Run the real-data tests when the data is there, or on CI (where its absence fails).
    static var shouldRun: Bool { directory != nil || isCI }

    /// The directory, or a recorded issue (on CI) when it is missing.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if let directory { return directory }
        Issue.record(
            "real MNIST not found: set MNIST_DIR or provide ../shared/data/mnist next to the package root",
            sourceLocation: sourceLocation)
        return nil
    }

    /// Loaded once for all tests (without hashing; checksum tests hash on their own).
    static let loaded: Result<MNIST, Error>? = {
        guard let directory else { return nil }
        return Result { try MNIST.load(from: directory, options: .init(verification: .off, stampFile: nil)) }
    }()
}

/// The error thrown by `body`, as a `DatasetError` (recording an issue if it is something else).
func datasetError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> DatasetError? {
    do {
        try body()
        Issue.record("expected a DatasetError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let e as DatasetError {
        #expect(!e.description.contains("\n"), "error description must be one line", sourceLocation: sourceLocation)
        return e
    } catch {
        Issue.record("expected a DatasetError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
