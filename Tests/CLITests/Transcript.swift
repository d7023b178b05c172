/// A transcript file (`Transcripts/*.t`): prose, and recorded runs of `backprop`.
///
/// The format (described for readers in `Transcripts/README.md`):
///
/// - Lines that start with two spaces belong to a recorded run; every other line is prose and is
///   kept as it is.
/// - `  $ backprop ARGS` starts a run. ARGS are split like a shell would split them, with single
///   quotes, double quotes and backslashes, and nothing else of a shell. A `$` line that ends in
///   ` \` goes on in the `  > ` line after it (and so on), as a long command does in a shell.
/// - The two-space lines after it are what the run printed: standard output as it is, then
///   standard error with each line as `  ! text` (`  !` for an empty one), then `  [exit N]` when
///   the exit code N is not 0 (`  [signal N]` when a signal ended it).
/// - An empty output line is `  `. An entirely empty line between two output lines of the same
///   run also counts as an empty output line; after the last one it ends the run.
/// - A standard-output line that would read as something else (it starts with `!`, `[exit `,
///   `[signal ` or `$ `, or is `$`, or is such a line behind backslashes) is written with one more
///   `\` in front.
///
/// A file parsed and formatted again is byte for byte the same; only the output of runs whose
/// recording is replaced is written anew, in the canonical form.
struct Transcript {
    /// The file's lines, without their line ends.
    var lines: [String]
    var endsWithNewline: Bool
    var runs: [Run]

    struct Run: Equatable {
        /// Index in `lines` of the `  $ backprop ...` line.
        var commandLine: Int
        /// What follows `$ ` on that line.
        var commandText: String
        /// The arguments after `backprop`.
        var arguments: [String]
        /// Indexes in `lines` of the recorded output.
        var output: Range<Int>
        var expected: RecordedOutput
    }

    init(parsing text: String) throws(TranscriptError) {
        var lines = text.isEmpty ? [] : splitLines(text)
        endsWithNewline = lines.last == ""
        if endsWithNewline { lines.removeLast() }
        self.lines = lines
        runs = []

        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("  $ ") || line == "  $" {
                var commandText = String(line.dropFirst(4))
                // A command that ends in ` \` goes on in the next `  > ` line, as in a shell.
                var commandEnd = index + 1
                while commandText.hasSuffix(" \\"), commandEnd < lines.count, lines[commandEnd].hasPrefix("  > ") {
                    commandText = String(commandText.dropLast()) + lines[commandEnd].dropFirst(4)
                    commandEnd += 1
                }
                let words: [String]
                do {
                    words = try splitShellWords(commandText)
                } catch {
                    throw TranscriptError(line: index + 1, message: error.message)
                }
                guard words.first == "backprop" else {
                    throw TranscriptError(
                        line: index + 1,
                        message: "a run must start with `backprop`, got `\(words.first ?? "")`")
                }
                var end = commandEnd
                while end < lines.count {
                    if isOutputLine(lines[end]) {
                        end += 1
                        continue
                    }
                    // Blank lines followed by more output of this run are empty output lines.
                    if lines[end].isEmpty {
                        var next = end
                        while next < lines.count && lines[next].isEmpty { next += 1 }
                        if next < lines.count && isOutputLine(lines[next]) {
                            end = next
                            continue
                        }
                    }
                    break
                }
                let expected = try RecordedOutput(
                    parsing: Array(lines[commandEnd..<end]), firstLineNumber: commandEnd + 1)
                runs.append(
                    Run(
                        commandLine: index, commandText: commandText, arguments: Array(words.dropFirst()),
                        output: commandEnd..<end, expected: expected))
                index = end
            } else if line.hasPrefix("  ") {
                throw TranscriptError(
                    line: index + 1,
                    message: "indented line outside a run (two-space indentation is kept for runs): \(line)")
            } else {
                index += 1
            }
        }
    }

    /// The file's text, with the output of the runs at the given indexes replaced.
    func formatted(replacing replacements: [Int: RecordedOutput] = [:]) -> String {
        var result: [String] = []
        var next = 0
        for (runIndex, run) in runs.enumerated() {
            guard let replacement = replacements[runIndex] else { continue }
            result += lines[next..<run.output.lowerBound]
            result += replacement.lines
            next = run.output.upperBound
        }
        result += lines[next...]
        let text = result.joined(separator: "\n")
        return endsWithNewline ? text + "\n" : text
    }

    /// 1-based line number of the first output line of `run` (where its output goes if empty).
    func firstOutputLineNumber(of run: Run) -> Int { run.output.lowerBound + 1 }
}

private func isOutputLine(_ line: String) -> Bool {
    line.hasPrefix("  ") && !line.hasPrefix("  $ ") && line != "  $"
}

/// Splits on `\n` only (a `\r` stays in its line), keeping a final empty piece after a last `\n`.
func splitLines(_ text: String) -> [String] {
    text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
}

/// A mistake in a transcript file.
struct TranscriptError: Error, CustomStringConvertible, Equatable {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

/// What one run printed and how it ended.
struct RecordedOutput: Equatable {
    enum Status: Equatable {
        case exit(Int32)
        case signal(Int32)
    }

    var stdout: [String]
    var stderr: [String]
    var status: Status

    init(stdout: [String], stderr: [String], status: Status) {
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
    }

    /// From what a process wrote. A missing newline at the end of the output is not recorded.
    init(stdout: String, stderr: String, status: Status) {
        self.init(stdout: outputLines(stdout), stderr: outputLines(stderr), status: status)
    }

    /// From the indented lines of a run in a transcript; `firstLineNumber` is for messages.
    init(parsing lines: [String], firstLineNumber: Int) throws(TranscriptError) {
        stdout = []
        stderr = []
        status = .exit(0)
        for (offset, line) in lines.enumerated() {
            let number = firstLineNumber + offset
            let content = String(line.dropFirst(2))
            if let parsed = parseStatus(content) {
                guard offset == lines.count - 1 else {
                    throw TranscriptError(line: number, message: "\(content) must be the last line of a run")
                }
                status = parsed
            } else if content.hasPrefix("[exit ") || content.hasPrefix("[signal ") {
                throw TranscriptError(
                    line: number, message: "malformed \(content) (write `[exit N]`, or `\\` first for output)")
            } else if content == "!" || content.hasPrefix("! ") {
                stderr.append(String(content.dropFirst(2)))
            } else if content.hasPrefix("!") {
                throw TranscriptError(
                    line: number,
                    message: "standard error lines start with `! `; write `\\!` for output that starts with `!`")
            } else if !stderr.isEmpty {
                throw TranscriptError(
                    line: number, message: "standard output after standard error (write stdout lines first)")
            } else {
                stdout.append(unescaped(content))
            }
        }
    }

    /// The canonical transcript lines, indented by two spaces.
    var lines: [String] {
        var lines = stdout.map { "  " + escaped($0) }
        lines += stderr.map { $0.isEmpty ? "  !" : "  ! " + $0 }
        switch status {
        case .exit(0): break
        case .exit(let code): lines.append("  [exit \(code)]")
        case .signal(let number): lines.append("  [signal \(number)]")
        }
        return lines
    }
}

private func outputLines(_ text: String) -> [String] {
    var lines = splitLines(text)
    if lines.last == "" { lines.removeLast() }
    return lines
}

private func parseStatus(_ content: String) -> RecordedOutput.Status? {
    for (prefix, make) in [("[exit ", RecordedOutput.Status.exit), ("[signal ", RecordedOutput.Status.signal)] {
        if content.hasPrefix(prefix), content.hasSuffix("]"), content.count > prefix.count + 1,
            let value = Int32(content.dropFirst(prefix.count).dropLast())
        {
            return make(value)
        }
    }
    return nil
}

/// Whether a standard-output line would be read as something else and needs a `\` in front.
private func needsEscape(_ line: Substring) -> Bool {
    if line.hasPrefix("!") || line.hasPrefix("[exit ") || line.hasPrefix("[signal ") { return true }
    if line.hasPrefix("$ ") || line == "$" { return true }
    return line.hasPrefix("\\") && needsEscape(line.dropFirst())
}

func escaped(_ line: String) -> String {
    needsEscape(line[...]) ? "\\" + line : line
}

func unescaped(_ line: String) -> String {
    line.hasPrefix("\\") && needsEscape(line.dropFirst()) ? String(line.dropFirst()) : line
}

/// A mistake in the words of a `$` line.
struct ShellWordsError: Error, Equatable {
    var message: String
}

/// Splits a command line into words as a POSIX shell would, for quoting only: whitespace separates
/// words; `'...'` is literal; in `"..."` a backslash escapes `"`, `\`, `$` and `` ` ``; elsewhere
/// a backslash escapes any character. Characters that would make a shell do more (pipes,
/// redirections, variables, globs, ...) must be quoted.
func splitShellWords(_ text: String) throws(ShellWordsError) -> [String] {
    var words: [String] = []
    var word = ""
    var inWord = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
        switch character {
        case " ", "\t":
            if inWord { words.append(word) }
            word = ""
            inWord = false
        case "'":
            inWord = true
            guard let close = characters.firstIndex(of: "'") else {
                throw ShellWordsError(message: "unterminated single quote")
            }
            word += String(characters[..<close])
            characters = characters[(close + 1)...]
        case "\"":
            inWord = true
            var closed = false
            while let inner = characters.popFirst() {
                if inner == "\"" {
                    closed = true
                    break
                }
                if inner == "\\", let escapedCharacter = characters.first, "\"\\$`".contains(escapedCharacter) {
                    word.append(escapedCharacter)
                    characters.removeFirst()
                } else {
                    word.append(inner)
                }
            }
            if !closed { throw ShellWordsError(message: "unterminated double quote") }
        case "\\":
            guard let escapedCharacter = characters.popFirst() else {
                throw ShellWordsError(message: "backslash at the end of the line")
            }
            word.append(escapedCharacter)
            inWord = true
        case "|", "&", ";", "<", ">", "(", ")", "$", "`", "*", "?":
            throw ShellWordsError(
                message: "unquoted `\(character)`: transcripts run no shell, quote it to pass it to backprop")
        case "~" where !inWord:
            throw ShellWordsError(
                message: "unquoted `~`: transcripts run no shell, quote it to pass it to backprop")
        default:
            word.append(character)
            inWord = true
        }
    }
    if inWord { words.append(word) }
    return words
}
