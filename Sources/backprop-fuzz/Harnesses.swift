import Datasets
import Engine
import Explainer
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

    /// Runs the harness on one input; errors thrown by the parsers are swallowed.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .network:
            guard let network = try? Network(source: String(decoding: bytes, as: UTF8.self), file: "fuzz.net"),
                let trace = try? network.run().trace()
            else { return }
            _ = try? Derivation(trace: trace)
        case .checkpoint:
            guard let file = try? SafeTensors(decoding: bytes, source: "fuzz.safetensors"),
                let checkpoint = try? Checkpoint(file, source: "fuzz.safetensors")
            else { return }
            _ = try? checkpoint.makeModel(source: "fuzz.safetensors")
        case .idx:
            guard let first = bytes.first else { return }
            let isLabels = first & 1 == 1
            let rest = Array(bytes.dropFirst())
            let magic = isLabels ? IDX.labelsMagic : IDX.imagesMagic
            guard let array = try? IDX.parse(rest, file: "fuzz-idx", expectedMagic: magic) else { return }
            if isLabels { try? IDX.validateLabels(array.data, file: "fuzz-idx") }
        case .expression:
            let text = String(decoding: bytes, as: UTF8.self)
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let source = String(parts[0]), values = parts.count > 1 ? String(parts[1]) : ""
            guard let expression = try? ScalarExpression(source, at: values) else { return }
            _ = try? expression.trace()
        }
    }
}
