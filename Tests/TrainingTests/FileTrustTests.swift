import Datasets
import Engine
import Foundation
import NN
import Support
import Testing

@testable import Training

/// Checkpoint files that lie: sizes that overflow, metadata out of range, numbers that are not
/// numbers. Each is one thrown line naming the file and the field or tensor, never a trap.
@Suite struct CheckpointTrustTests {
    /// A checkpoint of the tiny model after one epoch, as bytes.
    static let good: [UInt8] = {
        let trainer = Fixtures.trainer(Fixtures.configuration(epochs: 1))
        try! trainer.fit(train: Fixtures.images(count: 24), validation: Fixtures.images(count: 8, seed: 6))
        return trainer.checkpoint().safeTensors.encoded()
    }()

    /// The good checkpoint with metadata `key` set to `value`.
    func with(_ key: String, _ value: String) -> [UInt8] {
        var file = try! SafeTensors(decoding: Self.good, source: "x")
        file.metadata = file.metadata.map { $0.0 == key ? ($0.0, value) : $0 }
        return file.encoded()
    }

    func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try Checkpoint(SafeTensors(decoding: bytes, source: "ck.safetensors"), source: "ck.safetensors")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func theGoodCheckpointLoads() {
        #expect(message(Self.good) == "no error")
    }

    /// Every metadata field out of its range: one line naming the file and the field.
    @Test(arguments: [
        ("batch_size", "1000000000000000", "'batch_size' is '1000000000000000'; expected 1...60000"),
        ("batch_size", "0", "'batch_size' is '0'; expected 1...60000"),
        ("batch_size", "99999999999999999999999", "expected 1...60000"),
        ("epochs", "10001", "'epochs' is '10001'; expected 1...10000"),
        ("epoch", "9223372036854775807", "'epoch' is '9223372036854775807'; expected epochs completed, 0...10000"),
        ("optimizer_step", "9223372036854775807", "'optimizer_step' is '9223372036854775807'; expected optimizer steps, 0..."),
        ("optimizer_step", "-1", "'optimizer_step' is '-1'"),
        ("learning_rate", "inf", "'learning_rate' is 'inf'; expected a finite number above 0"),
        ("learning_rate", "nan", "'learning_rate' is 'nan'"),
        ("validation_split", "1", "'validation_split' is '1'; expected a fraction"),
        ("seed", "-5", "'seed' is '-5'"),
        ("best_value", "1.5", "'best_value' is '1.5'; expected an accuracy 0...1"),
        ("best_value", "nan", "'best_value' is 'nan'"),
        ("best_epoch", "7", "'best_epoch' is '7'; expected an epoch 1...1"),
        ("history", #"[{"epoch":1,"loss":NaN,"accuracy":0.5}]"#, "'history' is not a JSON array"),
        ("history", #"[{"epoch":1,"loss":1e999,"accuracy":0.5}]"#, "'history' is not a JSON array"),
        ("history", #"[{"epoch":1,"loss":0.5,"accuracy":7}]"#, "'history' has a malformed epoch"),
        ("history", #"[{"epoch":-3,"loss":0.5,"accuracy":0.5}]"#, "'history' has a malformed epoch"),
        ("shuffle_state", "0 0 0 0", "'shuffle_state' must be four hex words"),
    ])
    func metadataOutOfRange(key: String, value: String, expected: String) {
        let text = message(with(key, value))
        #expect(text.hasPrefix("ck.safetensors: "), "\(text)")
        #expect(text.contains(expected), "\(text)")
        #expect(!text.contains("\n"))
    }

    /// The optimizer's step counter is bounded by one step per image and epoch.
    @Test func theStepCounterIsBoundedByTheEpochs() {
        // 1 epoch, batch 8: at most 1 × (1,000,000 / 8 + 1) steps.
        #expect(message(with("optimizer_step", "125001")) == "no error")
        #expect(message(with("optimizer_step", "125002")).contains("expected optimizer steps, 0...125001"))
    }

    @Test func nonFiniteWeightsAreAnErrorNamingTheTensor() throws {
        for bad in [Float.nan, .infinity, -.infinity] {
            var file = try SafeTensors(decoding: Self.good, source: "x")
            let index = file.entries.firstIndex { $0.name == "b2" }!
            var elements = file.entries[index].tensor.elements
            elements[3] = bad
            file.entries[index] = .init("b2", Tensor(shape: file.entries[index].tensor.shape, elements: elements))
            let text = message(file.encoded())
            #expect(text == "ck.safetensors: tensor 'b2' holds \(bad) at element 3 of 10; a checkpoint's numbers must be finite")
        }
    }

    /// Optimizers refuse a step count that would overflow their next step.
    @Test func optimizersRefuseAnAbsurdStepCount() throws {
        let model = Fixtures.model()
        for kind in OptimizerKind.allCases {
            let optimizer: any Optimizer<Float> = kind.make(model.parameters, learningRate: 0.01)
            let state = Dictionary(uniqueKeysWithValues: optimizer.stateTensors.map { ($0.name, $0.tensor) })
            #expect(throws: EngineError("optimizer step count \(Int.max) is outside 0...\(1 << 53) (2^53)")) {
                try optimizer.restore(stepCount: .max, state: state)
            }
            #expect(throws: EngineError.self) { try optimizer.restore(stepCount: -1, state: state) }
            try optimizer.restore(stepCount: 1 << 53, state: state)
            optimizer.step()
            #expect(optimizer.stepCount == (1 << 53) + 1)
        }
    }

    /// Names read from a file cannot split a message: control characters become spaces.
    @Test func messagesStayOnOneLineWhateverTheNamesHold() {
        let error = CheckpointError("a\nb.safetensors", "tensor 'x\r\ny\u{1B}[2J\u{2028}z' is wrong")
        #expect(error.description == "a b.safetensors: tensor 'x y [2J z' is wrong")
    }
}

/// Seeded property tests of the safetensors reader: valid files made here, then cut at every
/// length, bit-flipped, or given huge sizes. Each read ends in a value or one CheckpointError
/// naming the file, never a trap.
@Suite struct SafeTensorsPropertyTests {
    static let valid = SafeTensors(
        metadata: [("format", "x"), ("k", "v")],
        entries: [
            .init("W", Tensor(shape: Shape(2, 3), elements: [1, 2, 3, 4, 5, 6])),
            .init("b", Tensor(shape: Shape(3), elements: [0, -1, 2])),
        ]
    ).encoded()

    func read(_ bytes: [UInt8]) -> Result<SafeTensors, CheckpointError> {
        Result { () throws(CheckpointError) in try SafeTensors(decoding: bytes, source: "p.safetensors") }
    }

    func expectOneLineOrValue(_ bytes: [UInt8]) {
        if case .failure(let error) = read(bytes) {
            #expect(error.description.hasPrefix("p.safetensors: "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func everyTruncationIsAnError() {
        for length in 0..<Self.valid.count {
            guard case .failure(let error) = read(Array(Self.valid.prefix(length))) else {
                Issue.record("a file cut to \(length) bytes was read")
                continue
            }
            #expect(error.description.hasPrefix("p.safetensors: "))
        }
    }

    @Test func randomBitFlipsNeverTrap() {
        var generator = SeededGenerator(seed: 41)
        for _ in 0..<3000 {
            var bytes = Self.valid
            for _ in 0..<(1 + generator.index(below: 3)) {
                bytes[generator.index(below: bytes.count)] ^= 1 << UInt8(generator.index(below: 8))
            }
            expectOneLineOrValue(bytes)
        }
    }

    /// Shapes and offsets with huge or overflowing sizes, and headers that nest or end early.
    @Test func hugeAndOverflowingSizesAreErrors() {
        let big = ["2147483647", "4294967296", "9223372036854775807", "1e30", "-1", "0"]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let rank = generator.index(below: 5)
            let shape = (0..<rank).map { _ in big[generator.index(below: big.count)] }.joined(separator: ",")
            let end = big[generator.index(below: big.count)]
            let json = #"{"W":{"dtype":"F32","shape":[\#(shape)],"data_offsets":[0,\#(end)]}}"#
            var header = Array(json.utf8)
            while header.count % 8 != 0 { header.append(0x20) }
            let bytes = (0..<8).map { UInt8((header.count >> (8 * $0)) & 0xFF) } + header + [0, 0, 0, 0]
            expectOneLineOrValue(bytes)
        }
        let text = #"{"W":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,4]}}"#
        var header = Array(text.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        let bytes = (0..<8).map { UInt8((header.count >> (8 * $0)) & 0xFF) } + header + [0, 0, 0, 0]
        guard case .failure(let error) = read(bytes) else {
            Issue.record("an overflowing shape was read")
            return
        }
        #expect(
            error.description
                == "p.safetensors: tensor 'W': data_offsets [0, 4] hold 4 bytes but shape [2147483647, 2147483647, 2147483647] of F32 needs more than 2^63 bytes"
        )
    }

    @Test func aHeaderLongerThanTheLimitIsRefusedBeforeItIsRead() {
        var bytes = [UInt8](repeating: 0, count: 16)
        let length = SafeTensors.maximumHeaderLength + 1
        for k in 0..<8 { bytes[k] = UInt8((length >> (8 * k)) & 0xFF) }
        guard case .failure(let error) = read(bytes) else { return }
        #expect(error.description.contains("header length \(length) is beyond the format's limit"))
    }
}


/// A FIFO given as a checkpoint is refused before it is opened (opening it would block).
@Suite struct CheckpointFIFOTests {
    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let directory = Fixtures.temporaryDirectory()
        let fifo = directory + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(
            throws: CheckpointError(fifo, "cannot read the checkpoint: is a named pipe (FIFO), not a regular file")
        ) { try Checkpoint.read(from: fifo) }
    }
}
