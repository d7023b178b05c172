import Foundation
import Support
import Testing

/// Every transcript fits 100 columns: its prose as written, and each recorded output line as the
/// program printed it (without the two spaces that mark it in the file), since the transcripts
/// run with `COLUMNS=100`. Widths count characters, not bytes.
///
/// Commands count too (a long one goes on in `  > ` lines). Not counted, because they are one line
/// by design: a standard-error line (`!`: an error is one line that names the file or flag and
/// what was expected, so that a script or an editor can take it as it is), and an output line
/// that is a whole JSON document (for programs, not people: `jq` reads it as it is).
@Suite("Transcript width") struct TranscriptWidthTests {
    static let width = 100

    /// The lines of `text` wider than `width` that count, as `line N (W columns): text`.
    static func wideLines(_ text: String, width: Int = width) -> [String] {
        var found: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var shown = Substring(line)
            if line.hasPrefix("  ") {
                shown = line.dropFirst(2)
                if shown.hasPrefix("!") { continue }
                if shown.first == "{" || shown.first == "[",
                    (try? JSONValue.parse(Array(shown.utf8))) != nil
                {
                    continue
                }
            }
            if shown.count > width { found.append("line \(index + 1) (\(shown.count) columns): \(shown.prefix(60))…") }
        }
        return found
    }

    @Test(arguments: TranscriptSetup.fileNames())
    func fitsOneHundredColumns(_ name: String) throws {
        let text = try String(contentsOf: TranscriptSetup.directory.appendingPathComponent(name), encoding: .utf8)
        let wide = Self.wideLines(text)
        #expect(wide.isEmpty, "\(name): \(wide.count) lines wider than \(Self.width) columns:\n\(wide.joined(separator: "\n"))")
    }

    @Test func theScanCountsCharactersAndSkipsOnlyWhatIsOneLineByDesign() {
        let wide = String(repeating: "∂", count: 101)
        let fits = String(repeating: "∂", count: 100)
        // Characters, not bytes: 100 `∂` are 300 bytes and fit.
        #expect(Self.wideLines("  $ backprop x\n  \(fits)\n\(fits)").isEmpty)
        #expect(Self.wideLines("prose\n  $ backprop x\n  \(wide)\n\(wide)").count == 2)
        #expect(Self.wideLines("  ! backprop: \(wide)\n  {\"a\": \"\(wide)\"}").isEmpty)
        #expect(Self.wideLines("  $ backprop \(wide)").count == 1)
        // Text that merely starts like JSON counts.
        #expect(Self.wideLines("  [\(wide)").count == 1)
    }
}
