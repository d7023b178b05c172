import Bench
import Testing
import Training

@testable import BackpropCLI

/// Each command reads its flags once into typed options, each flag declared with the field it
/// fills; a field of the wrong type for its flag would stop the test (a precondition in
/// `Invocation`).
@Suite struct CommandOptionsTests {
    func invocation(_ arguments: [String]) throws -> Invocation {
        guard case .run(let invocation) = Parser(root: .backprop).parse(arguments, console: .capturing()) else {
            throw CommandError("\(arguments) does not run a command")
        }
        return invocation
    }

    /// A flag whose value may be left out (`graph --dot`) takes its bare value when nothing
    /// follows or another flag does, and the next word otherwise.
    @Test func aFlagWithAnOptionalValue() throws {
        #expect(try GraphCommand.Options(try invocation(["graph", "2", "--dot"])).dot == "-")
        #expect(try GraphCommand.Options(try invocation(["graph", "2", "--dot", "--svg", "g.svg"])).dot == "-")
        #expect(try GraphCommand.Options(try invocation(["graph", "2", "--dot", "g.dot"])).dot == "g.dot")
        #expect(try GraphCommand.Options(try invocation(["graph", "2", "--dot=g.dot"])).dot == "g.dot")
        #expect(try GraphCommand.Options(try invocation(["graph", "2"])).dot == nil)
        let run = runTestTool(["graph", "1", "--dot"], root: .backprop)
        #expect(run.code == 0 && run.out.hasPrefix("digraph") && run.err.isEmpty)
    }

    @Test func everyCommandReadsItsOptionsWithTheirDefaults() throws {
        let train = try MNISTTrainCommand.Options(try invocation(["mnist", "train"]))
        #expect(train.recipe.applied(to: MNISTTrainCommand.Options.defaults) == TrainingConfiguration())
        #expect(train.recipe.batchSize == nil && train.outputs.checkpoint == nil && train.timing && !train.json)
        let bench = try BenchCommand.Options(try invocation(["bench"]))
        #expect(bench.works == Work.goals && bench.epochs == 1 && bench.repetitions == 3 && !bench.noPeak)
        let regress = try RegressCommand.Options(try invocation(["regress"]))
        #expect(regress.epochs == 100 && regress.learningRate == 0.01 && regress.points == 200 && regress.seed == 42)
        let gradcheck = try MNISTGradcheckCommand.Options(try invocation(["mnist", "gradcheck"]))
        #expect(gradcheck.model == nil && gradcheck.batch == 4 && gradcheck.samples == 5 && gradcheck.check.pass == 1e-7)
        let trace = try MNISTTraceCommand.Options(try invocation(["mnist", "trace"]))
        #expect(trace.index == 0 && trace.seed == 1 && trace.model == nil)
        #expect(try MNISTInfoCommand.Options(try invocation(["mnist", "info"])).count == 10)
        #expect(try MNISTDownloadCommand.Options(try invocation(["mnist", "download"])).timeout == 5)
        #expect(try MNISTEvaluateCommand.Options(try invocation(["mnist", "evaluate", "--checkpoint", "c"])).limit == nil)
        #expect(try MNISTPredictCommand.Options(try invocation(["mnist", "predict", "--checkpoint", "c"])).index == nil)
        #expect(try GradcheckCommand.Options(try invocation(["gradcheck", "1"])).samples == nil)
        #expect(try ExplainCommand.Options(try invocation(["explain", "1"])).file == "1")
        #expect(try TraceCommand.Options(try invocation(["trace", "n.net"])).file == "n.net")
        #expect(try GraphCommand.Options(try invocation(["graph", "1"])).dot == nil)
        #expect(try LessonCommand.Options(try invocation(["lesson"])).lesson == nil)
    }

    @Test func givenFlagsLandInTheirFields() throws {
        let train = try MNISTTrainCommand.Options(
            try invocation([
                "mnist", "train", "--resume", "r.st", "--batch-size", "64", "--optimizer", "sgd", "--limit", "7",
                "--no-timing", "--log", "l.csv",
            ]))
        #expect(train.recipe.batchSize == 64 && train.recipe.optimizer == .sgd && train.recipe.limit == 7)
        #expect(train.recipe.seed == nil && train.recipe.epochs == nil && !train.timing)
        // Without --checkpoint, a resumed run keeps saving to the file it resumed.
        #expect(train.outputs.checkpoint == "r.st" && train.outputs.log == "l.csv" && train.outputs.plot == nil)
        let bench = try BenchCommand.Options(try invocation(["bench", "--work", "cnn-wide, KERNELS,cnn-wide"]))
        #expect(bench.works == [.cnnWide, .kernels])
        #expect(throws: UsageError("--work: unknown work 'W1' (expected mlp, mlp-256, mlp-process, mlp-wide, moons, gradcheck, cnn, cnn-wide, kernels)")) {
            try BenchCommand.Options(try invocation(["bench", "--work", "W1"]))
        }
        // Against a peer: the works a peer runs, 3 epochs, 3 rounds, unless given.
        let against = try BenchCommand.Options(try invocation(["bench", "--against", "jax"]))
        #expect(against.peer == .jax && against.works == Work.comparable && against.epochs == 3 && against.rounds == 3)
        let chosen = try BenchCommand.Options(
            try invocation(["bench", "--against", "pytorch", "--work", "mlp-wide", "--epochs", "1", "--rounds", "5"]))
        #expect(chosen.peer == .pytorch && chosen.works == [.mlpWide] && chosen.epochs == 1 && chosen.rounds == 5)
        let check = try GradcheckCommand.Options(try invocation(["gradcheck", "1", "--pass", "0.1", "--warn", "0.01"]))
        #expect(check.check.pass == 0.1 && check.check.warn == 0.01 && check.check.h == CheckFlags.defaults.h)
        #expect(throws: UsageError("--pass (0.1) must not be larger than --warn (0.01)")) {
            try check.check.sampledSettings(check.samples)
        }
        let trace = try MNISTTraceCommand.Options(try invocation(["mnist", "trace", "--model", "cnn", "--index", "3"]))
        #expect(trace.model == .cnn && trace.index == 3)
    }

    /// `bench --against`'s report: a row a round with both of our runs and the peer's, the
    /// ratio to the mean of ours, and each work's median; the JSON holds the same numbers.
    @Test func aComparisonsRoundsAndMediansAsTextAndJSON() throws {
        let rounds = [
            PeerRound(work: .mlp, before: 0.125, peer: 0.375, after: 0.125),
            PeerRound(work: .mlp, before: 0.2, peer: 0.4, after: 0.2),
            PeerRound(work: .mlp, before: 0.1, peer: 0.25, after: 0.1),
        ]
        var options = BenchOptions(dataDirectory: "d", executable: "backprop")
        options.epochs = 3
        let lines = BenchText.lines(rounds, peer: .jax, options)
        #expect(lines[1].hasPrefix("3 epochs a run, 3 rounds a work"))
        let rows = lines.filter { $0.hasPrefix(Work.mlp.phrase) }
        #expect(rows.count == 3)
        #expect(rows[0].hasSuffix("0.125  0.375       0.125        3.00×"), "\(rows[0])")
        #expect(lines.last == "median: mlp 2.50×")
        let json = BenchText.json(rounds, peer: .jax, options).serialized(pretty: false)
        #expect(json.contains(#""peer":"jax""#) && json.contains(#""median_ratio":{"mlp":2.5}"#), "\(json)")
        let first = #""ours_before_seconds":0.125,"peer_seconds":0.375,"ours_after_seconds":0.125,"ratio":3"#
        #expect(json.contains(first), "\(json)")
    }
}
