import Testing

@testable import BackpropCLI

/// The usage error for `arguments`: exit code 2, nothing on stdout, the message and the hint.
/// A usage error: exit 2, or 1 for a well-formed value outside the flag's range.
private func expectUsageError(
    _ arguments: [String], _ message: String, hint: String = "backprop", outOfRange: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let run = runTestTool(arguments)
    #expect(run.code == (outOfRange ? 1 : 2), sourceLocation: sourceLocation)
    #expect(run.out == "", sourceLocation: sourceLocation)
    #expect(
        run.err == "backprop: \(message)\nRun '\(hint) --help' for usage.\n", sourceLocation: sourceLocation)
}

private func expectOutput(
    _ arguments: [String], _ output: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let run = runTestTool(arguments)
    #expect(run.code == 0, sourceLocation: sourceLocation)
    #expect(run.err == "", sourceLocation: sourceLocation)
    #expect(run.out == output + "\n", sourceLocation: sourceLocation)
}

private let trainDefaults =
    "epochs=5 batch=32 lr=0.001 dropout=0.5 optimizer=adam data=(default) seed=(none) tags=[] json=false"

@Suite("Parser") struct ParserTests {
    @Test func unknownCommand() {
        expectUsageError(["trcae", "x"], "unknown command 'trcae'; did you mean 'trace'?")
        expectUsageError(["zebra"], "unknown command 'zebra'")
        // --help after a misspelled command does not hide the typo.
        expectUsageError(["trcae", "--help"], "unknown command 'trcae'; did you mean 'trace'?")
        expectUsageError(
            ["mnist", "tran", "--help"], "unknown command 'tran' for 'backprop mnist'; did you mean 'train'?",
            hint: "backprop mnist")
        expectUsageError(
            ["mnist", "tran"], "unknown command 'tran' for 'backprop mnist'; did you mean 'train'?",
            hint: "backprop mnist")
        expectUsageError(["help", "zebra"], "unknown command 'zebra'")
        expectUsageError(["--", "--help"], "unknown command '--help'; did you mean 'help'?")
        expectUsageError(["mnist", "--", "-x"], "unknown command '-x' for 'backprop mnist'", hint: "backprop mnist")
        expectUsageError(
            ["help", "mnist", "zebra"], "unknown command 'zebra' for 'backprop mnist'", hint: "backprop mnist")
    }

    @Test func unknownFlag() {
        expectUsageError(["--bogus"], "unknown flag '--bogus' for 'backprop'")
        expectUsageError(
            ["trace", "x", "--jsn"], "unknown flag '--jsn' for 'backprop trace'; did you mean '--json'?",
            hint: "backprop trace")
        expectUsageError(
            ["trace", "x", "--jsn=1"], "unknown flag '--jsn' for 'backprop trace'; did you mean '--json'?",
            hint: "backprop trace")
        expectUsageError(["trace", "x", "-q"], "unknown flag '-q' for 'backprop trace'", hint: "backprop trace")
        expectUsageError(
            ["mnist", "--data", "x"], "unknown flag '--data' for 'backprop mnist'", hint: "backprop mnist")
    }

    @Test func missingValue() {
        expectUsageError(
            ["mnist", "train", "--epochs"], "--epochs expects an integer in [1, 1000], got nothing",
            hint: "backprop mnist train")
        expectUsageError(
            ["mnist", "train", "--lr", "--json"], "--lr expects a number > 0, got nothing",
            hint: "backprop mnist train")
        expectUsageError(
            ["mnist", "train", "--data="], "--data expects a path, got ''", hint: "backprop mnist train")
    }

    @Test func malformedAndOutOfRangeIntegers() {
        expectUsageError(
            ["mnist", "train", "--batch-size", "0"], "--batch-size expects an integer ≥ 1, got '0'",
            hint: "backprop mnist train", outOfRange: true)
        expectUsageError(
            ["mnist", "train", "--batch-size", "ten"], "--batch-size expects an integer ≥ 1, got 'ten'",
            hint: "backprop mnist train")
        expectUsageError(
            ["mnist", "train", "--batch-size=2.5"], "--batch-size expects an integer ≥ 1, got '2.5'",
            hint: "backprop mnist train")
        expectUsageError(
            ["mnist", "train", "--epochs", "1001"], "--epochs expects an integer in [1, 1000], got '1001'",
            hint: "backprop mnist train", outOfRange: true)
        expectUsageError(
            ["mnist", "train", "--seed", "99999999999999999999"],
            "--seed expects an integer, got '99999999999999999999'", hint: "backprop mnist train")
    }

    @Test func malformedAndOutOfRangeNumbers() {
        expectUsageError(
            ["mnist", "train", "--lr", "fast"], "--lr expects a number > 0, got 'fast'", hint: "backprop mnist train")
        expectUsageError(
            ["mnist", "train", "--lr", "0"], "--lr expects a number > 0, got '0'", hint: "backprop mnist train", outOfRange: true)
        expectUsageError(
            ["mnist", "train", "--lr=nan"], "--lr expects a number > 0, got 'nan'", hint: "backprop mnist train")
        expectUsageError(
            ["mnist", "train", "--dropout", "1.5"], "--dropout expects a number in [0, 1], got '1.5'",
            hint: "backprop mnist train", outOfRange: true)
    }

    @Test func badChoice() {
        expectUsageError(
            ["mnist", "train", "--optimizer", "adamw"],
            "--optimizer expects one of sgd, momentum, adam, got 'adamw'; did you mean 'adam'?", hint: "backprop mnist train")
    }

    @Test func positionalCount() {
        expectUsageError(["trace"], "missing argument FILE for 'backprop trace'", hint: "backprop trace")
        expectUsageError(
            ["trace", "a", "b"], "unexpected argument 'b' ('backprop trace' takes 1 argument: FILE)",
            hint: "backprop trace")
        expectUsageError(
            ["strict", "a"], "unexpected argument 'a' ('backprop strict' takes no arguments)", hint: "backprop strict")
        expectUsageError(
            ["mnist", "train", "a", "b"],
            "unexpected argument 'b' ('backprop mnist train' takes 1 argument: NETWORK)",
            hint: "backprop mnist train")
        #expect(runTestTool(["sum"]).out == "\n")
        expectOutput(["sum", "1", "-2", "-", "3.5"], "1+-2+-+3.5")
    }

    @Test func repeatedFlags() {
        expectUsageError(
            ["mnist", "train", "--epochs", "1", "--epochs=2"], "--epochs is given more than once",
            hint: "backprop mnist train")
        expectUsageError(["trace", "x", "--json", "--json"], "--json is given more than once", hint: "backprop trace")
        expectOutput(
            ["mnist", "train", "--tag", "a", "--tag=b c"],
            "train (mlp) epochs=5 batch=32 lr=0.001 dropout=0.5 optimizer=adam data=(default) seed=(none) tags=[\"a\", \"b c\"] json=false"
        )
    }

    @Test func switchesTakeNoValue() {
        expectUsageError(
            ["trace", "x", "--json=yes"], "--json is a switch and takes no value, got 'yes'", hint: "backprop trace")
    }

    @Test func defaults() {
        expectOutput(["mnist", "train"], "train (mlp) " + trainDefaults)
    }

    @Test func valuesInBothSpellings() {
        expectOutput(
            [
                "mnist", "train", "net.txt", "--epochs=3", "--lr", "0.5", "--optimizer=sgd", "-d", "data/m",
                "--seed", "-7", "--json", "--batch-size", "+64",
            ],
            "train net.txt epochs=3 batch=64 lr=0.5 dropout=0.5 optimizer=sgd data=data/m seed=-7 tags=[] json=true")
        expectOutput(
            ["mnist", "train", "-d=x=y", "--lr=1e-2"],
            "train (mlp) epochs=5 batch=32 lr=0.01 dropout=0.5 optimizer=adam data=x=y seed=(none) tags=[] json=false")
    }

    @Test func doubleDashEndsFlags() {
        expectOutput(["trace", "--", "--json"], "trace --json json=false full=false")
        expectOutput(["trace", "--full", "--", "-h"], "trace -h json=false full=true")
        expectOutput(["sum", "--", "--", "-x"], "--+-x")
    }

    @Test func requiredFlag() {
        expectUsageError(["mnist", "info"], "missing --data (a path)", hint: "backprop mnist info")
        expectOutput(["mnist", "info", "--data", "d"], "info d")
    }

    @Test func helpWinsOverOtherMistakes() {
        let help = runTestTool(["mnist", "train", "--help"])
        #expect(help.code == 0 && help.err == "")
        #expect(help.out.hasPrefix("backprop mnist train: train a network on MNIST\n"))
        #expect(runTestTool(["mnist", "train", "--epochs", "x", "-h", "--bogus"]).out == help.out)
        #expect(runTestTool(["help", "mnist", "train"]).out == help.out)
        #expect(runTestTool(["help", "mnist", "train", "--help"]).out == help.out)
        // After `--`, `--help` is an argument.
        #expect(runTestTool(["trace", "--", "--help"]).out == "trace --help json=false full=false\n")
    }

    @Test func rootAndGroupsAloneShowHelp() {
        let root = runTestTool([])
        #expect(root.code == 0 && root.out == runTestTool(["--help"]).out)
        #expect(root.out == runTestTool(["help"]).out && root.out == runTestTool(["help", "help"]).out)
        let group = runTestTool(["mnist"])
        #expect(group.code == 0 && group.out == runTestTool(["help", "mnist"]).out)
    }

    @Test func version() {
        expectOutput(["--version"], "backprop 9.9.9")
        expectOutput(["mnist", "train", "--version"], "backprop 9.9.9")
    }

    @Test func errorsThrownByCommands() {
        let failure = runTestTool(["fail"])
        #expect(failure.code == 1)
        #expect(failure.out == "")
        #expect(failure.err == "backprop: cannot read 'missing.net': no such file\n")
        expectUsageError(["strict", "--a", "--b"], "--a and --b exclude each other", hint: "backprop strict")
        let fine = runTestTool(["strict", "--a"])
        #expect(fine.code == 0 && fine.out == "" && fine.err == "")
    }

    @Test func tablesAreValid() {
        #expect(TestTable.root.problems() == [])
        #expect(Command.backprop.problems() == [])
    }

    @Test func tableMistakesAreFound() {
        let bad = Command(
            name: "backprop", summary: "bad",
            subcommands: [
                Command(
                    name: "x", summary: "two lines\nof summary",
                    positionals: [Positional("A", "a", optional: true), Positional("B", "b")],
                    flags: [
                        .toggle("json", "a"), .toggle("json", "b"), .toggle("help", "c"),
                        .integer("n", 1..., default: 0, "d"), .path("p", "e").required(),
                    ],
                    run: { _ in 0 }),
                Command(name: "empty", summary: "no run, no subcommands"),
                Command(name: "help", summary: "clashes", run: { _ in 0 }),
            ])
        #expect(
            bad.problems() == [
                "backprop x: summary must be one line",
                "backprop x: flag --json declared twice",
                "backprop x: flag --help is reserved",
                "backprop x: --n: default 0 is not allowed by the flag",
                "backprop x: required B after an optional one",
                "backprop empty: neither runs nor has subcommands",
                "backprop: 'help' is built in",
            ])
    }

    @Test func suggestions() {
        #expect(suggestion(for: "--batchsize", among: ["--batch-size", "--lr"]) == "; did you mean '--batch-size'?")
        #expect(suggestion(for: "--x", among: ["--batch-size"]) == "")
    }
}
