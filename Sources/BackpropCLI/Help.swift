import Foundation
import Support

/// Help text, generated from the command table.
struct HelpFormatter {
    /// Text is wrapped to this many columns.
    let width: Int
    let version: String
    /// Section headings are passed through this (bold on a color terminal).
    var heading: (String) -> String = { $0 }

    /// Help for the last command of `chain` (the root first).
    func help(for chain: [Command]) -> String {
        let command = chain[chain.count - 1]
        let isRoot = chain.count == 1
        let path = chain.map(\.name).joined(separator: " ")
        var lines: [String] = []

        lines.append(isRoot ? "\(path) \(version): \(command.summary)" : "\(path): \(command.summary)")
        lines.append("")
        let usages = command.usage.map { [$0] } ?? usageLines(path: path, command: command, isRoot: isRoot)
        for (index, usage) in usages.enumerated() {
            let label = index == 0 ? "Usage: " : "       "
            // Wrapped with the label in place, which is then styled: its escape codes take no columns.
            var wrapped = TextWrap.wrap(label + usage, width: width, hanging: index == 0 ? label.count : 0)
            wrapped[0] = heading(label) + wrapped[0].dropFirst(label.count)
            lines += wrapped
        }
        if !command.discussion.isEmpty {
            lines.append("")
            lines += paragraphs(command.discussion)
        }

        let commandRows = listedCommands(of: command, prefix: []) + (isRoot ? [builtinHelpRow] : [])
        var optionRows = command.flags.map { flag in
            let value = flag.bareValue == nil ? flag.valueName : "[" + flag.valueName + "]"
            let name = "--" + flag.name + (flag.takesValue ? " " + value : "")
            return ((flag.short.map { "-\($0), " } ?? "    ") + name, details(of: flag))
        }
        optionRows.append(
            ("-h, --help", isRoot ? "show this help, or a command's with 'COMMAND --help'" : "show this help"))
        if isRoot { optionRows.append(("    --version", "print the version and exit")) }
        // One column for every table of the page, so they line up.
        // A name longer than 28 columns gets its text on the next line instead of widening the column.
        let positionalRows = command.positionals.map { positional in
            let name = positional.isVariadic ? positional.name + "..." : positional.name
            return (name, positional.help + (positional.isOptional ? " (optional)" : ""))
        }
        let allNames = positionalRows.map(\.0) + commandRows.map(\.0) + optionRows.map(\.0)
        let column = allNames.map(\.count).filter { $0 <= 28 }.max() ?? 28

        if !command.positionals.isEmpty {
            lines.append("")
            lines.append(heading("Arguments:"))
            lines += table(positionalRows, column: column)
        }

        if !commandRows.isEmpty {
            lines.append("")
            lines.append(heading("Commands:"))
            lines += table(commandRows, column: column)
        }

        lines.append("")
        lines.append(heading("Options:"))
        lines += table(optionRows, column: column)

        if !command.subcommands.isEmpty {
            lines.append("")
            let topic = isRoot ? "COMMAND" : "\(chain.dropFirst().map(\.name).joined(separator: " ")) COMMAND"
            lines += paragraphs("Run '\(chain[0].name) help \(topic)' for the options of a command.")
        }
        return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
    }

    private var builtinHelpRow: (String, String) {
        ("help [COMMAND...]", "show help for a command, like 'COMMAND --help'")
    }

    private func usageLines(path: String, command: Command, isRoot: Bool) -> [String] {
        var usages: [String] = []
        if !command.subcommands.isEmpty {
            usages.append("\(path) COMMAND [options]")
        }
        if command.run != nil {
            var usage = path
            if !command.flags.isEmpty { usage += " [options]" }
            for positional in command.positionals { usage += " " + positional.usageText }
            usages.append(usage)
        }
        if isRoot && command.subcommands.isEmpty && command.run == nil {
            usages.append("\(path) COMMAND [options]")
        }
        return usages
    }

    /// Every runnable command below `command`, with its path relative to it (`mnist train`).
    private func listedCommands(of command: Command, prefix: [String]) -> [(String, String)] {
        var rows: [(String, String)] = []
        for sub in command.subcommands {
            let name = (prefix + [sub.name]).joined(separator: " ")
            if sub.run != nil { rows.append((name, sub.summary)) }
            rows += listedCommands(of: sub, prefix: prefix + [sub.name])
        }
        return rows
    }

    /// The flag's help with its kind, range and default: `Batch size (integer ≥ 1; default 32)`.
    func details(of flag: Flag) -> String {
        var parts: [String] = []
        switch flag.kind {
        case .toggle, .choice: break
        case .integer(let range): parts.append(range.isUnbounded ? "integer" : "integer \(range.phrase)")
        case .double(let range): parts.append(range.isUnbounded ? "number" : "number \(range.phrase)")
        case .string: parts.append("text")
        case .path: parts.append("path")
        }
        if let value = flag.defaultValue { parts.append("default \(value)") }
        if flag.isRequired { parts.append("required") }
        if flag.isRepeatable { parts.append("repeatable") }
        // Each part is kept on one line when wrapped (`table` turns the no-break spaces back).
        let kept = parts.map { $0.replacingOccurrences(of: " ", with: noBreakSpace) }
        return kept.isEmpty ? flag.help : "\(flag.help) (\(kept.joined(separator: "; ")))"
    }

    /// Two columns: names, then text wrapped beside them. A name too long for the column gets its
    /// text on the next line.
    private func table(_ rows: [(String, String)], column: Int) -> [String] {
        let indent = 2
        let gap = 3
        let textStart = indent + column + gap
        let textWidth = max(20, width - textStart)
        var lines: [String] = []
        for (name, text) in rows {
            let wrapped = TextWrap.wrap(text, width: textWidth, hanging: 0).map {
                $0.replacingOccurrences(of: noBreakSpace, with: " ")
            }
            let lead = String(repeating: " ", count: indent) + name
            if name.count <= column {
                let padded = lead + String(repeating: " ", count: textStart - lead.count)
                lines.append(padded + (wrapped.first ?? ""))
            } else {
                lines.append(lead)
                if let first = wrapped.first { lines.append(String(repeating: " ", count: textStart) + first) }
            }
            for more in wrapped.dropFirst() { lines.append(String(repeating: " ", count: textStart) + more) }
        }
        return lines
    }

    /// Reflows the runs of plain lines of `text` to the width; keeps blank lines, and lines that
    /// start with a space (examples) as they are.
    func paragraphs(_ text: String) -> [String] {
        var lines: [String] = []
        var paragraph: [String] = []
        func finish() {
            if !paragraph.isEmpty { lines += TextWrap.wrap(paragraph.joined(separator: " "), width: width, hanging: 0) }
            paragraph = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line.hasPrefix(" ") {
                finish()
                lines.append(String(line))
            } else {
                paragraph.append(String(line))
            }
        }
        finish()
        return lines
    }
}

/// Marks a space that `wrap` must not break at.
private let noBreakSpace = "\u{A0}"

extension String {
    var trailingSpacesRemoved: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
