@testable import BackpropCLI

/// A command table that exists only in the tests, to exercise the framework before (and
/// independently of) the real commands.
enum TestOptimizer: String, CaseIterable {
    case sgd, momentum, adam
}

enum TestTable {
    static let version = "9.9.9"

    static let root = Command(
        name: "backprop",
        summary: "a test tool",
        discussion: "Only for the tests of the command-line framework.",
        subcommands: [trace, mnist, sum, fail, strict])

    static let trace = Command(
        name: "trace",
        summary: "print every node of a forward and backward pass",
        discussion: """
            Loads FILE, runs one forward pass and one backward pass, and prints every node: its \
            value, then its gradient.

              backprop trace Lessons/01-single-neuron.net --full
            """,
        positionals: [Positional("FILE", "the network file to run")],
        flags: [
            .toggle("json", "print the trace as JSON"),
            .toggle("full", "print whole matrices instead of their shapes"),
        ],
        run: { invocation in
            let file = invocation.positional(0) ?? "?"
            invocation.out.line("trace \(file) json=\(invocation.flag("json")) full=\(invocation.flag("full"))")
            return ExitCode.success
        })

    static let train = Command(
        name: "train",
        summary: "train a network on MNIST",
        discussion:
            "Trains NETWORK (a small MLP when omitted) on the MNIST training set and reports accuracy on the test set after every epoch.",
        positionals: [Positional("NETWORK", "the network file", optional: true)],
        flags: [
            .integer("epochs", 1...1000, default: 5, "passes over the training set"),
            .integer("batch-size", 1..., default: 32, "examples per gradient step"),
            .double("lr", .greaterThan(0), default: 0.001, "learning rate"),
            .double("dropout", 0...1, default: 0.5, "probability of dropping a unit"),
            .choice("optimizer", TestOptimizer.self, default: .adam, "the update rule"),
            .path("data", short: "d", valueName: "DIR", "folder holding the MNIST files"),
            .integer("seed", "seed for the random initialization"),
            .string("tag", "a label for the run").repeatable(),
            .toggle("json", "print one JSON object per epoch"),
        ],
        run: { invocation in
            let network = invocation.positional(0) ?? "(mlp)"
            let data = invocation.optionalString("data") ?? "(default)"
            let seed = invocation.optionalInt("seed").map(String.init) ?? "(none)"
            let optimizer = invocation.choice("optimizer", as: TestOptimizer.self)
            invocation.out.line(
                "train \(network) epochs=\(invocation.int("epochs")) batch=\(invocation.int("batch-size")) "
                    + "lr=\(invocation.double("lr")) dropout=\(invocation.double("dropout")) "
                    + "optimizer=\(optimizer) data=\(data) seed=\(seed) "
                    + "tags=\(invocation.strings("tag")) json=\(invocation.flag("json"))")
            return ExitCode.success
        })

    static let info = Command(
        name: "info",
        summary: "describe the MNIST files",
        flags: [.path("data", "folder holding the MNIST files").required()],
        run: { invocation in
            invocation.out.line("info \(invocation.string("data"))")
            return ExitCode.success
        })

    static let mnist = Command(
        name: "mnist",
        summary: "train and inspect networks on the MNIST digits",
        subcommands: [train, info])

    static let sum = Command(
        name: "sum",
        summary: "add numbers",
        positionals: [Positional("X", "numbers to add", variadic: true)],
        run: { invocation in
            invocation.out.line(invocation.positionals.joined(separator: "+"))
            return ExitCode.success
        })

    static let fail = Command(
        name: "fail",
        summary: "fail at run time",
        run: { _ in throw CommandError("cannot read 'missing.net': no such file") })

    static let strict = Command(
        name: "strict",
        summary: "reject its flags in the command",
        flags: [.toggle("a", "one"), .toggle("b", "other")],
        run: { invocation in
            if invocation.flag("a") && invocation.flag("b") {
                throw UsageError("--a and --b exclude each other")
            }
            return ExitCode.success
        })
}

/// What one run of the test tool did.
struct ToolRun {
    var code: Int32
    var out: String
    var err: String
}

func runTestTool(_ arguments: [String], root: Command = TestTable.root, width: Int? = 100) -> ToolRun {
    let console = Console.capturing(terminalWidth: width)
    let code = runTool(root: root, version: TestTable.version, arguments: arguments, console: console)
    return ToolRun(code: code, out: console.out.text, err: console.err.text)
}
