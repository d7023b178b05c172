import Foundation
import Support
import Testing

@testable import Training

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Heavy checks on the real MNIST files, run against a release build of `backprop` (debug builds
/// are 10–100× slower at numeric work). `.ci/run` builds one and sets `BACKPROP_RELEASE_BIN`;
/// without it these tests are skipped with that note.
enum EndToEnd {
    /// Output as one line: text wraps to the console's width (80 columns when piped), so a
    /// sentence may be split across lines.
    static func joined(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }

    static let binary: String? = {
        guard let path = ProcessInfo.processInfo.environment["BACKPROP_RELEASE_BIN"], !path.isEmpty else { return nil }
        return path
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `MNIST_DIR`, else `../shared/data/mnist` beside the package.
    static var mnist: String {
        if let dir = ProcessInfo.processInfo.environment["MNIST_DIR"], !dir.isEmpty {
            return dir.hasPrefix("/") ? dir : packageRoot.appendingPathComponent(dir).path
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/mnist").path
    }

    struct Run {
        let status: Int32
        let killedBySignal: Int32?
        let stdout: String
        let stderr: String
    }

    /// The summary a `train --json` run printed, and its "test" part.
    static func summary(_ run: Run) throws -> (summary: [String: Any], test: [String: Any]) {
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (summary, try #require(summary["test"] as? [String: Any]))
    }

    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = arguments + ["--data", mnist]
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let signaled = process.terminationReason == .uncaughtSignal
        return Run(
            status: signaled ? -1 : process.terminationStatus,
            killedBySignal: signaled ? process.terminationStatus : nil,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite(
    .enabled(
        if: EndToEnd.binary != nil,
        "set BACKPROP_RELEASE_BIN to a release build of backprop to run the MNIST end-to-end checks"))
struct EndToEndTests {
    /// One epoch on the first 10000 training images (8000 to train, 2000 to validate) reaches
    /// 90% on the whole test set.
    @Test func oneEpochOnTenThousandImagesReachesNinetyPercent() throws {
        let run = try EndToEnd.run(["mnist", "train", "--limit", "10000", "--epochs", "1", "--json", "--no-timing"])
        #expect(run.status == 0, "\(run.stderr)")
        let (summary, test) = try EndToEnd.summary(run)
        let accuracy = try #require(test["accuracy"] as? Double)
        #expect(test["count"] as? Int == 10000)
        #expect(accuracy >= 0.90, "test accuracy \(accuracy)")
        let epochs = try #require(summary["epochs"] as? [[String: Any]])
        #expect(epochs.count == 1)
    }

    /// The CNN, one epoch on the first 6000 training images (4800 to train), reaches 90% on the
    /// whole test set; its checkpoint evaluates, passes the gradient check, and resumes for a
    /// second epoch that ends with the weights of an uninterrupted two-epoch run (dropout draws
    /// the same masks after a resume).
    @Test func theCNNLearnsAndItsCheckpointEvaluatesAndChecks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-cnn-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("cnn.safetensors").path
        let run = try EndToEnd.run([
            "mnist", "train", "--model", "cnn", "--limit", "6000", "--epochs", "1", "--json", "--no-timing",
            "--checkpoint", checkpoint,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let test = try EndToEnd.summary(run).test
        let accuracy = try #require(test["accuracy"] as? Double)
        #expect(test["count"] as? Int == 10000)
        #expect(accuracy >= 0.90, "test accuracy \(accuracy)")

        let evaluation = try EndToEnd.run(["mnist", "evaluate", "--checkpoint", checkpoint])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        #expect(evaluation.stdout.contains("cnn after epoch 1 of 1"))
        let check = try EndToEnd.run(["mnist", "gradcheck", "--checkpoint", checkpoint, "--samples", "4"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("check: 32 entries"))
        #expect(!check.stdout.contains("FAIL") && !check.stdout.contains("KINK"))
        // New weights: zero biases put the ReLU inputs of the blank border exactly at the kink.
        let fresh = try EndToEnd.run(["mnist", "gradcheck", "--model", "cnn", "--samples", "3"])
        #expect(fresh.status == 0, "\(fresh.stdout)\(fresh.stderr)")
        #expect(EndToEnd.joined(fresh.stdout).contains("PASS with KINKs") && !fresh.stdout.contains("FAIL"))

        let resumed = try EndToEnd.run([
            "mnist", "train", "--resume", checkpoint, "--epochs", "2", "--json", "--no-timing", "--test-limit", "1000",
        ])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let (second, secondTest) = try EndToEnd.summary(resumed)
        #expect(second["resumed_after_epoch"] as? Int == 1)
        let epochs = try #require(second["epochs"] as? [[String: Any]])
        #expect(epochs.map { $0["epoch"] as? Int } == [1, 2])
        #expect(try #require(secondTest["accuracy"] as? Double) >= 0.90)

        let whole = directory.appendingPathComponent("whole.safetensors").path
        let uninterrupted = try EndToEnd.run([
            "mnist", "train", "--model", "cnn", "--limit", "6000", "--epochs", "2", "--no-timing", "--test-limit", "1000",
            "--checkpoint", whole,
        ])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let a = try SafeTensors(decoding: try FileIO.readAll(whole), source: "whole")
        let b = try SafeTensors(decoding: try FileIO.readAll(checkpoint), source: "resumed")
        #expect(a.metadata("epoch") == "2" && b.metadata("epoch") == "2")
        #expect(a.entries == b.entries, "the resumed CNN's tensors differ from the uninterrupted run's")
    }

    /// A run killed in the middle of writing its second checkpoint leaves the first one whole;
    /// resumed from it, the run ends with the same weights, optimizer state and history as one
    /// that was never interrupted.

    @Test func aRunKilledWhileWritingACheckpointResumesToTheSameWeights() throws {
        let directory = NSTemporaryDirectory() + "backprop-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let recipe = ["mnist", "train", "--limit", "3000", "--epochs", "3", "--no-timing", "--test-limit", "1000"]

        let whole = try EndToEnd.run(
            recipe + ["--checkpoint", directory + "/a.safetensors", "--save", directory + "/a-final.safetensors"])
        #expect(whole.status == 0, "\(whole.stderr)")

        let killed = try EndToEnd.run(
            recipe + ["--checkpoint", directory + "/b.safetensors", "--save", directory + "/b-final.safetensors"],
            environment: ["BACKPROP_TEST_KILL_DURING_CHECKPOINT": "2"])
        #expect(killed.killedBySignal == SIGKILL, "the run was not killed: \(killed.stdout)")
        // Killed mid-write: a partial temporary file, and the checkpoint of the first write intact.
        #expect(FileManager.default.fileExists(atPath: directory + "/.b.safetensors.partial"))
        let survivor = try Checkpoint.read(from: directory + "/b.safetensors")
        #expect(survivor.epoch == 1)

        let resumed = try EndToEnd.run(
            [
                "mnist", "train", "--resume", directory + "/b.safetensors", "--save",
                directory + "/b-final.safetensors",
                "--no-timing", "--test-limit", "1000",
            ])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(EndToEnd.joined(resumed.stdout).contains("resuming \(directory)/b.safetensors after epoch 1 of 3"))

        let a = try SafeTensors(decoding: try FileIO.readAll(directory + "/a-final.safetensors"), source: "a")
        let b = try SafeTensors(decoding: try FileIO.readAll(directory + "/b-final.safetensors"), source: "b")
        #expect(a.entries.map(\.name) == b.entries.map(\.name))
        #expect(a.entries == b.entries, "the resumed run's tensors differ from the uninterrupted run's")
        for key in ["epoch", "optimizer_step", "shuffle_state", "best_value", "best_epoch"] {
            #expect(a.metadata(key) == b.metadata(key), "\(key)")
        }
        let history = { (file: SafeTensors) throws -> [EpochMetrics] in
            try Checkpoint(file, source: "x").history.map {
                var m = $0
                m.seconds = 0
                return m
            }
        }
        #expect(try history(a) == history(b))
        // The best checkpoints agree too, byte for byte apart from the seconds in the history.
        let bestA = try Checkpoint.read(from: directory + "/a.safetensors")
        let bestB = try Checkpoint.read(from: directory + "/b.safetensors")
        #expect(bestA.epoch == bestB.epoch)
        #expect(bestA.safeTensors.entries == bestB.safeTensors.entries)
        // The test figures printed at the end agree.
        let testLine = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("test:") } }
        #expect(testLine(whole.stdout) == testLine(resumed.stdout))
    }
}
