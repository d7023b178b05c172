import Foundation
import Support
import Testing

@testable import Datasets

@Suite struct MNISTLocationTests {
    @Test func cacheDirectories() {
        #if os(macOS)
        #expect(MNISTLocation.cacheDirectory(environment: ["HOME": "/Users/ada"]) == "/Users/ada/Library/Caches/backprop-explorer/mnist")
        #else
        #expect(MNISTLocation.cacheDirectory(environment: ["HOME": "/home/ada"]) == "/home/ada/.cache/backprop-explorer/mnist")
        #expect(MNISTLocation.cacheDirectory(environment: ["HOME": "/home/ada", "XDG_CACHE_HOME": "/xdg"]) == "/xdg/backprop-explorer/mnist")
        // A relative XDG_CACHE_HOME is invalid by the spec and ignored.
        #expect(MNISTLocation.cacheDirectory(environment: ["HOME": "/home/ada", "XDG_CACHE_HOME": "rel"]) == "/home/ada/.cache/backprop-explorer/mnist")
        #expect(MNISTLocation.defaultStampFile(environment: ["HOME": "/home/ada"]) == "/home/ada/.cache/backprop-explorer/verified-sha256.txt")
        #endif
    }

    @Test func candidateOrder() {
        let env = ["HOME": "/home/ada", "MNIST_DIR": "/data/mnist"]
        #expect(MNISTLocation.candidates(dataOption: "d", environment: env).map(\.directory) == ["d"])
        let list = MNISTLocation.candidates(dataOption: nil, environment: env)
        #expect(list.map(\.source) == ["MNIST_DIR", "cache"])
        #expect(list.map(\.directory) == ["/data/mnist", "/home/ada/.cache/backprop-explorer/mnist"])
        #expect(MNISTLocation.candidates(dataOption: nil, environment: ["HOME": "/h"]).map(\.source) == ["cache"])
    }

    @Test func resolvesFirstCompleteDirectory() throws {
        let home = TempDir("home"), data = TempDir("data")
        let cache = home.path + "/.cache/backprop-explorer/mnist"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for f in MNISTFile.allCases { _ = FileManager.default.createFile(atPath: cache + "/" + f.gzipName, contents: Data([1])) }
        // MNIST_DIR lacks two files: the cache, which has all four, wins.
        data.write(MNISTFile.trainImages.gzipName, [1])
        data.write(MNISTFile.trainLabels.fileName, [1])
        let env = ["HOME": home.path, "MNIST_DIR": data.path, "XDG_CACHE_HOME": ""]
        #expect(try MNISTLocation.resolve(dataOption: nil, environment: env) == cache)
        // An explicit --data is the only place looked at.
        let e = datasetError { _ = try MNISTLocation.resolve(dataOption: data.path, environment: env) }
        #expect(e?.kind == .fileNotFound)
        #expect(e?.description == "t10k-images-idx3-ubyte.gz: MNIST file not found; looked in --data \(data.path) (missing t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz); get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy")
    }

    @Test func loadThroughLocation() throws {
        let home = TempDir("home"), data = TempDir("data")
        Fixture.writeMNIST(into: data, gzip: true)
        let env = ["HOME": home.path, "MNIST_DIR": data.path]
        let m = try MNIST.load(dataOption: nil, options: .init(verification: .off, stampFile: nil), environment: env)
        #expect(m.train.count == 3 && m.test.count == 2)
        let e = datasetError { _ = try MNIST.load(dataOption: home.path, environment: env) }
        #expect(e?.kind == .fileNotFound)
    }

    @Test func errorListsEveryPlace() {
        let home = TempDir("home"), data = TempDir("data")
        data.write(MNISTFile.trainImages.gzipName, [1])
        let env = ["HOME": home.path, "MNIST_DIR": data.path]
        let e = datasetError { _ = try MNISTLocation.resolve(dataOption: nil, environment: env) }
        #expect(e?.description == "train-labels-idx1-ubyte.gz: MNIST file not found; looked in MNIST_DIR \(data.path) (missing train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz); cache \(home.path)/.cache/backprop-explorer/mnist (no such directory); get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy")
    }
}

/// Counts fetches; shared by @Sendable closures.
final class FetchLog: @unchecked Sendable {
    private let lock = NSLock()
    private var urls = [String]()
    func add(_ url: String) { lock.lock(); urls.append(url); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return urls }
}

@Suite struct MNISTDownloadTests {
    static let sums = Fixture.sums()

    /// A local mirror folder holding the gzipped fixture files.
    static func mirror() -> TempDir {
        let dir = TempDir("mirror")
        Fixture.writeMNIST(into: dir, gzip: true)
        return dir
    }

    @Test func fromFileMirror() throws {
        let mirror = Self.mirror(), target = TempDir("target")
        let dest = target.path + "/nested/mnist"
        var log = [String]()
        let stamps = target.path + "/stamps.txt"
        let download = MNISTDownload(mirrors: ["file://" + mirror.path + "/"], expectedSHA256: Self.sums, stampFile: stamps)
        let outcomes = try download.run(into: dest) { log.append($0) }
        #expect(outcomes.map(\.status) == Array(repeating: .downloaded(mirror: "file://" + mirror.path + "/"), count: 4))
        #expect(outcomes.map(\.bytes) == [2368, 11, 1584, 10])
        #expect(log.first == "train-images-idx3-ubyte.gz: downloaded from file://\(mirror.path)/, checksum ok")
        let files = try FileManager.default.contentsOfDirectory(atPath: dest).sorted()
        #expect(files == MNISTFile.allCases.map(\.gzipName).sorted())  // no temporary files left
        let m = try MNIST.load(from: dest, options: .init(verification: .report, stampFile: nil))
        #expect(m.checks.map { $0.sha256 } == MNISTFile.allCases.map { Self.sums[$0] })
        // The download remembered the verified sums: loading with the same stamps hashes nothing.
        let stamped = try MNIST.load(from: dest, options: .init(verification: .report, stampFile: stamps))
        #expect(stamped.checks.allSatisfy { $0.fromStamp })
        #expect(stamped.checks.map { $0.sha256 } == MNISTFile.allCases.map { Self.sums[$0] })
        // Second run: everything already there.
        let again = try download.run(into: dest)
        #expect(again.map(\.status) == Array(repeating: .alreadyPresent, count: 4))
    }

    @Test func fallsBackToNextMirrorAndSkipsUnreachable() throws {
        let good = Self.mirror(), target = TempDir("target")
        let goodPath = good.path
        let calls = FetchLog()
        let fetch: MNISTDownload.Fetch = { url, timeout in
            calls.add(url)
            if url.hasPrefix("https://down.invalid/") {
                throw MNISTDownload.FetchError("cannot resolve host (offline?)", unreachable: true)
            }
            if url.hasPrefix("https://damaged.invalid/") {
                var gz = Gzip.compress(Fixture.labelsFile(count: 3))
                gz[gz.count - 6] ^= 1
                return gz
            }
            return try FileIO.readAll(goodPath + "/" + (url.split(separator: "/").last.map(String.init) ?? ""))
        }
        let download = MNISTDownload(
            mirrors: ["https://down.invalid/", "https://damaged.invalid/", "https://good.invalid/"],
            fetch: fetch, expectedSHA256: Self.sums, stampFile: nil)
        let outcomes = try download.run(into: target.path)
        #expect(outcomes.allSatisfy { $0.status == .downloaded(mirror: "https://good.invalid/") })
        // The unreachable mirror is asked once, then skipped; the damaged one is asked each time.
        #expect(calls.all.filter { $0.hasPrefix("https://down.invalid/") }.count == 1)
        #expect(calls.all.filter { $0.hasPrefix("https://damaged.invalid/") }.count == 4)
        #expect(target.contents() == MNISTFile.allCases.map(\.gzipName).sorted())
    }

    /// When every mirror fails, an existing (damaged) file is left untouched and no partial file remains.
    @Test func failureLeavesExistingFileAlone() {
        let target = TempDir("target")
        target.write(MNISTFile.trainImages.gzipName, [1, 2, 3])
        let fetch: MNISTDownload.Fetch = { _, _ in Gzip.compress([9, 9, 9]) }
        let download = MNISTDownload(mirrors: ["https://a.invalid/", "https://b.invalid/"], fetch: fetch, expectedSHA256: Self.sums, stampFile: nil)
        let e = datasetError { _ = try download.run(into: target.path) }
        #expect(e?.kind == .downloadFailed)
        #expect(e?.description == "train-images-idx3-ubyte.gz: could not download from any mirror (a.invalid: SHA-256 of the decompressed bytes is \(SHA256.hex([9, 9, 9])), expected \(Self.sums[.trainImages]!); b.invalid: SHA-256 of the decompressed bytes is \(SHA256.hex([9, 9, 9])), expected \(Self.sums[.trainImages]!)); if you have a copy of the MNIST files, pass --data DIR or set MNIST_DIR to its folder")
        #expect(target.contents() == [MNISTFile.trainImages.gzipName])
        #expect((try? FileIO.readAll(target.file(MNISTFile.trainImages.gzipName))) == [1, 2, 3])
    }

    /// Offline (or with unreachable mirrors) the real network path fails within seconds.
    @Test func offlineFailsFast() {
        let target = TempDir("target")
        let start = Date()
        let download = MNISTDownload(mirrors: ["https://mnist-mirror.invalid/", "http://127.0.0.1:9/"], timeout: 3, expectedSHA256: Self.sums, stampFile: nil)
        let e = datasetError { _ = try download.run(into: target.path) }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 10)
        #expect(e?.kind == .downloadFailed)
        #expect(e?.description.hasPrefix("train-images-idx3-ubyte.gz: could not download from any mirror (mnist-mirror.invalid: ") == true)
        #expect(e?.description.hasSuffix("pass --data DIR or set MNIST_DIR to its folder") == true)
        #expect(target.contents().isEmpty)
    }

    @Test func atomicWrite() throws {
        let dir = TempDir()
        let path = dir.file("f.bin")
        try FileIO.writeAtomically([1, 2], to: path)
        try FileIO.writeAtomically([3], to: path)
        #expect(try FileIO.readAll(path) == [3])
        #expect(dir.contents() == ["f.bin"])
        let e = datasetError {
            try DatasetError.fromFileIO { () throws(FileError) in try FileIO.writeAtomically([1], to: dir.path + "/missing/dir/f.bin") }
        }
        #expect(e?.kind == .writeFailed)
        #expect(e?.description.hasPrefix("\(dir.path)/missing/dir/f.bin: cannot create temporary file") == true)
    }
}
