import Datasets
import Engine
import Explainer
import Languages
import Lessons
import Training

/// The parsers the fuzzers drive, each a function of raw bytes. A harness only has to return:
/// a thrown error is the expected answer to bad input; a trap, a stack overflow or runaway
/// memory is what the fuzzer looks for.
enum Harness: String, CaseIterable {
    /// A network file: parsed, checked (which runs it once), run forward and backward again,
    /// and its derivation built, as `backprop explain FILE` does.
    case network
    /// A safetensors file read as a checkpoint, and the MNIST model built from it, as
    /// `backprop mnist predict --checkpoint FILE` does.
    case checkpoint
    /// An IDX file, plain or gzip (told apart by its first bytes, as the MNIST loader does); the
    /// first byte picks images or labels.
    case idx
    /// A scalar expression and its values (`backprop explain --expr E --at A`): the text before
    /// the first line break is the expression, the rest the values.
    case expression

    var summary: String {
        switch self {
        case .network: "network file: parse, check, run forward and backward, derive"
        case .checkpoint: "safetensors checkpoint: header JSON, metadata, tensors, model"
        case .idx: "IDX file, plain or gzip: header, sizes, data, labels"
        case .expression: "scalar expression and --at values: parse, trace"
        }
    }

    /// Runs the harness on one input and says how it ended: "accepted", or the error the
    /// parsers threw (the expected answer to bad input, which the fuzzer ignores).
    @discardableResult
    func run(_ bytes: [UInt8]) -> String {
        do {
            switch self {
            case .network:
                let network = try Network(source: String(decoding: bytes, as: UTF8.self), file: "fuzz.net")
                _ = try Derivation(trace: try network.run().trace())
            case .checkpoint:
                let file = try SafeTensors(decoding: bytes, source: "fuzz.safetensors")
                let checkpoint = try Checkpoint(file, source: "fuzz.safetensors")
                _ = try checkpoint.makeModel(source: "fuzz.safetensors")
            case .idx:
                guard let first = bytes.first else { return "empty input" }
                let isLabels = first & 1 == 1
                let array = try IDX.parse(
                    Array(bytes.dropFirst()), file: "fuzz-idx", expectedMagic: isLabels ? IDX.labelsMagic : IDX.imagesMagic)
                if isLabels { try IDX.validateLabels(array.data, file: "fuzz-idx") }
            case .expression:
                let text = String(decoding: bytes, as: UTF8.self)
                let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                let values = parts.count > 1 ? String(parts[1]) : ""
                _ = try ScalarExpression(String(parts[0]), at: values).trace()
            }
            return "accepted"
        } catch {
            return "refused: \(error)"
        }
    }
}
