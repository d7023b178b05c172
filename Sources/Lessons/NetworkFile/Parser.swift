/// Parses network files and scalar expressions.
///
///     file        := { statement (newline | end) }
///     statement   := ("input" | "target" | "param" | "labels") NAME "=" expression
///                  | NAME "=" expression
///     expression  := term { ("+" | "-") term }
///     term        := unary { ("*" | "/" | "@") unary }
///     unary       := "-" unary | power
///     power       := primary [ "^" unary ]
///     primary     := NUMBER | NAME | NAME "(" [ argument { "," argument } ] ")"
///                  | "(" expression ")" | "[" [ expression { "," expression } ] "]"
///     argument    := [ NAME "=" ] expression
struct Parser {
    let file: String
    private let tokens: [Token]
    private var position = 0

    init(_ source: String, file: String, firstLine: Int = 1) throws(SourceError) {
        self.file = file
        var lexer = Lexer(source, file: file, firstLine: firstLine)
        tokens = try lexer.tokens()
    }

    private var current: Token { tokens[position] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func error(_ message: String, at token: Token? = nil) -> SourceError {
        SourceError(file: file, (token ?? current).location, message)
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
        if let kind = DeclarationKind(rawValue: first), case .name(let name) = current.kind {
            let nameToken = current
            advance()
            try expect("=", "after '\(kind.rawValue) \(name)'")
            return .declaration(kind, name: name, value: try expression(), location: nameToken.location)
        }
        guard current.kind == .symbol("=") else {
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
        var lhs = try term()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            let op = current
            advance()
            lhs = .binary(s, lhs, try term(), op.location)
        }
        return lhs
    }

    private mutating func term() throws(SourceError) -> Expression {
        var lhs = try unary()
        while case .symbol(let s) = current.kind, s == "*" || s == "/" || s == "@" {
            let op = current
            advance()
            lhs = .binary(s, lhs, try unary(), op.location)
        }
        return lhs
    }

    private mutating func unary() throws(SourceError) -> Expression {
        if current.kind == .symbol("-") {
            let op = current
            advance()
            return .negate(try unary(), op.location)
        }
        if current.kind == .symbol("+") {
            advance()
            return try unary()
        }
        return try power()
    }

    private mutating func power() throws(SourceError) -> Expression {
        let base = try primary()
        if current.kind == .symbol("^") {
            let op = current
            advance()
            return .binary("^", base, try unary(), op.location)
        }
        return base
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
            advance()
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
            return .call(name, arguments, token.location)
        case .symbol("("):
            advance()
            let inner = try expression()
            try expect(")", "to close '(' at \(token.location)")
            return inner
        case .symbol("["):
            advance()
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
        default:
            throw error("expected a number, a name, a function call, '(' or '[', found \(token.kind.display)")
        }
    }
}
