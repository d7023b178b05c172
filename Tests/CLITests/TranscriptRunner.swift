import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where transcripts and the tool are, and how the tool is run for them.
enum TranscriptSetup {
    /// The package root: this file is `Tests/TranscriptTests/TranscriptRunner.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory = packageRoot.appendingPathComponent("Transcripts")

    /// The names of the transcript files (`basics.t`, ...), sorted.
    static func fileNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".t") }.sorted()
    }

    /// `BACKPROP_UPDATE_TRANSCRIPTS=1`: rewrite the files with what the tool printed.
    static var isUpdating: Bool {
        let value = ProcessInfo.processInfo.environment["BACKPROP_UPDATE_TRANSCRIPTS"] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Seconds one command may take: `BACKPROP_TRANSCRIPT_TIMEOUT`, else 300.
    static var timeout: Double {
        if let text = ProcessInfo.processInfo.environment["BACKPROP_TRANSCRIPT_TIMEOUT"],
            let seconds = Double(text), seconds > 0
        {
            return seconds
        }
        return 300
    }

    /// The environment of every command: fixed, so output does not depend on the machine.
    static var environment: [String: String] {
        let own = ProcessInfo.processInfo.environment
        var environment = [
            "NO_COLOR": "1",
            "TERM": "dumb",
            "COLUMNS": "100",
            "MNIST_DIR": own["MNIST_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared/data/mnist",
        ]
        // Not seen by the commands' output: where temporary files and coverage data go.
        for key in ["TMPDIR", "LLVM_PROFILE_FILE"] {
            if let value = own[key] { environment[key] = value }
        }
        return environment
    }

    /// The `backprop` executable: `BACKPROP_BIN` if set, else the one built beside the test bundle.
    static func executable() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let files = FileManager.default
        if let path = environment["BACKPROP_BIN"], !path.isEmpty {
            let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: files.currentDirectoryPath))
                .standardizedFileURL
            guard files.isExecutableFile(atPath: url.path) else {
                throw TranscriptSetupError("BACKPROP_BIN is set to '\(path)', which is not an executable file")
            }
            return url
        }
        var candidates: [URL] = []
        // The tool sits in the build folder that holds the test bundle: on Linux the bundle is an
        // executable `…/debug/backprop-explorerPackageTests.xctest`; on macOS a folder
        // `…/debug/backprop-explorerPackageTests.xctest/Contents/MacOS/…`.
        for bundle in [Bundle(for: BundleMarker.self)] + Bundle.allBundles
        where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("backprop"))
        }
        if let program = CommandLine.arguments.first {
            var url = URL(fileURLWithPath: program).standardizedFileURL
            while url.path != "/" && url.pathExtension != "xctest" { url.deleteLastPathComponent() }
            if url.pathExtension == "xctest" {
                candidates.append(url.deletingLastPathComponent().appendingPathComponent("backprop"))
            }
            candidates.append(
                URL(fileURLWithPath: program).deletingLastPathComponent().appendingPathComponent("backprop"))
        }
        if let found = candidates.first(where: { files.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        let looked = candidates.map(\.path).joined(separator: ", ")
        throw TranscriptSetupError(
            "cannot find the backprop executable (looked at: \(looked.isEmpty ? "nothing" : looked)); "
                + "run `swift build` or set BACKPROP_BIN to its path")
    }
}

/// A class of this module, to find its bundle (on macOS, the `.xctest` folder).
private final class BundleMarker {}

struct TranscriptSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `executable` with `arguments` in the package root, stdin from /dev/null, and returns
/// what it printed; nil when it ran longer than `timeout` seconds (it is killed then).
func runRecorded(executable: URL, arguments: [String], timeout: Double) async throws -> RecordedOutput? {
    let files = FileManager.default
    let scratch = files.temporaryDirectory.appendingPathComponent("backprop-transcript-\(UUID().uuidString)")
    try files.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? files.removeItem(at: scratch) }
    // Output goes to files, not pipes: nothing to drain while waiting, and no size limit.
    let stdoutURL = scratch.appendingPathComponent("stdout")
    let stderrURL = scratch.appendingPathComponent("stderr")
    _ = files.createFile(atPath: stdoutURL.path, contents: nil)
    _ = files.createFile(atPath: stderrURL.path, contents: nil)
    let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
    let stderrHandle = try FileHandle(forWritingTo: stderrURL)
    defer {
        try? stdoutHandle.close()
        try? stderrHandle.close()
    }

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = TranscriptSetup.packageRoot
    process.environment = TranscriptSetup.environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdoutHandle
    process.standardError = stderrHandle

    let (exited, exit) = AsyncStream<Void>.makeStream()
    process.terminationHandler = { _ in
        exit.yield()
        exit.finish()
    }
    try process.run()
    let processIdentifier = process.processIdentifier

    let finished = await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            for await _ in exited { break }
            return true
        }
        group.addTask {
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            return false
        }
        let first = await group.next() ?? false
        group.cancelAll()
        return first
    }
    if !finished {
        kill(processIdentifier, SIGKILL)
        process.waitUntilExit()
        return nil
    }
    process.waitUntilExit()

    let status: RecordedOutput.Status =
        process.terminationReason == .exit
        ? .exit(process.terminationStatus) : .signal(process.terminationStatus)
    let stdout = String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self)
    let stderr = String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
    return RecordedOutput(stdout: stdout, stderr: stderr, status: status)
}
