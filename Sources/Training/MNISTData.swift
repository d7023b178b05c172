import Datasets

extension ImageDataset {
    /// A split of MNIST as a byte-image dataset (the arrays are shared, not copied).
    public init(_ split: MNISTSplit) {
        self.init(pixels: split.images, labels: split.labels, rows: split.rows, cols: split.cols)
    }
}
