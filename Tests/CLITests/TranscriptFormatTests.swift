import Testing

@Suite("Transcript format") struct TranscriptFormatTests {
    static let sample = """
        A heading
        =========

        Prose with `code`, and a line that starts with one space:
         like this.

          $ backprop --version
          backprop 0.1.0

          $ backprop 'two words' "a \\"quoted\\" \\$word" back\\ slash
          first line
        \u{20}\u{20}
          after an empty line

          third block line after a stripped empty line
          \\! not standard error
          \\[exit 3]
          ! an error
          !
          ! after an empty error line
          [exit 2]
        Prose right after a run.
          $ backprop --killed
          [signal 9]
        """

    @Test func parsesRunsAndOutput() throws {
        let transcript = try Transcript(parsing: Self.sample)
        #expect(transcript.runs.count == 3)
        #expect(!transcript.endsWithNewline)

        let version = transcript.runs[0]
        #expect(version.commandLine == 6)
        #expect(version.arguments == ["--version"])
        #expect(version.expected == RecordedOutput(stdout: ["backprop 0.1.0"], stderr: [], status: .exit(0)))

        let quoted = transcript.runs[1]
        #expect(quoted.commandText == #"backprop 'two words' "a \"quoted\" \$word" back\ slash"#)
        #expect(quoted.arguments == ["two words", #"a "quoted" $word"#, "back slash"])
        #expect(
            quoted.expected
                == RecordedOutput(
                    stdout: [
                        "first line", "", "after an empty line", "",
                        "third block line after a stripped empty line", "! not standard error", "[exit 3]",
                    ],
                    stderr: ["an error", "", "after an empty error line"], status: .exit(2)))
        #expect(transcript.firstOutputLineNumber(of: quoted) == 11)

        #expect(transcript.runs[2].expected == RecordedOutput(stdout: [], stderr: [], status: .signal(9)))
    }

    @Test func aCommandEndingInABackslashGoesOnInTheNextAngleLine() throws {
        let text = """
            Prose.
              $ backprop mnist train \\
              >   --limit 300 \\
              > --epochs 2
              > not a continuation: the line above has no backslash
              [exit 1]
              $ backprop lesson 2
              > a quote the lesson printed
            """
        let transcript = try Transcript(parsing: text)
        #expect(transcript.runs.count == 2)
        let train = transcript.runs[0]
        #expect(train.arguments == ["mnist", "train", "--limit", "300", "--epochs", "2"])
        #expect(train.commandLine == 1)
        #expect(train.expected.stdout == ["> not a continuation: the line above has no backslash"])
        #expect(transcript.firstOutputLineNumber(of: train) == 5)
        #expect(transcript.runs[1].expected.stdout == ["> a quote the lesson printed"])
        #expect(transcript.formatted() == text)
    }

    @Test func roundTripIsByteForByte() throws {
        for text in [
            Self.sample, Self.sample + "\n", "", "\n", "prose only\n\n", "  $ backprop\n", "  $ backprop\n\n\n",
        ] {
            #expect(try Transcript(parsing: text).formatted() == text)
        }
    }

    @Test func canonicalOutputReadsBackTheSame() throws {
        let tricky = [
            "", "!", "! looks like stderr", "!!", "[exit 1]", "[signal 2]", "\\", "\\!", "\\\\!",
            "\\[exit 0]", "[exiting]", "$", "$$", "\\$ x", "  indented", "\t tab", "$ not a command", "trailing  ",
        ]
        let recorded = RecordedOutput(stdout: tricky, stderr: ["", "! still stderr", "  x"], status: .exit(1))
        let text = (["  $ backprop x"] + recorded.lines).joined(separator: "\n") + "\n"
        let transcript = try Transcript(parsing: text)
        #expect(transcript.runs.map(\.expected) == [recorded])
        #expect(transcript.formatted(replacing: [0: recorded]) == text)
        #expect(recorded.lines.contains("  \\!"))
        #expect(recorded.lines.contains("  \\\\\\!"))
        #expect(recorded.lines.contains("  [exiting]"))
        #expect(recorded.lines.contains("  \\$ not a command"))
        #expect(recorded.lines.last == "  [exit 1]")
    }

    @Test func outputFromProcessText() {
        let output = RecordedOutput(stdout: "a\n\nb\n", stderr: "oops", status: .exit(0))
        #expect(output.stdout == ["a", "", "b"])
        #expect(output.stderr == ["oops"])
        #expect(output.lines == ["  a", "  ", "  b", "  ! oops"])
        #expect(RecordedOutput(stdout: "", stderr: "", status: .exit(0)).lines == [])
        #expect(RecordedOutput(stdout: "x\r\n", stderr: "", status: .exit(0)).stdout == ["x\r"])
    }

    @Test func emptyLinesEndARunUnlessOutputFollows() throws {
        let text = "  $ backprop a\n  one\n\n  two\n\n\nprose\n  $ backprop b\n\n  $ backprop c\n  three\n"
        let transcript = try Transcript(parsing: text)
        #expect(transcript.runs.map(\.expected.stdout) == [["one", "", "two"], [], ["three"]])
        #expect(transcript.runs.map(\.output) == [1..<4, 8..<8, 10..<11])
    }

    @Test func replacingKeepsProseAndOtherRuns() throws {
        let text = "Intro\n\n  $ backprop a\n  old\n  lines\n\nMiddle\n\n  $ backprop b\n  same\nEnd"
        let transcript = try Transcript(parsing: text)
        let new = RecordedOutput(stdout: ["new"], stderr: ["warn"], status: .exit(1))
        #expect(
            transcript.formatted(replacing: [0: new])
                == "Intro\n\n  $ backprop a\n  new\n  ! warn\n  [exit 1]\n\nMiddle\n\n  $ backprop b\n  same\nEnd")
        let empty = RecordedOutput(stdout: [], stderr: [], status: .exit(0))
        #expect(
            transcript.formatted(replacing: [1: empty])
                == "Intro\n\n  $ backprop a\n  old\n  lines\n\nMiddle\n\n  $ backprop b\nEnd")
    }

    @Test(arguments: [
        ("  stray output\n", 1, "indented line outside a run"),
        ("  $ ls -l\n", 1, "a run must start with `backprop`, got `ls`"),
        ("  $\n", 1, "a run must start with `backprop`, got ``"),
        ("text\n  $ backprop 'open\n", 2, "unterminated single quote"),
        ("  $ backprop x\n  ! err\n  out\n", 3, "standard output after standard error"),
        ("  $ backprop x\n  [exit 2]\n  more\n", 2, "[exit 2] must be the last line of a run"),
        ("  $ backprop x\n  !bang\n", 2, "standard error lines start with `! `"),
        ("  $ backprop x\n  [exit two]\n", 2, "malformed [exit two]"),
    ])
    func malformedFilesNameTheLine(text: String, line: Int, message: String) {
        #expect {
            _ = try Transcript(parsing: text)
        } throws: { error in
            guard let error = error as? TranscriptError else { return false }
            return error.line == line && error.message.hasPrefix(message)
        }
    }

    @Test func shellWords() throws {
        #expect(try splitShellWords("backprop  a\tb ") == ["backprop", "a", "b"])
        #expect(try splitShellWords("a'b c'd") == ["ab cd"])
        #expect(try splitShellWords("'' \"\"") == ["", ""])
        #expect(try splitShellWords(#"'it''s' "\\ \a \" \$ \`""#) == [#"its"#, #"\ \a " $ `"#])
        #expect(try splitShellWords(#"\'\"\ \\ a~"#) == [#"'" \"#, "a~"])
        #expect(try splitShellWords("'|' \"*\" \\;") == ["|", "*", ";"])
        #expect(throws: ShellWordsError.self) { try splitShellWords("a\\") }
        #expect(throws: ShellWordsError.self) { try splitShellWords("\"open") }
        for special in ["a | b", "a > f", "$HOME", "`x`", "*.t", "a;b", "~/x", "(x)", "a && b", "?"] {
            #expect(throws: ShellWordsError.self, "\(special)") { try splitShellWords(special) }
        }
    }
}

@Suite("Transcript diff") struct TranscriptDiffTests {
    @Test func equalLinesGiveNoDiff() {
        #expect(unifiedDiff(expected: ["a", "b"], actual: ["a", "b"], firstLineNumber: 1) == "")
    }

    @Test func changedLinesWithContextAndLineNumbers() {
        let expected = (1...20).map { "line \($0)" }
        var actual = expected
        actual[4] = "line five"
        actual.append("line 21")
        #expect(
            unifiedDiff(expected: expected, actual: actual, firstLineNumber: 90) == """
                @@ -91,7 +91,7 @@
                  91 | line 2
                  92 | line 3
                  93 | line 4
                - 94 | line 5
                + 94 | line five
                  95 | line 6
                  96 | line 7
                  97 | line 8
                @@ -107,3 +107,4 @@
                 107 | line 18
                 108 | line 19
                 109 | line 20
                +110 | line 21
                """)
    }

    @Test func emptySides() {
        #expect(
            unifiedDiff(expected: [], actual: ["  new"], firstLineNumber: 5) == """
                @@ -4,0 +5,1 @@
                +5 |   new
                """)
        #expect(
            unifiedDiff(expected: ["  old", "  [exit 1]"], actual: [], firstLineNumber: 5) == """
                @@ -5,2 +4,0 @@
                -5 |   old
                -6 |   [exit 1]
                """)
    }

    @Test func editsAreMinimal() {
        let edits = lineEdits(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"])
        #expect(edits.map(\.kind) == [.same, .removed, .added, .same, .same, .added])
    }
}
