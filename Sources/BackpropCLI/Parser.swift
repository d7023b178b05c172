import Support

/// What the words of a command line ask for.
enum ParseOutcome {
    /// Run this command with these values.
    case run(Invocation)
    /// Print the help of the last command of the chain (the root first).
    case help([Command])
    /// Print `<tool> <version>`.
    case version
    /// Print the message and a hint to the help of the chain's last command; exit 2.
    case usageError(UsageError, [Command])
}

/// Turns arguments (without the program name) into a `ParseOutcome`, following the table.
///
/// Rules:
/// - Leading words that name subcommands select them: `mnist train ...`.
/// - `backprop help [COMMAND...]` is built in.
/// - `--help`/`-h` anywhere before `--` shows the selected command's help, whatever else is wrong;
///   then `--version` prints the version.
/// - `--name value` and `--name=value`; `-x value` and `-x=value` for flags with a short name.
///   A value that starts with `--` is taken as missing (write `--name=--odd` to mean it).
/// - `--` ends flags: everything after it is positional. A lone `-` and negative numbers are
///   positionals.
/// - A flag given twice is an error unless declared repeatable.
struct Parser {
    let root: Command

    func parse(_ arguments: [String], console: Console) -> ParseOutcome {
        var chain = [root]
        var index = 0
        while index < arguments.count, let sub = chain[chain.count - 1].subcommand(named: arguments[index]) {
            chain.append(sub)
            index += 1
        }
        if chain.count == 1, index < arguments.count, arguments[index] == "help" {
            return helpTopic(Array(arguments[(index + 1)...]))
        }
        let rest = Array(arguments[index...])
        // A word after a group that names none of its commands is a mistake even before
        // `--help`: the help would hide the typo (`backprop stpe --help`).
        if chain[chain.count - 1].run == nil, let first = rest.first, !first.hasPrefix("-") {
            return .usageError(unknownCommand(first, in: chain), chain)
        }
        let flagPart = rest.prefix { $0 != "--" }
        if flagPart.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help(chain) }
        if flagPart.contains("--version") { return .version }

        let command = chain[chain.count - 1]
        guard command.run != nil else {
            // A group only takes a subcommand; after `--` even `--x` is read as a command name.
            let afterDashDash = rest.first == "--"
            guard let first = afterDashDash ? rest.dropFirst().first : rest.first else { return .help(chain) }
            if !afterDashDash && first.hasPrefix("-") && first != "-" {
                return .usageError(unknownFlag(first, in: command, chain: chain), chain)
            }
            return .usageError(unknownCommand(first, in: chain), chain)
        }

        switch parseValues(rest, of: command, chain: chain) {
        case .failure(let error):
            return .usageError(error, chain)
        case .success(let (given, positionals)):
            let invocation = Invocation(
                command: command, commandPath: chain.map(\.name), console: console,
                positionals: positionals, given: given)
            return .run(invocation)
        }
    }

    /// `help`, `help mnist`, `help mnist train`.
    private func helpTopic(_ words: [String]) -> ParseOutcome {
        var chain = [root]
        for word in words {
            // `help -h` and `help help` mean the tool's own help.
            if word == "--help" || word == "-h" || (chain.count == 1 && word == "help") { continue }
            guard let sub = chain[chain.count - 1].subcommand(named: word) else {
                return .usageError(unknownCommand(word, in: chain), chain)
            }
            chain.append(sub)
        }
        return .help(chain)
    }

    private func parseValues(
        _ arguments: [String], of command: Command, chain: [Command]
    ) -> Result<([String: [FlagValue]], [String]), UsageError> {
        var given: [String: [FlagValue]] = [:]
        var positionals: [String] = []
        var flagsEnded = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if flagsEnded || !looksLikeFlag(argument) {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                flagsEnded = true
                continue
            }
            // Split `--name=value` / `-x=value`.
            let isLong = argument.hasPrefix("--")
            let body = argument.dropFirst(isLong ? 2 : 1)
            let spelled: Substring
            let inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                spelled = body[..<equals]
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                spelled = body
                inlineValue = nil
            }
            let found: Flag?
            if isLong {
                found = command.flag(named: String(spelled))
            } else if spelled.count == 1, let letter = spelled.first {
                found = command.flag(short: letter)
            } else {
                found = nil
            }
            guard let flag = found else {
                let shown = isLong ? "--" + spelled : argument
                return .failure(unknownFlag(String(shown), in: command, chain: chain))
            }
            if given[flag.name] != nil && !flag.isRepeatable {
                return .failure(UsageError("--\(flag.name) is given more than once"))
            }
            let value: FlagValue
            if !flag.takesValue {
                if let inlineValue {
                    return .failure(UsageError("--\(flag.name) is a switch and takes no value, got '\(inlineValue)'"))
                }
                value = .bool(true)
            } else {
                let raw: String
                if let inlineValue {
                    raw = inlineValue
                } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                    raw = arguments[index]
                    index += 1
                } else if let bare = flag.bareValue {
                    raw = bare
                } else {
                    return .failure(UsageError("--\(flag.name) expects \(flag.expectation), got nothing"))
                }
                switch flag.convert(raw) {
                case .success(let converted): value = converted
                case .failure(let error): return .failure(error)
                }
            }
            given[flag.name, default: []].append(value)
        }

        for flag in command.flags where flag.isRequired && given[flag.name] == nil {
            return .failure(UsageError("missing --\(flag.name) (\(flag.expectation))"))
        }
        let commandName = chain.map(\.name).joined(separator: " ")
        if positionals.count < command.requiredPositionalCount {
            let missing = command.positionals[positionals.count]
            return .failure(UsageError("missing argument \(missing.name) for '\(commandName)'"))
        }
        if let maximum = command.maximumPositionalCount, positionals.count > maximum {
            let extra = positionals[maximum]
            let takes: String
            switch maximum {
            case 0: takes = "takes no arguments"
            case 1: takes = "takes 1 argument: " + command.positionals[0].name
            default:
                takes = "takes at most \(maximum) arguments: " + command.positionals.map(\.name).joined(separator: " ")
            }
            return .failure(UsageError("unexpected argument '\(extra)' ('\(commandName)' \(takes))"))
        }
        return .success((given, positionals))
    }

    /// Flags start with `-`, except a lone `-` (standard input by convention) and numbers.
    private func looksLikeFlag(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument != "-" else { return false }
        return Double(argument) == nil
    }

    private func unknownFlag(_ spelled: String, in command: Command, chain: [Command]) -> UsageError {
        let name = chain.map(\.name).joined(separator: " ")
        let candidates = command.flags.map { "--" + $0.name } + ["--help"]
        return UsageError("unknown flag '\(spelled)' for '\(name)'" + suggestion(for: spelled, among: candidates))
    }

    private func unknownCommand(_ word: String, in chain: [Command]) -> UsageError {
        let parent = chain[chain.count - 1]
        var candidates = parent.subcommands.map(\.name)
        if chain.count == 1 { candidates.append("help") }
        let place = chain.count == 1 ? "" : " for '\(chain.map(\.name).joined(separator: " "))'"
        return UsageError("unknown command '\(word)'\(place)" + suggestion(for: word, among: candidates))
    }
}

/// `; did you mean 'x'?` when one candidate is a likely typo of `word` (Support's `Spelling`, the
/// rule of every did-you-mean of the tool), else empty.
func suggestion(for word: String, among candidates: [String]) -> String {
    Spelling.closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
}
