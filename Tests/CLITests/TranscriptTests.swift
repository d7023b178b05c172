import Foundation
import Testing

/// Re-runs every command of every `Transcripts/*.t` file and compares what it prints with the
/// recording. Files run in parallel; the commands of one file run in order (a later command may
/// read what an earlier one wrote).
///
/// `BACKPROP_UPDATE_TRANSCRIPTS=1 swift test --filter TranscriptTests` rewrites the recordings
/// that differ with what the tool printed, keeping the prose.
@Suite("Transcripts") struct TranscriptTests {
    @Test("Transcript", arguments: TranscriptSetup.fileNames())
    func transcript(_ name: String) async throws {
        let url = TranscriptSetup.directory.appendingPathComponent(name)
        let displayPath = "Transcripts/\(name)"
        let text = try String(contentsOf: url, encoding: .utf8)
        let transcript: Transcript
        do {
            transcript = try Transcript(parsing: text)
        } catch {
            Issue.record(
                Comment(rawValue: "\(displayPath): \(error)"), sourceLocation: location(displayPath, url, error.line))
            return
        }
        let executable = try TranscriptSetup.executable()
        let timeout = TranscriptSetup.timeout

        var replacements: [Int: RecordedOutput] = [:]
        for (index, run) in transcript.runs.enumerated() {
            let commandLineNumber = run.commandLine + 1
            guard let actual = try await runRecorded(executable: executable, arguments: run.arguments, timeout: timeout)
            else {
                Issue.record(
                    Comment(
                        rawValue: "\(displayPath):\(commandLineNumber): `\(run.commandText)` did not finish "
                            + "within \(formatSeconds(timeout)) s and was killed"),
                    sourceLocation: location(displayPath, url, commandLineNumber))
                continue
            }
            guard actual != run.expected else { continue }
            if TranscriptSetup.isUpdating {
                replacements[index] = actual
                continue
            }
            let diff = unifiedDiff(
                expected: run.expected.lines, actual: actual.lines,
                firstLineNumber: transcript.firstOutputLineNumber(of: run))
            Issue.record(
                Comment(
                    rawValue: "\(displayPath):\(commandLineNumber): `\(run.commandText)` printed something else "
                        + "(- recorded, + actual):\n\(diff)\n"
                        + "If the new output is right: BACKPROP_UPDATE_TRANSCRIPTS=1 swift test --filter TranscriptTests"
                ),
                sourceLocation: location(displayPath, url, commandLineNumber))
        }
        if !replacements.isEmpty {
            try transcript.formatted(replacing: replacements).write(to: url, atomically: true, encoding: .utf8)
            print("Updated \(displayPath): \(replacements.count) run(s) recorded anew")
        }
    }

    private func location(_ displayPath: String, _ url: URL, _ line: Int) -> SourceLocation {
        SourceLocation(fileID: displayPath, filePath: url.path, line: max(1, line), column: 1)
    }
}

private func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
