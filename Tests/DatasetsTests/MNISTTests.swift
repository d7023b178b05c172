import Foundation
import Testing

@testable import Datasets

@Suite struct MNISTFixtureTests {
    let noStamp = MNIST.LoadOptions(verification: .report, stampFile: nil)

    @Test(arguments: [false, true])
    func loadsFixture(gzip: Bool) throws {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, train: 3, test: 2, gzip: gzip)
        let m = try MNIST.load(from: dir.path, options: noStamp)
        #expect(m.train.count == 3 && m.train.rows == 28 && m.train.cols == 28)
        #expect(m.test.count == 2)
        #expect(m.train.images == Fixture.images(count: 3))
        #expect(m.train.labels == [0, 1, 2])
        #expect(Array(m.test.image(1)) == Array(Fixture.images(count: 2)[784..<1568]))
        // Not canonical MNIST: loads, and the checks say so.
        #expect(m.checks.map(\.status) == [.differs, .differs, .differs, .differs])
        #expect(m.checks[1].sha256 == SHA256.hex(Fixture.labelsFile(count: 3)))
        #expect(!m.isVerifiedCanonical)
        #expect(m.mismatches.count == 4)
        let suffix = gzip ? ".gz" : ""
        #expect(m.checks[3].description == "\(dir.path)/t10k-labels-idx1-ubyte\(suffix): SHA-256 of the decompressed bytes is \(SHA256.hex(Fixture.labelsFile(count: 2))) but canonical MNIST has \(MNISTFile.testLabels.sha256)")
        // Verification off: nothing hashed.
        let off = try MNIST.load(from: dir.path, verify: false)
        #expect(off.checks.map(\.status) == [.notChecked, .notChecked, .notChecked, .notChecked])
    }

    @Test func strictThrowsOnMismatch() {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: true)
        let e = datasetError { _ = try MNIST.load(from: dir.path, options: .init(verification: .strict, stampFile: nil)) }
        #expect(e?.kind == .checksumMismatch)
        #expect(e?.description == "\(dir.path)/train-images-idx3-ubyte.gz: expected SHA-256 \(MNISTFile.trainImages.sha256) (canonical MNIST, decompressed) but found \(SHA256.hex(Fixture.imagesFile(count: 3)))")
    }

    @Test func rawPreferredOverGz() throws {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: true)
        dir.write(MNISTFile.trainLabels.fileName, Fixture.labelsFile(count: 3))
        #expect(MNIST.locate(.trainLabels, in: dir.path) == dir.file("train-labels-idx1-ubyte"))
        #expect(MNIST.locate(.trainImages, in: dir.path) == dir.file("train-images-idx3-ubyte.gz"))
        #expect(MNIST.locate(.trainImages, in: dir.path + "/") == dir.file("train-images-idx3-ubyte.gz"))
    }

    @Test(arguments: [false, true])
    func countMismatch(gzip: Bool) {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: gzip)
        let bytes = Fixture.labelsFile(count: 2)
        if gzip { dir.write("train-labels-idx1-ubyte.gz", Gzip.compress(bytes)) } else { dir.write("train-labels-idx1-ubyte", bytes) }
        let s = gzip ? ".gz" : ""
        let e = datasetError { _ = try MNIST.load(from: dir.path, options: noStamp) }
        #expect(e?.kind == .countMismatch)
        #expect(e?.description == "\(dir.path)/train-images-idx3-ubyte\(s), \(dir.path)/train-labels-idx1-ubyte\(s): image and label counts differ: train-images-idx3-ubyte\(s) holds 3 images but train-labels-idx1-ubyte\(s) holds 2 labels")
    }

    @Test(arguments: [false, true])
    func labelOutOfRange(gzip: Bool) {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: gzip)
        let bytes = IDX.encode(dimensions: [2], data: [3, 12])
        if gzip { dir.write("t10k-labels-idx1-ubyte.gz", Gzip.compress(bytes)) } else { dir.write("t10k-labels-idx1-ubyte", bytes) }
        let e = datasetError { _ = try MNIST.load(from: dir.path, options: noStamp) }
        #expect(e?.kind == .labelOutOfRange)
        #expect(e?.description == "\(dir.path)/t10k-labels-idx1-ubyte\(gzip ? ".gz" : ""): expected labels 0...9 but label 1 is 12")
    }

    @Test func wrongImageSize() {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: true)
        dir.write("t10k-images-idx3-ubyte.gz", Gzip.compress(IDX.encode(dimensions: [2, 2, 3], data: [UInt8](repeating: 1, count: 12))))
        let e = datasetError { _ = try MNIST.load(from: dir.path, options: noStamp) }
        #expect(e?.kind == .badDimensions)
        #expect(e?.description == "\(dir.path)/t10k-images-idx3-ubyte.gz: expected 28x28 images but header says (2, 2, 3)")
    }

    @Test func missingFileSaysHowToGetIt() {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: true)
        try? FileManagerShim.remove(dir.file("t10k-images-idx3-ubyte.gz"))
        let e = datasetError { _ = try MNIST.load(from: dir.path, options: noStamp) }
        #expect(e?.kind == .fileNotFound)
        #expect(e?.description == "\(dir.path)/t10k-images-idx3-ubyte.gz: file not found (looked for t10k-images-idx3-ubyte.gz and t10k-images-idx3-ubyte in \(dir.path)); get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy")
    }

    /// A corrupt file among good ones: the error names the corrupt file.
    @Test func corruptOneOfFour() {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: true)
        var gz = Gzip.compress(Fixture.labelsFile(count: 3))
        gz[gz.count - 7] ^= 0x10
        dir.write("train-labels-idx1-ubyte.gz", gz)
        let e = datasetError { _ = try MNIST.load(from: dir.path, options: noStamp) }
        #expect(e?.kind == .corruptGzip)
        #expect(e?.file == dir.file("train-labels-idx1-ubyte.gz"))
    }

    /// The stamp cache remembers a computed sum and is used while the file is unchanged.
    @Test func stampCache() throws {
        let dir = TempDir()
        Fixture.writeMNIST(into: dir, gzip: true)
        let stamps = dir.file("cache/stamps.txt")
        let options = MNIST.LoadOptions(verification: .report, stampFile: stamps)
        let first = try MNIST.load(from: dir.path, options: options)
        #expect(first.checks.allSatisfy { !$0.fromStamp && $0.sha256 != nil })
        let second = try MNIST.load(from: dir.path, options: options)
        #expect(second.checks.allSatisfy { $0.fromStamp })
        #expect(second.checks.map(\.sha256) == first.checks.map(\.sha256))
        // Rewriting a file (new inode / mtime / size) invalidates its stamp.
        dir.write("t10k-labels-idx1-ubyte.gz", Gzip.compress(Fixture.labelsFile(count: 2)) + [])
        dir.write("train-labels-idx1-ubyte.gz", Gzip.compress(IDX.encode(dimensions: [3], data: [9, 9, 9])))
        let third = try MNIST.load(from: dir.path, options: options)
        #expect(third.checks[1].fromStamp == false)
        #expect(third.checks[1].sha256 == SHA256.hex(IDX.encode(dimensions: [3], data: [9, 9, 9])))
        #expect(third.checks[0].fromStamp == true)
    }
}

enum FileManagerShim {
    static func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: path) }
}

/// The real files (MNIST_DIR or ../shared/data/mnist). Skipped when absent, failed on CI.
@Suite(.enabled(if: RealMNIST.shouldRun, "real MNIST not present (set MNIST_DIR)"))
struct RealMNISTTests {
    func mnist() throws -> MNIST? {
        guard RealMNIST.require() != nil, let loaded = RealMNIST.loaded else { return nil }
        return try loaded.get()
    }

    @Test func shapesAndLabels() throws {
        guard let m = try mnist() else { return }
        #expect(m.train.count == 60000 && m.train.rows == 28 && m.train.cols == 28)
        #expect(m.test.count == 10000 && m.test.rows == 28 && m.test.cols == 28)
        #expect(m.train.images.count == 47_040_000 && m.test.images.count == 7_840_000)
        #expect(Array(m.train.labels.prefix(10)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        let trainCounts = MNISTInfo.labelCounts(m.train.labels)
        let testCounts = MNISTInfo.labelCounts(m.test.labels)
        #expect(trainCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(testCounts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        #expect(trainCounts.reduce(0, +) == 60000 && testCounts.reduce(0, +) == 10000)
    }

    @Test func meanAndStd() throws {
        guard let m = try mnist() else { return }
        #if DEBUG
        // Debug builds are slow: the first 2000 images (the full set is checked in release).
        let stats = PixelStatistics(Array(m.train.images[0..<(2000 * 784)]))
        #expect(stats.min == 0 && stats.max == 255)
        #expect(abs(stats.mean - 0.1306604762738429) < 0.01)
        #else
        let stats = PixelStatistics(m.train.images)
        #expect(abs(stats.mean - 0.1306604762738429) < 1e-12)
        #expect(abs(stats.std - 0.3081078038564622) < 1e-12)
        #expect(stats.min == 0 && stats.max == 255)
        #endif
    }

    /// The canonical checksums. Debug hashes the label files only (the image files take
    /// seconds in an unoptimized build); release verifies all four through `load`.
    @Test func checksums() throws {
        guard let dir = RealMNIST.require() else { return }
        #if DEBUG
        for file in [MNISTFile.trainLabels, .testLabels] {
            let path = try #require(MNIST.locate(file, in: dir))
            #expect(SHA256.hex(try Gzip.readFile(path)) == file.sha256)
        }
        #else
        let m = try MNIST.load(from: dir, options: .init(verification: .strict, stampFile: nil))
        #expect(m.isVerifiedCanonical)
        #expect(m.checks.map(\.sha256) == MNISTFile.allCases.map(\.sha256))
        #expect(m.checks.allSatisfy { !$0.fromStamp })
        #endif
    }
}
