#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Support
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The four canonical MNIST files (Y. LeCun, C. Cortes, C. Burges).
public enum MNISTFile: String, CaseIterable, Sendable {
    case trainImages = "train-images-idx3-ubyte"
    case trainLabels = "train-labels-idx1-ubyte"
    case testImages = "t10k-images-idx3-ubyte"
    case testLabels = "t10k-labels-idx1-ubyte"

    /// The raw file name; the loader accepts it with or without `.gz`.
    public var fileName: String { rawValue }
    /// The compressed name, as the mirrors serve it and as `download` stores it.
    public var gzipName: String { rawValue + ".gz" }

    /// SHA-256 of the canonical *decompressed* file.
    public var sha256: String {
        switch self {
        case .trainImages: return "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
        case .trainLabels: return "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
        case .testImages: return "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
        case .testLabels: return "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
        }
    }

    /// Size of the canonical decompressed file in bytes.
    public var uncompressedSize: Int {
        switch self {
        case .trainImages: return 47_040_016
        case .trainLabels: return 60_008
        case .testImages: return 7_840_016
        case .testLabels: return 10_008
        }
    }

    public var isImages: Bool { self == .trainImages || self == .testImages }
    public var isTraining: Bool { self == .trainImages || self == .trainLabels }
    var magic: UInt32 { isImages ? IDX.imagesMagic : IDX.labelsMagic }
    var itemName: String { isImages ? "images" : "labels" }
}

/// One split of MNIST: `count` images of `rows` x `cols` bytes (0 = background, 255 = ink),
/// row-major and back to back, and one label 0...9 per image.
public struct MNISTSplit: Sendable, Equatable {
    public let count: Int
    public let rows: Int
    public let cols: Int
    /// `count * rows * cols` bytes: image `i` is `images[i*rows*cols ..< (i+1)*rows*cols]`.
    public let images: [UInt8]
    /// `count` labels, each in 0...9.
    public let labels: [UInt8]

    public init(count: Int, rows: Int, cols: Int, images: [UInt8], labels: [UInt8]) {
        precondition(images.count == count * rows * cols, "MNISTSplit: images.count must be count*rows*cols")
        precondition(labels.count == count, "MNISTSplit: labels.count must be count")
        self.count = count
        self.rows = rows
        self.cols = cols
        self.images = images
        self.labels = labels
    }

    public var pixelsPerImage: Int { rows * cols }

    /// The pixels of image `index` (a slice of `images`, no copy).
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        precondition(index >= 0 && index < count, "MNISTSplit.image: index out of range")
        let n = rows * cols
        return images[(index * n)..<((index + 1) * n)]
    }
}

/// The outcome of checking one file against the canonical checksum.
public struct MNISTFileCheck: Sendable, Equatable, CustomStringConvertible {
    public enum Status: String, Sendable, Equatable {
        /// The decompressed bytes have the canonical SHA-256.
        case matches
        /// They differ: a variant or a damaged copy that still parses.
        case differs
        /// Verification was off.
        case notChecked
    }

    public let file: MNISTFile
    /// The path read, as built from the caller's directory.
    public let path: String
    public let status: Status
    /// The SHA-256 of the decompressed bytes, when checked.
    public let sha256: String?
    /// True when the sum came from the verification stamp cache instead of hashing.
    public let fromStamp: Bool

    public var expectedSHA256: String { file.sha256 }

    /// One line, e.g. `t10k-labels-idx1-ubyte.gz: SHA-256 of the decompressed bytes is 1234…
    /// but canonical MNIST has ff7b…`.
    public var description: String {
        switch status {
        case .matches:
            return "\(path): SHA-256 of the decompressed bytes matches canonical MNIST"
        case .differs:
            return "\(path): SHA-256 of the decompressed bytes is \(sha256 ?? "?") but canonical MNIST has \(file.sha256)"
        case .notChecked:
            return "\(path): not verified"
        }
    }
}

/// The MNIST data set: 60000 training and 10000 test images of 28x28 digits.
public struct MNIST: Sendable {
    public let train: MNISTSplit
    public let test: MNISTSplit
    /// One check per file, in `MNISTFile.allCases` order.
    public let checks: [MNISTFileCheck]

    public init(train: MNISTSplit, test: MNISTSplit, checks: [MNISTFileCheck] = []) {
        self.train = train
        self.test = test
        self.checks = checks
    }

    /// True when every file was checked and matches the canonical checksum.
    public var isVerifiedCanonical: Bool {
        checks.count == MNISTFile.allCases.count && checks.allSatisfy { $0.status == .matches }
    }

    /// Files whose checksum differs from canonical MNIST (they parsed fine).
    public var mismatches: [MNISTFileCheck] { checks.filter { $0.status == .differs } }

    public static let imageSide = 28

    /// How strictly `load` checks the files against the canonical checksums.
    public enum Verification: Sendable, Equatable {
        /// No hashing at all.
        case off
        /// Hash and report in `checks`; a differing file still loads.
        case report
        /// Hash and throw `DatasetError(.checksumMismatch)` for a differing file.
        case strict
    }

    public struct LoadOptions: Sendable, Equatable {
        public var verification: Verification
        /// A file remembering verified sums by path, size, mtime and inode, so an unchanged file
        /// is not hashed again. `nil` hashes every time.
        public var stampFile: String?

        public init(verification: Verification = .report, stampFile: String? = MNISTLocation.defaultStampFile()) {
            self.verification = verification
            self.stampFile = stampFile
        }
    }

    /// Loads the four files from `directory` (each as `NAME` or `NAME.gz`, raw or gzip by
    /// content). With `verify`, checksums are computed (or taken from the stamp cache) and
    /// reported in `checks`; a differing file still loads.
    public static func load(from directory: String, verify: Bool = true) throws -> MNIST {
        try load(from: directory, options: LoadOptions(verification: verify ? .report : .off))
    }

    /// The most images (and labels) an MNIST file may hold: 1,000,000 (784 MB of 28x28 images;
    /// MNIST has 60,000 and 10,000, EMNIST's digits 240,000). A header claiming more is an error
    /// before anything is read.
    public static let maximumImages = 1_000_000

    public static func load(from directory: String, options: LoadOptions) throws -> MNIST {
        let files = MNISTFile.allCases
        var paths = [String]()
        for file in files {
            guard let path = try locateRegular(file, in: directory) else {
                throw DatasetError(
                    .fileNotFound, file: FileIO.join(directory, file.gzipName),
                    "file not found (looked for \(file.gzipName) and \(file.fileName) in \(directory)); "
                        + MNISTLocation.howToGetIt)
            }
            paths.append(path)
        }
        try checkHeaders(files: files, paths: paths)

        let stamps = options.verification == .off ? nil : options.stampFile.map { StampCache(file: $0) }
        let results = ResultSlots<LoadedFile>(count: files.count)
        let found = paths
        // Biggest first, so the small files fill in around the training images.
        let order = [0, 2, 1, 3]
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            let i = order[k]
            results.set(i, Result { try loadOne(files[i], path: found[i], verification: options.verification, stamps: stamps) })
        }
        var loaded = [LoadedFile]()
        for i in 0..<files.count {
            loaded.append(try results.get(i).get())
        }
        if let stamps { stamps.save() }

        func split(_ imagesIndex: Int, _ labelsIndex: Int) throws -> MNISTSplit {
            let im = loaded[imagesIndex].array, lb = loaded[labelsIndex].array
            let count = im.dimensions[0]
            if count != lb.dimensions[0] {
                throw countMismatch(paths[imagesIndex], count, paths[labelsIndex], lb.dimensions[0])
            }
            return MNISTSplit(count: count, rows: im.dimensions[1], cols: im.dimensions[2], images: im.data, labels: lb.data)
        }
        let train = try split(0, 1)
        let test = try split(2, 3)
        return MNIST(train: train, test: test, checks: loaded.map(\.check))
    }

    /// Finds the files (`--data`, else `MNIST_DIR`, else the per-user cache; see `MNISTLocation`)
    /// and loads them.
    public static func load(
        dataOption: String?, options: LoadOptions = LoadOptions(),
        environment: [String: String] = MNISTLocation.processEnvironment()
    ) throws -> MNIST {
        let directory = try MNISTLocation.resolve(dataOption: dataOption, environment: environment)
        return try load(from: directory, options: options)
    }

    /// Loads from a directory given as a file URL.
    public static func load(from directory: URL, verify: Bool = true) throws -> MNIST {
        try load(from: directory.path, verify: verify)
    }

    /// The path of `file` in `directory`: `NAME` if present (fastest to read), else `NAME.gz`.
    public static func locate(_ file: MNISTFile, in directory: String) -> String? {
        let raw = FileIO.join(directory, file.fileName)
        if FileIO.isRegularFile(raw) { return raw }
        let gz = FileIO.join(directory, file.gzipName)
        if FileIO.isRegularFile(gz) { return gz }
        return nil
    }

    /// Like `locate`, but a name that is there and is not a regular file (a directory, a FIFO,
    /// a dangling symbolic link, a link loop) is an error saying what it is, not "missing".
    static func locateRegular(_ file: MNISTFile, in directory: String) throws -> String? {
        if let path = locate(file, in: directory) { return path }
        if let (path, kind) = misplaced(file, in: directory) {
            throw DatasetError(.unreadable, file: path, "\(kind.refusal); expected the MNIST file \(file.fileName) (raw or .gz)")
        }
        return nil
    }

    /// The first of `NAME`, `NAME.gz` in `directory` that exists but is not a regular file.
    static func misplaced(_ file: MNISTFile, in directory: String) -> (path: String, kind: FileIO.Kind)? {
        for name in [file.fileName, file.gzipName] {
            let path = FileIO.join(directory, name)
            let kind = FileIO.kind(of: path)
            if kind != .missing && kind != .regularFile { return (path, kind) }
        }
        return nil
    }

    /// Reads the four headers (for gzip, from the first compressed bytes only) and checks them
    /// against each other and against the limits before any data is read: image files of
    /// 28x28 images, at most `maximumImages`, as many labels as images. A gzip header that
    /// cannot be read this way is left to the full read, which names the damage.
    static func checkHeaders(files: [MNISTFile], paths: [String]) throws {
        var dimensions = [[Int]?]()
        for (file, path) in zip(files, paths) {
            let dims = try IDX.readDimensions(
                path, expectedMagic: file.magic, itemName: file.itemName, maximumItems: maximumImages)
            if let dims, file.isImages, dims[1] != imageSide || dims[2] != imageSide {
                throw DatasetError(
                    .badDimensions, file: path,
                    "expected \(imageSide)x\(imageSide) images but header says \(IDX.shape(dims))")
            }
            dimensions.append(dims)
        }
        for (images, labels) in [(0, 1), (2, 3)] {
            guard let im = dimensions[images], let lb = dimensions[labels], im[0] != lb[0] else { continue }
            // A damaged gzip stream can decode to a plausible wrong count: the damage explains more.
            for k in [images, labels] {
                if let damage = IDX.gzipDamage(paths[k]) { throw damage }
            }
            throw countMismatch(paths[images], im[0], paths[labels], lb[0])
        }
    }

    static func countMismatch(_ imagesPath: String, _ images: Int, _ labelsPath: String, _ labels: Int) -> DatasetError {
        DatasetError(
            .countMismatch, file: "\(imagesPath), \(labelsPath)",
            "image and label counts differ: \(FileIO.lastComponent(imagesPath)) holds \(images) images "
                + "but \(FileIO.lastComponent(labelsPath)) holds \(labels) labels")
    }

    struct LoadedFile: Sendable {
        let array: IDXArray
        let check: MNISTFileCheck
    }

    static func loadOne(_ file: MNISTFile, path: String, verification: Verification, stamps: StampCache?) throws -> LoadedFile {
        let before = FileIO.status(path)
        var stamped: String? = nil
        if verification != .off, let stamps, let before {
            stamped = stamps.lookup(path: path, status: before)
        }
        let hash = verification != .off && stamped == nil
        let (array, computed) = try IDX.readFile(
            path, expectedMagic: file.magic, itemName: file.itemName, checksum: hash, maximumItems: maximumImages)
        if file.isImages {
            let side = MNIST.imageSide
            if array.dimensions[1] != side || array.dimensions[2] != side {
                throw DatasetError(
                    .badDimensions, file: path,
                    "expected \(side)x\(side) images but header says \(IDX.shape(array.dimensions))")
            }
        } else {
            try IDX.validateLabels(array.data, file: path)
        }
        let sum = stamped ?? computed
        if let computed, let stamps, let before, FileIO.status(path) == before {
            stamps.record(path: path, status: before, sha256: computed)
        }
        let status: MNISTFileCheck.Status
        if let sum {
            status = sum == file.sha256 ? .matches : .differs
        } else {
            status = .notChecked
        }
        let check = MNISTFileCheck(file: file, path: path, status: status, sha256: sum, fromStamp: stamped != nil)
        if status == .differs && verification == .strict {
            throw DatasetError(
                .checksumMismatch, file: path,
                "expected SHA-256 \(file.sha256) (canonical MNIST, decompressed) but found \(sum ?? "?")")
        }
        return LoadedFile(array: array, check: check)
    }
}

/// Per-index result slots written from `concurrentPerform` (each index by one iteration only).
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [Result<T, Error>?]
    private let lock = DispatchSemaphore(value: 1)
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<T, Error>) {
        lock.wait()
        slots[i] = r
        lock.signal()
    }
    func get(_ i: Int) -> Result<T, Error> {
        lock.wait()
        defer { lock.signal() }
        return slots[i]!
    }
}
