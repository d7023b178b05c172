/// Parses network files and scalar expressions.
///
///     file        := { statement (newline | end) }
///     statement   := ("input" | "target" | "param" | "labels") NAME "=" expression
///                  | NAME "=" expression
///                  | "grad" NAME "=" (expression | "?")
///     expression  := term { ("+" | "-") term }
///     term        := unary { ("*" | "/" | "@") unary }
///     unary       := ("-" | "+") unary | power
///     power       := primary [ "^" unary ]
///     primary     := NUMBER | NAME | NAME "(" [ argument { "," argument } ] ")"
///                  | "(" expression ")" | "[" [ expression { "," expression } ] "]"
///     argument    := [ NAME "=" ] expression
///
/// Each `(`, call, `[`, unary sign and `^` nests one level deeper; past `LanguageLimits.nesting`
/// levels the input is refused with a located error, so that no input can make the recursion
/// (here and in every walk over the tree) overflow the stack. Runs of `+ -` or `* / @` are loops,
/// kept as one `chain` node, so they never nest.
struct Parser {
    let file: String
    private let tokens: [Token]
    private var position = 0
    private var depth = 0

    init(_ source: String, file: String, firstLine: Int = 1) throws(SourceError) {
        self.file = file
        var lexer = Lexer(source, file: file, firstLine: firstLine)
        tokens = try lexer.tokens()
    }

    private var current: Token { tokens[position] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    /// The tokens from `start` up to the current one as written, with one space wherever the
    /// source had any: the name of the value they compute (`x @ W1`, `sum(e ^ 2)`). Past
    /// `2 × namedTokens` tokens only the first and last `namedTokens` are written, around `…`, so
    /// that naming every prefix of a 50,000-term sum costs time in proportion to it.
    private func text(from start: Int) -> String {
        let end = max(start, position)
        func written(_ range: Range<Int>) -> String {
            var result = ""
            for i in range {
                if i > range.lowerBound && tokens[i].spaced { result += " " }
                result += tokens[i].text
            }
            return result
        }
        let n = Self.namedTokens
        guard end - start > 2 * n + 1 else { return written(start..<end) }
        return written(start..<(start + n)) + " … " + written((end - n)..<end)
    }

    static let namedTokens = 12

    private func error(_ message: String, at token: Token? = nil) -> SourceError {
        SourceError(file: file, (token ?? current).location, message)
    }

    /// Enters one nested construct that starts at `token`; the caller leaves it with
    /// `depth -= 1` (in a `defer`).
    private mutating func enter(_ token: Token) throws(SourceError) {
        guard depth < LanguageLimits.nesting else {
            throw error(
                "more than \(LanguageLimits.nesting) levels of nesting (parentheses, brackets, calls, signs and '^' "
                    + "each count one)", at: token)
        }
        depth += 1
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(SourceError) {
        guard current.kind == .symbol(symbol) else {
            throw error("expected '\(symbol)' \(context), found \(current.kind.display)")
        }
        advance()
    }

    // MARK: Files

    mutating func statements() throws(SourceError) -> [Statement] {
        var result: [Statement] = []
        while current.kind != .end {
            if current.kind == .newline {
                advance()
                continue
            }
            result.append(try statement())
            switch current.kind {
            case .newline: advance()
            case .end: break
            default: throw error("expected the end of the line after the statement, found \(current.kind.display)")
            }
        }
        return result
    }

    private mutating func statement() throws(SourceError) -> Statement {
        let start = current
        guard case .name(let first) = start.kind else {
            throw error("expected a statement such as 'param W = [[1, 2]]' or 'z = x @ W', found \(start.kind.display)")
        }
        advance()
        if first == "grad", case .name(let name) = current.kind {
            let nameToken = current
            advance()
            try expect("=", "after 'grad \(name)' (a stated gradient is 'grad \(name) = EXPRESSION', or '= ?' when not answered yet)")
            if current.kind == .symbol("?") {
                advance()
                return .gradient(name: name, value: nil, location: nameToken.location)
            }
            return .gradient(name: name, value: try expression(), location: nameToken.location)
        }
        if let kind = DeclarationKind(rawValue: first), case .name(let name) = current.kind {
            let nameToken = current
            advance()
            try expect("=", "after '\(kind.rawValue) \(name)'")
            return .declaration(kind, name: name, value: try expression(), location: nameToken.location)
        }
        guard current.kind == .symbol("=") else {
            if first == "grad" {
                throw error("expected a name after 'grad' (a stated gradient is 'grad NAME = EXPRESSION'), found \(current.kind.display)")
            }
            if DeclarationKind.allCases.contains(where: { $0.rawValue == first }) {
                throw error("expected a name after '\(first)', found \(current.kind.display)")
            }
            throw error(
                "expected '=' after '\(first)' (a statement is 'NAME = expression' or one of "
                    + "'input', 'target', 'param', 'labels' followed by a declaration), found \(current.kind.display)")
        }
        advance()
        return .assignment(name: first, value: try expression(), location: start.location)
    }

    // MARK: Expressions

    /// A whole input that is one expression (for `--expr`).
    mutating func singleExpression() throws(SourceError) -> Expression {
        while current.kind == .newline { advance() }
        let result = try expression()
        while current.kind == .newline { advance() }
        guard current.kind == .end else { throw error("unexpected \(current.kind.display) after the expression") }
        return result
    }

    mutating func expression() throws(SourceError) -> Expression {
        let start = position
        let first = try term()
        var links: [ChainLink] = []
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            let op = current
            advance()
            let operand = try term()
            links.append(ChainLink(symbol: s, operand: operand, location: op.location, text: text(from: start)))
        }
        return links.isEmpty ? first : .chain(first, links)
    }

    private mutating func term() throws(SourceError) -> Expression {
        let start = position
        let first = try unary()
        var links: [ChainLink] = []
        while case .symbol(let s) = current.kind, s == "*" || s == "/" || s == "@" {
            let op = current
            advance()
            let operand = try unary()
            links.append(ChainLink(symbol: s, operand: operand, location: op.location, text: text(from: start)))
        }
        return links.isEmpty ? first : .chain(first, links)
    }

    private mutating func unary() throws(SourceError) -> Expression {
        let start = position
        let op = current
        guard op.kind == .symbol("-") || op.kind == .symbol("+") else { return try power() }
        advance()
        try enter(op)
        defer { depth -= 1 }
        let operand = try unary()
        return op.kind == .symbol("-") ? .negate(operand, op.location, text: text(from: start)) : operand
    }

    private mutating func power() throws(SourceError) -> Expression {
        let start = position
        let base = try primary()
        guard current.kind == .symbol("^") else { return base }
        let op = current
        advance()
        try enter(op)
        defer { depth -= 1 }
        let exponent = try unary()
        return .power(base, exponent, op.location, text: text(from: start))
    }

    private mutating func primary() throws(SourceError) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value, token.location)
        case .name(let name):
            advance()
            guard current.kind == .symbol("(") else { return .name(name, token.location) }
            let start = position - 1
            advance()
            try enter(token)
            defer { depth -= 1 }
            return try call(name, at: token, start: start)
        case .symbol("("):
            advance()
            try enter(token)
            defer { depth -= 1 }
            let inner = try expression()
            try expect(")", "to close '(' at \(token.location)")
            return inner
        case .symbol("["):
            advance()
            try enter(token)
            defer { depth -= 1 }
            return try list(at: token)
        default:
            throw error("expected a number, a name, a function call, '(' or '[', found \(token.kind.display)")
        }
    }

    /// The arguments of a call, after its `(`.
    private mutating func call(_ name: String, at token: Token, start: Int) throws(SourceError) -> Expression {
        var arguments: [Argument] = []
        if current.kind != .symbol(")") {
            repeat {
                if arguments.count > 0 { advance() }
                let argumentStart = current
                if case .name(let label) = current.kind, tokens[position + 1].kind == .symbol("=") {
                    advance()
                    advance()
                    arguments.append(Argument(label: label, value: try expression(), location: argumentStart.location))
                } else {
                    arguments.append(Argument(label: nil, value: try expression(), location: argumentStart.location))
                }
            } while current.kind == .symbol(",")
        }
        try expect(")", "to close the arguments of '\(name)'")
        return .call(name, arguments, token.location, text: text(from: start))
    }

    /// The elements of a bracketed list, after its `[`.
    private mutating func list(at token: Token) throws(SourceError) -> Expression {
        var elements: [Expression] = []
        if current.kind != .symbol("]") {
            elements.append(try expression())
            while current.kind == .symbol(",") {
                advance()
                if current.kind == .symbol("]") { break }  // a trailing comma
                elements.append(try expression())
            }
        }
        try expect("]", "to close '[' at \(token.location)")
        return .list(elements, token.location)
    }
}
