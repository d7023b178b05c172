import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import Bench

/// `bench --against`: the rounds' order and ratios, reading a peer's summary line, and running a
/// peer's script as a child process (a shell script stands in for Python).
@Suite struct PeerComparisonTests {
    @Test func eachRoundRunsOursThePeerAndOursAgainAndDividesByTheMeanOfOurs() {
        var calls: [String] = []
        var ourSeconds = [0.10, 0.14, 0.20, 0.30, 0.11, 0.13]
        var peerSeconds = [0.48, 0.50, 0.75]
        let rounds = PeerComparison.run(
            works: [.mlp, .mlpWide], rounds: 1,
            ours: { work in
                calls.append("ours \(work.rawValue)")
                return ourSeconds.removeFirst()
            },
            peer: { work in
                calls.append("peer \(work.rawValue)")
                return peerSeconds.removeFirst()
            })
        #expect(calls == ["ours mlp", "peer mlp", "ours mlp", "ours mlp-wide", "peer mlp-wide", "ours mlp-wide"])
        #expect(rounds.map(\.work) == [.mlp, .mlpWide])
        #expect(rounds[0] == PeerRound(work: .mlp, before: 0.10, peer: 0.48, after: 0.14))
        #expect(abs(rounds[0].ratio - 0.48 / 0.12) < 1e-12)
        #expect(abs(rounds[1].ratio - 0.50 / 0.25) < 1e-12)
    }

    @Test func theMedianRatioIsTakenOverAWorksRoundsOnly() {
        let rounds = [
            PeerRound(work: .mlp, before: 1, peer: 3, after: 1),  // 3×
            PeerRound(work: .mlp, before: 1, peer: 1, after: 1),  // 1×
            PeerRound(work: .mlpWide, before: 1, peer: 9, after: 1),
            PeerRound(work: .mlp, before: 1, peer: 2, after: 1),  // 2×
        ]
        #expect(PeerComparison.medianRatio(rounds, .mlp) == 2)
        #expect(PeerComparison.medianRatio(rounds, .mlpWide) == 9)
        #expect(PeerComparison.medianRatio(rounds, .mlpBatch256).isNaN)
    }

    @Test func aPeerRunsOnlyTheMLPWorksWithTheirBatchAndModel() {
        #expect(Work.comparable == [.mlp, .mlpBatch256, .mlpWide])
        #expect(Work.mlpBatch256.peerRecipe! == (256, "128"))
        #expect(Work.mlpWide.peerRecipe! == (32, "512"))
        #expect(Work.moons.peerRecipe == nil)
    }

    @Test func theSecondsPerEpochComeFromTheTotalWhenThereIsOne() throws {
        // The scripts' summary lines (jax_seed.py, torch_seed.py, keras_seed.py), after epoch lines.
        let jax = "compile 4.81s\nepoch 1 0.31s val_acc=0.9600\narch=128 mode=scan epochs=3 batch=32 train_s=0.94 per_epoch_s=0.31 test_acc=0.9708\n"
        #expect(abs(try #require(PeerScripts.secondsPerEpoch(output: jax, epochs: 3)) - 0.94 / 3) < 1e-12)
        let torch = "epoch 1 2.10s val_acc=0.9500\r\narch=128 epochs=2 batch=32 train_s=4.30 per_epoch_s=2.15 test_acc=0.9600\r\n"
        #expect(abs(try #require(PeerScripts.secondsPerEpoch(output: torch, epochs: 2)) - 2.15) < 1e-12)
        // Only per_epoch_s: taken as it is.
        #expect(PeerScripts.secondsPerEpoch(output: "arch=512 per_epoch_s=1.53 test_acc=0.97", epochs: 5) == 1.53)
        // Nothing usable: no figure, a zero, a negative, not a number.
        for output in ["", "epoch 1 0.31s val_acc=0.96", "train_s=0 per_epoch_s=0", "train_s=-1", "per_epoch_s=nan", "train_s=x"] {
            #expect(PeerScripts.secondsPerEpoch(output: output, epochs: 3) == nil, "\(output)")
        }
    }

    /// A folder laid out as the shared one (`data/mnist` beside `bench/`) with a peer script,
    /// and an executable shell script standing in for the peer's Python.
    private func fakePeer(_ body: String) throws -> (data: String, python: String, folder: String) {
        var template = Array("/tmp/backprop-peer-test-XXXXXX".utf8CString)
        let folder = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        mkdir(folder + "/data", 0o755)
        mkdir(folder + "/data/mnist", 0o755)
        mkdir(folder + "/bench", 0o755)
        try write("# the peer's script; the fake interpreter does not read it\n", to: folder + "/bench/jax_seed.py")
        let python = folder + "/python"
        try write("#!/bin/sh\nDATA='\(folder)/data/mnist'\n" + body + "\n", to: python)
        chmod(python, 0o755)
        return (folder + "/data/mnist", python, folder)
    }

    private func write(_ text: String, to path: String) throws {
        let file = try #require(fopen(path, "w"))
        fputs(text, file)
        fclose(file)
    }

    private func remove(_ folder: String) {
        for path in ["/bench/jax_seed.py", "/python"] { unlink(folder + path) }
        for path in ["/data/mnist", "/data", "/bench", ""] { rmdir(folder + path) }
    }

    @Test func aPeersScriptRunsWithTheWorksArgumentsAndItsSummaryIsRead() throws {
        // The fake prints its arguments, then a summary whose train_s is the epochs it was given.
        let peer = try fakePeer(
            #"[ "$2" = "$DATA" ] && [ "$4" = 256 ] && [ "$5" = 128 ] && [ "$6" = scan ] || { echo "wrong: $*"; exit 3; }"#
                + "\n" + #"echo "arch=$5 mode=$6 epochs=$3 batch=$4 train_s=$3.60 per_epoch_s=9 test_acc=0.97""#)
        defer { remove(peer.folder) }
        try PeerScripts.check(.jax, python: peer.python, data: peer.data)
        let seconds = try PeerScripts.run(.jax, python: peer.python, work: .mlpBatch256, data: peer.data, epochs: 3)
        #expect(abs(seconds - 3.60 / 3) < 1e-12)
    }

    @Test func aPeerThatFailsOrPrintsNoFigureIsAnErrorWithItsLastLine() throws {
        let failing = try fakePeer("echo 'Traceback (most recent call last):'; echo \"ModuleNotFoundError: No module named 'jax'\" >&2; exit 1")
        defer { remove(failing.folder) }
        do {
            _ = try PeerScripts.run(.jax, python: failing.python, work: .mlp, data: failing.data, epochs: 3)
            Issue.record("a failing peer was not an error")
        } catch let error as BenchError {
            #expect(error.description.contains("exited with status 1"), "\(error)")
            #expect(error.description.contains("No module named 'jax'"), "\(error)")
        }
        let silent = try fakePeer("echo 'epoch 1 0.31s val_acc=0.96'")
        defer { remove(silent.folder) }
        do {
            _ = try PeerScripts.run(.jax, python: silent.python, work: .mlp, data: silent.data, epochs: 3)
            Issue.record("a peer without a summary was not an error")
        } catch let error as BenchError {
            #expect(error.description.contains("printed no train_s="), "\(error)")
            #expect(error.description.contains("epoch 1 0.31s"), "\(error)")
        }
    }

    @Test func aMissingInterpreterOrScriptIsRefusedBeforeAnythingRuns() throws {
        let peer = try fakePeer("exit 0")
        defer { remove(peer.folder) }
        #expect(throws: BenchError.self) { try PeerScripts.check(.jax, python: peer.folder + "/none", data: peer.data) }
        // A folder is not an interpreter, though it has the execute bit.
        #expect(throws: BenchError.self) { try PeerScripts.check(.jax, python: peer.folder, data: peer.data) }
        // PyTorch's script is not in this folder.
        #expect(throws: BenchError.self) { try PeerScripts.check(.pytorch, python: peer.python, data: peer.data) }
    }
}
