import Testing

@testable import Bench

/// The peers' commands `backprop bench` prints: each MLP work in PyTorch, Keras and compiled JAX
/// with the work's own batch size and model, so the ratios compare the same recipe.
@Suite struct PeerCommandTests {
    @Test func everyMLPWorkHasItsThreePeersWithItsBatchAndModel() {
        var options = BenchOptions(dataDirectory: "../shared/data/mnist", executable: "backprop")
        options.epochs = 3
        let commands = Benchmark.peerCommands(options)
        for (work, batch, model) in [("mlp", 32, "128"), ("mlp-256", 256, "128"), ("mlp-wide", 32, "512")] {
            let mine = commands.filter { $0.work == work }.map(\.command)
            #expect(mine.count == 3, "\(work): \(mine)")
            for script in ["torch_seed.py", "keras_seed.py", "jax_seed.py"] {
                #expect(
                    mine.contains { $0.contains("../shared/bench/\(script) ../shared/data/mnist 3 \(batch) \(model)") },
                    "\(work): no \(script) with batch \(batch), model \(model): \(mine)")
            }
            #expect(mine.contains { $0.contains("/jax/bin/python") && $0.hasSuffix(" scan") })
        }
        #expect(commands.contains { $0.work == "setup" && $0.command.contains("jax[cpu]") })
    }

    @Test func onlyTheChosenWorksGetCommands() {
        var options = BenchOptions(dataDirectory: "/data/mnist", executable: "backprop")
        options.works = [.moons]
        #expect(Benchmark.peerCommands(options).allSatisfy { $0.work == "setup" })
    }

    @Test func everyWorkHasItsOwnWords() {
        let phrases = Work.allCases.map(\.phrase)
        #expect(Set(phrases).count == phrases.count)
        #expect(Work.goals.contains(.mlpBatch256))
    }
}
