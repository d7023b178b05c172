/// Labelled images kept as bytes, as the files hold them: `count` images of `rows`×`cols` pixels
/// (0…255), one label each. A dataset is a window onto arrays it shares with the datasets it was
/// cut from, so taking the first N or splitting off a validation part copies nothing; batches are
/// converted to floats in [0, 1] only when they are fed to the network.
public struct ImageDataset: Sendable {
    /// Every image's pixels back to back (shared storage; this dataset uses `start..<start+count`).
    public let pixels: [UInt8]
    /// One label per image in `pixels` (shared storage).
    public let labels: [UInt8]
    public let rows: Int
    public let cols: Int
    /// The first image of this window.
    public let start: Int
    public let count: Int

    /// A dataset over all of `pixels` and `labels`.
    public init(pixels: [UInt8], labels: [UInt8], rows: Int, cols: Int) {
        precondition(rows > 0 && cols > 0, "images need at least one pixel")
        precondition(pixels.count == labels.count * rows * cols, "one label per image of rows×cols bytes")
        self.pixels = pixels
        self.labels = labels
        self.rows = rows
        self.cols = cols
        start = 0
        count = labels.count
    }

    private init(_ base: ImageDataset, start: Int, count: Int) {
        pixels = base.pixels
        labels = base.labels
        rows = base.rows
        cols = base.cols
        self.start = start
        self.count = count
    }

    public var pixelsPerImage: Int { rows * cols }

    /// The pixels of image `index` of this window.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        precondition(index >= 0 && index < count, "image index out of range")
        let n = pixelsPerImage
        let first = (start + index) * n
        return pixels[first..<(first + n)]
    }

    public func label(_ index: Int) -> Int {
        precondition(index >= 0 && index < count, "label index out of range")
        return Int(labels[start + index])
    }

    /// The first `n` images (all of them when there are fewer).
    public func prefix(_ n: Int) -> ImageDataset {
        ImageDataset(self, start: start, count: max(0, min(n, count)))
    }

    /// Images `range` of this window.
    public func slice(_ range: Range<Int>) -> ImageDataset {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of range")
        return ImageDataset(self, start: start + range.lowerBound, count: range.count)
    }

    /// Keras's `validation_split`: the last `fraction` of the images are held out for validation,
    /// the first ⌊count·(1 − fraction)⌋ train. Nothing is shuffled before the split.
    public func splitValidation(_ fraction: Double) -> (train: ImageDataset, validation: ImageDataset) {
        precondition(fraction >= 0 && fraction < 1, "a validation fraction is in [0, 1)")
        let trainCount = Int((Double(count) * (1 - fraction)).rounded(.down))
        return (slice(0..<trainCount), slice(trainCount..<count))
    }

    /// How many images carry each label 0..<classes.
    public func labelCounts(classes: Int = 10) -> [Int] {
        var counts = [Int](repeating: 0, count: classes)
        for i in start..<(start + count) where Int(labels[i]) < classes { counts[Int(labels[i])] += 1 }
        return counts
    }
}
