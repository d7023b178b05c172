/// The exploration step of the tutorial, as data and as a text report: shapes, pixel range, the
/// first labels, label counts, mean and standard deviation of x/255, and the first digit.
public struct MNISTInfo: Sendable, Equatable {
    public let trainImagesShape: [Int]
    public let trainLabelsShape: [Int]
    public let testImagesShape: [Int]
    public let testLabelsShape: [Int]
    /// Smallest and largest pixel byte over train and test.
    public let pixelMin: UInt8
    public let pixelMax: UInt8
    /// The first ten training labels (fewer if the split is smaller).
    public let firstTrainLabels: [UInt8]
    /// How many of each digit 0...9.
    public let trainLabelCounts: [Int]
    public let testLabelCounts: [Int]
    /// Mean and (population) standard deviation of the training pixels scaled to 0...1.
    public let trainMean: Double
    public let trainStd: Double
    public let firstImage: [UInt8]
    public let firstLabel: UInt8
    public let imageRows: Int
    public let imageCols: Int
    public let checks: [MNISTFileCheck]

    public init(_ mnist: MNIST) {
        let train = mnist.train, test = mnist.test
        trainImagesShape = [train.count, train.rows, train.cols]
        trainLabelsShape = [train.count]
        testImagesShape = [test.count, test.rows, test.cols]
        testLabelsShape = [test.count]
        let trainStats = PixelStatistics(train.images)
        let testStats = PixelStatistics(test.images)
        pixelMin = min(trainStats.min, testStats.min)
        pixelMax = max(trainStats.max, testStats.max)
        trainMean = trainStats.mean
        trainStd = trainStats.std
        firstTrainLabels = Array(train.labels.prefix(10))
        trainLabelCounts = MNISTInfo.labelCounts(train.labels)
        testLabelCounts = MNISTInfo.labelCounts(test.labels)
        firstImage = Array(train.image(0))
        firstLabel = train.labels[0]
        imageRows = train.rows
        imageCols = train.cols
        checks = mnist.checks
    }

    public static func labelCounts(_ labels: [UInt8]) -> [Int] {
        var counts = [Int](repeating: 0, count: 10)
        for l in labels where l < 10 { counts[Int(l)] += 1 }
        return counts
    }

    /// Python-style shape: `(60000, 28, 28)`, `(60000,)`.
    public static func shapeText(_ shape: [Int]) -> String { IDX.shape(shape) }

    /// The report. Fixed digits, no timings, no paths: stable across machines.
    public func report(style: TerminalImage.Style = .blocks) -> String {
        var lines = [String]()
        lines.append("MNIST")
        let checked = checks.filter { $0.status != .notChecked }
        if checks.isEmpty || checked.isEmpty {
            lines.append("checksums:   not verified")
        } else {
            let ok = checked.filter { $0.status == .matches }.count
            var line = "checksums:   \(ok) of \(checks.count) files match canonical MNIST (SHA-256 of the decompressed bytes)"
            let differ = checks.filter { $0.status == .differs }.map { $0.file.fileName }
            if !differ.isEmpty { line += "; differ: " + differ.joined(separator: ", ") }
            lines.append(line)
        }
        let rows: [(String, [Int])] = [
            ("train images", trainImagesShape), ("train labels", trainLabelsShape),
            ("test images", testImagesShape), ("test labels", testLabelsShape),
        ]
        lines.append("shapes:")
        for (name, shape) in rows {
            lines.append("  " + pad(name, 14) + pad(MNISTInfo.shapeText(shape), 16) + "uint8")
        }
        lines.append("pixel range: \(pixelMin) to \(pixelMax)")
        lines.append("first \(firstTrainLabels.count) training labels: " + firstTrainLabels.map { String($0) }.joined(separator: " "))
        lines.append("label counts:")
        lines.append("  digit  " + padLeft("train", 7) + padLeft("test", 7))
        for d in 0..<10 {
            lines.append("  " + padLeft(String(d), 5) + "  " + padLeft(String(trainLabelCounts[d]), 7) + padLeft(String(testLabelCounts[d]), 7))
        }
        lines.append("  total  " + padLeft(String(trainLabelCounts.reduce(0, +)), 7) + padLeft(String(testLabelCounts.reduce(0, +)), 7))
        lines.append("normalized training pixels (x/255): mean \(MNISTInfo.fixed(trainMean, digits: 7))  std \(MNISTInfo.fixed(trainStd, digits: 7))")
        lines.append("first training image:")
        var text = lines.joined(separator: "\n") + "\n"
        text += TerminalImage.render(firstImage, width: imageCols, height: imageRows, label: Int(firstLabel), style: style)
        return text
    }

    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }

    /// `value` rounded to `digits` decimals, always printed with that many (no exponent).
    public static func fixed(_ value: Double, digits: Int) -> String {
        precondition(digits >= 0 && digits <= 15, "fixed: digits must be 0...15")
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let negative = value < 0
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return String(value) }
        let n = UInt64(scaled)
        var s = String(n)
        if digits > 0 {
            if s.count <= digits { s = String(repeating: "0", count: digits - s.count + 1) + s }
            s.insert(".", at: s.index(s.endIndex, offsetBy: -digits))
        }
        return (negative && n != 0 ? "-" : "") + s
    }
}

/// Exact statistics of a byte array through a 256-bin histogram (integer sums, then Double).
public struct PixelStatistics: Sendable, Equatable {
    public let count: Int
    public let min: UInt8
    public let max: UInt8
    /// Mean of x/255.
    public let mean: Double
    /// Population standard deviation of x/255.
    public let std: Double
    public let histogram: [Int]

    public init(_ bytes: [UInt8]) {
        var h0 = [Int](repeating: 0, count: 256)
        var h1 = [Int](repeating: 0, count: 256)
        bytes.withUnsafeBufferPointer { p in
            h0.withUnsafeMutableBufferPointer { a in
                h1.withUnsafeMutableBufferPointer { b in
                    var i = 0
                    let n = p.count
                    while i + 1 < n {
                        a[Int(p[i])] &+= 1
                        b[Int(p[i &+ 1])] &+= 1
                        i &+= 2
                    }
                    if i < n { a[Int(p[i])] &+= 1 }
                }
            }
        }
        var hist = [Int](repeating: 0, count: 256)
        var sum: UInt64 = 0, sumSquares: UInt64 = 0
        var lo = 255, hi = 0
        for v in 0..<256 {
            let c = h0[v] + h1[v]
            hist[v] = c
            if c > 0 {
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            sum += UInt64(c) * UInt64(v)
            sumSquares += UInt64(c) * UInt64(v * v)
        }
        count = bytes.count
        histogram = hist
        min = UInt8(bytes.isEmpty ? 0 : lo)
        max = UInt8(bytes.isEmpty ? 0 : hi)
        if bytes.isEmpty {
            mean = 0
            std = 0
        } else {
            // Exact integer sums, then E[x²] - E[x]² in Double, scaled by 1/255².
            let n = Double(bytes.count)
            let s = Double(sum), q = Double(sumSquares)
            mean = s / n / 255
            let variance = Swift.max(0, (q / n - (s / n) * (s / n))) / (255 * 255)
            std = variance.squareRoot()
        }
    }
}
