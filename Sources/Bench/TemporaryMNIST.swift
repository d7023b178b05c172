// TEMPORARY until Datasets lands on main: the MNIST files read with zlib, no verification.
import CZlib

struct RawMNIST {
    var trainImages: [UInt8], trainLabels: [UInt8], testImages: [UInt8], testLabels: [UInt8]

    static func load(from directory: String) throws -> RawMNIST {
        func read(_ name: String, header: Int) throws -> [UInt8] {
            guard let file = gzopen(directory + "/" + name, "rb") else { throw BenchError("cannot open \(directory)/\(name)") }
            defer { gzclose(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
                if n <= 0 { break }
                bytes.append(contentsOf: chunk[0..<Int(n)])
            }
            return Array(bytes.dropFirst(header))
        }
        return RawMNIST(
            trainImages: try read("train-images-idx3-ubyte.gz", header: 16),
            trainLabels: try read("train-labels-idx1-ubyte.gz", header: 8),
            testImages: try read("t10k-images-idx3-ubyte.gz", header: 16),
            testLabels: try read("t10k-labels-idx1-ubyte.gz", header: 8))
    }
}
