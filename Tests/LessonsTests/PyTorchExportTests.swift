import Engine
import Explainer
import Foundation
import Languages
import Lessons
import Testing

/// `backprop export --pytorch`: the script's text, and, where PyTorch is installed, the script run
/// against the trace: the loss and every parameter gradient to 1e-12 relative. PyTorch is looked
/// for in BACKPROP_PYTHON, then ~/.cache/backprop-peers/torch (what ../shared/bench/setup-peers.sh
/// makes), then python3; without it the comparisons are skipped and say so.
@Suite struct PyTorchExportTests {
    @Test func theScriptReadsLikeTheNetworkFile() throws {
        let subject = try LessonCatalog.subject("2")
        let script = try PyTorchScript.script(subject.trace, file: subject.file)
        let lines = script.split(separator: "\n").map(String.init)
        for expected in [
            "W1 = torch.tensor([[0.15, 0.25], [0.2, 0.3]], requires_grad=True)",
            "z1 = x @ W1 + b1", "h = torch.sigmoid(z1)", "loss = 0.5 * torch.sum(e ** 2)", "loss.backward()",
            "    (2, \"W1\", \"(2×2)\", W1),",
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
    }

    /// Operands are bracketed exactly where Python would otherwise compute another tree.
    @Test func bracketsKeepTheTapesTree() throws {
        let network = try Network(
            source: """
            param a = [[1.0, 2.0]]
            param b = [[3.0, 4.0]]
            param c = [[5.0, 6.0]]
            u = a - (b - c)
            v = -(a * b) ^ 2
            w = (a + b) @ transpose(c)
            loss = sum(u / 2 + v) + sum(w)
            """, file: "brackets.net")
        let script = try PyTorchScript.script(try network.run().trace(), file: "brackets.net")
        for expected in ["u = a - (b - c)", "v = -(a * b) ** 2", "w = (a + b) @ c.T", "loss = torch.sum(0.5 * u + v) + torch.sum(w)"] {
            #expect(script.contains("\n" + expected + "\n"), "\(expected)\n\(script)")
        }
    }

    /// An op without a PyTorch form: one error naming it and the node.
    @Test func anOpWithoutAFormIsNamed() throws {
        var trace = try LessonCatalog.subject("1").trace
        let node = trace.nodes[4]
        trace.nodes[4] = Trace.Node(
            id: node.id, name: node.name, op: "mystery", role: node.role, inputs: node.inputs, shape: node.shape,
            value: node.value, gradient: node.gradient, formula: node.formula, rule: node.rule,
            gradients: node.gradients, labels: node.labels, operation: Mystery())
        #expect(throws: PyTorchScript.MissingForm.self) { try PyTorchScript.script(trace, file: "x.net") }
        do {
            _ = try PyTorchScript.script(trace, file: "x.net")
        } catch {
            #expect(error.description == "the op 'mystery' (node '\(node.name)') has no PyTorch form, so the network cannot be exported")
        }
    }

    /// Every lesson with a network (and lesson 8's MNIST model when the images are at hand) gives
    /// the trace's loss and parameter gradients in PyTorch.
    @Test(arguments: LessonCatalog.lessons.map(\.number))
    func everyLessonMatchesPyTorch(_ number: Int) throws {
        let lesson = try #require(LessonCatalog.lesson(String(number)))
        guard lesson.hasNetwork || number == 8 else { return }
        guard let python = PyTorch.python else {
            print("PyTorchExportTests: skipped: PyTorch not installed (lesson \(number))")
            return
        }
        if number == 8 && MNISTTestFiles.directory == nil {
            print("PyTorchExportTests: skipped lesson 8: real MNIST not present (set MNIST_DIR)")
            return
        }
        let subject = try LessonCatalog.subject(String(number), dataOption: number == 8 ? MNISTTestFiles.directory : nil)
        try PyTorch.compare(subject.trace, file: subject.file, python: python)
    }

    /// One network that calls every function of the language, through PyTorch.
    @Test func everyFunctionMatchesPyTorch() throws {
        let network = try Network(source: everyFunction, file: "every-function.net")
        let trace = try network.run().trace()
        for declaration in OpTable.all {
            #expect(everyFunction.contains(" " + declaration.name + "(") || everyFunction.contains("(" + declaration.name + "("),
                    "the test network does not call \(declaration.name)")
        }
        let script = try PyTorchScript.script(trace, file: "every-function.net")
        guard let python = PyTorch.python else {
            print("PyTorchExportTests: skipped: PyTorch not installed (every function)")
            return
        }
        try PyTorch.compare(trace, file: "every-function.net", python: python, script: script)
    }

    let everyFunction = """
        input  x = [[0.3, -0.7, 1.2], [0.9, 0.1, -0.4]]
        target t = [[0.2, 0.5], [0.7, 0.1]]
        labels y = [1, 0]
        param  W = [[0.5, -0.2], [0.1, 0.4], [-0.3, 0.6]]
        param  b = [0.1, -0.1]
        param  g = [1.5, 0.5]
        param  B = [[0.2, -0.3]]
        param  K = uniform(2, 2, 1, 2, seed=3)
        param  I = uniform(2, 4, 4, 1, seed=4)
        z  = x @ W + b
        a  = relu(z) + sigmoid(z) * tanh(z) - exp(z) / 4 + log(softplus(z) + 1)
        c  = leaky_relu(z, slope=0.1) + gelu(z) + dropout(z, rate=0.5, seed=2) - (z ^ 3) + step(z) * z
        d  = softmax(a) + log_softmax(c) + pow(a, 2)
        n  = batchnorm(d, g, B, eps=0.01)
        m  = matmul(transpose(n), n) + sum(n, axis=0) + sum(mean(n, axis=1)) * 0.5
        conv = conv2d(I, K, stride=1, padding=same)
        pool = maxpool2d(conv, size=2, padding=same)
        q  = reshape(flatten(pool), [2, 8])
        loss = mse(n, t) + cross_entropy(c, y) + sum(m) / 3 + mean(q) + mean(x * 0) + sum(-z)
        """

    struct Mystery: TensorOp {
        var name: String { "mystery" }
        var arity: Int { 2 }
        func formula(_ x: [String]) -> String { "?" }
        var rule: String { "" }
        func gradient(of index: Int, inputs: ShapeList) -> GradientExpression { .upstream }
        func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
        func forward<T: KernelScalar>(_ c: OpContext<T>) {}
        func backward<T: KernelScalar>(_ c: OpContext<T>) {}
    }
}

enum PyTorch {
    /// A Python that imports torch, or nil.
    static let python: String? = {
        var candidates = ["python3"]
        candidates.insert(NSHomeDirectory() + "/.cache/backprop-peers/torch/bin/python", at: 0)
        if let env = ProcessInfo.processInfo.environment["BACKPROP_PYTHON"], !env.isEmpty { candidates.insert(env, at: 0) }
        return candidates.first { (try? run($0, ["-c", "import torch"]).status) == 0 }
    }()

    static func run(_ python: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        // Into a file, not a pipe: reading a pipe to its end can trap on an interrupted call.
        let path = NSTemporaryDirectory() + "backprop-export-\(UUID().uuidString).out"
        FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try #require(FileHandle(forWritingAtPath: path))
        process.standardOutput = file
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try file.close()
        return (process.terminationStatus, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Runs the script with --json and compares its loss and gradients with the trace's.
    static func compare(_ trace: Trace, file: String, python: String, script: String? = nil) throws {
        let text = try script ?? PyTorchScript.script(trace, file: file)
        let path = NSTemporaryDirectory() + "backprop-export-\(UUID().uuidString).py"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try run(python, [path, "--json"])
        try #require(status == 0, "\(file): the script failed")
        let json = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let loss = try #require(json["loss"] as? Double)
        #expect(relativeError(loss, trace.loss ?? .nan) < 1e-12, "\(file): loss \(loss) against \(trace.loss ?? .nan)")
        let gradients = try #require(json["gradients"] as? [String: [Double]])
        let parameters = trace.nodes.filter { $0.role == .parameter && $0.gradient != nil }
        #expect(gradients.count == parameters.count)
        for node in parameters {
            let theirs = try #require(gradients[node.name], "\(file): no gradient of \(node.name)")
            let ours = node.gradient ?? []
            try #require(theirs.count == ours.count)
            // Relative to the entry, with the tensor's largest entry as the floor: an entry that
            // is a cancellation (1e-20 next to 0.3) has no relative digits to compare.
            let scale = ours.map(abs).max() ?? 0
            let worst = zip(theirs, ours).map { abs($0 - $1) / max(abs($0), abs($1), scale * 1e-6, 1e-300) }.max() ?? 0
            #expect(worst < 1e-12, "\(file): d\(node.name) differs from PyTorch's by \(worst) relative")
        }
    }

    static func relativeError(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
    }
}
