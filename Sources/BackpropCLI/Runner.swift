import Foundation
import Languages
import Lessons
import Support

/// Runs the `backprop` tool: parses `arguments` (without the program name) against the command
/// table, runs the chosen command with `console`, and returns the exit code. Never traps on
/// input: usage errors exit 2, values out of range and command failures exit 1. Flushes the console before returning.
public func runBackprop(arguments: [String], console: Console) -> Int32 {
    runTool(root: .backprop, version: BackpropVersion.string, arguments: arguments, console: console)
}

/// Runs any command tree as a tool (the tests use their own tree).
///
/// Output that standard output could not take (a full disk, `> /dev/full`) is an error too: a
/// run that lost its output does not end with 0 (`export --pytorch > script.py` on a full disk).
public func runTool(root: Command, version: String, arguments: [String], console: Console) -> Int32 {
    let code = runCommand(root: root, version: version, arguments: arguments, console: console)
    console.out.flush()
    defer { console.err.flush() }
    if code == ExitCode.success, let failure = console.out.writeFailure {
        console.err.line("\(root.name): standard output: writing failed: \(FileIO.errnoText(failure))")
        return ExitCode.failure
    }
    return code
}

private func runCommand(root: Command, version: String, arguments: [String], console: Console) -> Int32 {
    assert(root.problems().isEmpty, "command table: " + root.problems().joined(separator: "; "))
    let tool = root.name

    switch Parser(root: root).parse(arguments, console: console) {
    case .help(let chain):
        var formatter = HelpFormatter(width: min(console.layoutWidth, 100), version: version)
        formatter.heading = { console.out.styled($0, .bold) }
        console.out.write(formatter.help(for: chain))
        return ExitCode.success

    case .version:
        console.out.line("\(tool) \(version)")
        return ExitCode.success

    case .usageError(let error, let chain):
        reportUsage(error, chain: chain.map(\.name), console: console)
        return error.exitCode

    case .run(let invocation):
        guard let run = invocation.command.run else { return ExitCode.failure }
        do {
            return try run(invocation)
        } catch let error as UsageError {
            reportUsage(error, chain: invocation.commandPath, console: console)
            return error.exitCode
        } catch {
            console.err.line("\(tool): " + MessageText.oneLineEscaped(describe(error)))
            return ExitCode.failure
        }
    }
}

private func reportUsage(_ error: UsageError, chain: [String], console: Console) {
    let tool = chain.first ?? "backprop"
    console.err.line("\(tool): " + MessageText.oneLineEscaped(error.message))
    console.err.line("Run '\(chain.joined(separator: " ")) --help' for usage.")
}

private func describe(_ error: any Error) -> String {
    // Foundation's file errors read well only through their localized description.
    if let error = error as? CocoaError { return error.localizedDescription }
    // Errors conforming to CustomStringConvertible give their description.
    return String(describing: error)
}
