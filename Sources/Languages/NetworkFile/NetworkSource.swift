import Foundation
import Support

/// Where networks come from: a network file (`.net`), or the ```network blocks of a lesson
/// (`.md`), whose lines keep their numbers so messages point into the lesson.
public enum NetworkSource {
    /// Loads and checks the network in `path`.
    public static func load(path: String) throws -> Network {
        let text = try read(path)
        if path.hasSuffix(".md") { return try network(markdown: text, file: path) }
        return try Network(source: text, file: path)
    }

    /// The network of a lesson's Markdown text: its ```network blocks joined, keeping line numbers.
    public static func network(markdown text: String, file: String) throws(SourceError) -> Network {
        let blocks = networkBlocks(in: text)
        guard let first = blocks.first else {
            throw SourceError(file: file, SourceLocation(line: 1, column: 1), "no ```network block in this lesson")
        }
        // Blocks are joined, keeping line numbers by padding the gaps with empty lines.
        var joined = ""
        var line = first.firstLine
        for block in blocks {
            joined += String(repeating: "\n", count: block.firstLine - line)
            joined += block.text
            line = block.firstLine + block.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        }
        return try Network(source: joined, file: file, firstLine: first.firstLine)
    }

    /// Reads a UTF-8 text file of at most `LanguageLimits.fileBytes`, with its line endings
    /// made "\n" (`SourceText.normalizingLineEndings`), or a one-line error naming it.
    public static func read(_ path: String) throws -> String {
        // Only a regular file is read: a FIFO would block forever, a device never end.
        switch FileIO.kind(of: path) {
        case .regularFile: break
        case .missing: throw FileError(path: path, problem: "no such file")
        case .directory: throw FileError(path: path, problem: "is a directory, not a file")
        case let kind: throw FileError(path: path, problem: kind.refusal)
        }
        // FileIO's one reader: it checks the size before reading and never reads past the limit.
        let bytes: [UInt8]
        do throws(Support.FileError) {
            bytes = try FileIO.readAll(path, limit: LanguageLimits.fileBytes)
        } catch {
            throw FileError(path: path, problem: error.isOverLimit ? tooLarge : error.detail)
        }
        guard !bytes.isEmpty else {
            throw FileError(path: path, problem: "is empty; expected a network file (or a lesson's Markdown file)")
        }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw FileError(path: path, problem: "is not UTF-8 text")
        }
        return SourceText.normalizingLineEndings(text)
    }

    private static var tooLarge: String {
        "is larger than \(LanguageLimits.fileBytes / (1 << 20)) MB, the most a network or lesson file may be"
    }

    /// The ```network fenced blocks of a Markdown text (with any line endings), with the line
    /// number of each block's first line.
    public static func networkBlocks(in markdown: String) -> [(firstLine: Int, text: String)] {
        var blocks: [(firstLine: Int, text: String)] = []
        var current: [Substring]? = nil
        var start = 0
        let markdown = SourceText.normalizingLineEndings(markdown)
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```network" {
                current = []
                start = index + 2
            } else if current != nil, trimmed == "```" {
                blocks.append((start, current!.joined(separator: "\n") + "\n"))
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }
}

/// A file that cannot be used: `path: problem`.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}
