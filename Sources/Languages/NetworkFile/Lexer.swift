import Support

/// The tokens of network files and scalar expressions.
enum TokenKind: Equatable, Sendable {
    case name(String)
    case number(Double)
    case symbol(String)  // = + - * / @ ^ ( ) [ ] , ?
    case newline
    case end

    var display: String {
        switch self {
        case .name(let n): "'\(n)'"
        case .number(let x): "number \(NumberFormat.shortest(x))"
        case .symbol(let s): "'\(s)'"
        case .newline: "end of line"
        case .end: "end of input"
        }
    }
}

struct Token: Sendable {
    let kind: TokenKind
    let location: SourceLocation
    /// The characters as written (`·` stays `·`, `1_000` stays `1_000`), for the names of the
    /// values an expression computes.
    var text = ""
    /// Whether space (or a comment, or a line break) comes before it in the source.
    var spaced = false
}

/// Splits source text into tokens. `#` starts a comment to the end of the line; line breaks end
/// statements except inside brackets or parentheses, so a matrix may span several lines.
/// Unicode operators people paste from math (−, ·, ×) are read as their ASCII meaning.
/// Line endings may be LF, CRLF or CR (`SourceText.normalizingLineEndings`).
struct Lexer {
    let file: String
    private let characters: [Character]
    private var index = 0
    private var line: Int
    private var column = 1
    private var depth = 0

    init(_ source: String, file: String, firstLine: Int = 1) {
        self.file = file
        characters = Array(SourceText.normalizingLineEndings(source))
        line = firstLine
    }

    /// `?` is the answer not given yet of a `grad NAME = ?` statement.
    static let symbols: Set<Character> = ["=", "+", "-", "*", "/", "@", "^", "(", ")", "[", "]", ",", "?"]
    static let aliases: [Character: String] = ["−": "-", "·": "@", "×": "*", "÷": "/"]

    mutating func tokens() throws(SourceError) -> [Token] {
        var result: [Token] = []
        while true {
            let token = try next()
            if token.kind == .newline, result.last?.kind == .newline || result.isEmpty { continue }
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }
    private func peek(_ offset: Int) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func advance() {
        if characters[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func next() throws(SourceError) -> Token {
        var spaced = false
        while let c = current {
            if c == "#" {
                spaced = true
                while let d = current, d != "\n" { advance() }
            } else if c == "\n" && depth == 0 {
                let location = SourceLocation(line: line, column: column)
                advance()
                return Token(kind: .newline, location: location)
            } else if c.isWhitespace {
                spaced = true
                advance()
            } else {
                break
            }
        }
        let start = index
        var token = try word()
        token.text = String(characters[start..<index])
        token.spaced = spaced
        return token
    }

    /// The token that starts at the current character (after any space).
    private mutating func word() throws(SourceError) -> Token {
        let location = SourceLocation(line: line, column: column)
        guard let c = current else { return Token(kind: .end, location: location) }
        if c.isLetter || c == "_" {
            var name = ""
            while let d = current, d.isLetter || d.isNumber || d == "_" {
                name.append(d)
                advance()
            }
            try checkLength(name, "name", at: location)
            return Token(kind: .name(name), location: location)
        }
        if c.isNumber || (c == "." && (peek(1)?.isNumber ?? false)) {
            return try number(at: location)
        }
        if Lexer.symbols.contains(c) || Lexer.aliases[c] != nil {
            let symbol = Lexer.aliases[c] ?? String(c)
            if symbol == "(" || symbol == "[" { depth += 1 }
            if symbol == ")" || symbol == "]" { depth = max(0, depth - 1) }
            advance()
            return Token(kind: .symbol(symbol), location: location)
        }
        throw SourceError(file: file, location, "unexpected character '\(MessageText.escapingControlCharacters(String(c)))'")
    }

    /// Refuses a name or number longer than `LanguageLimits.tokenCharacters`, quoting its start.
    private func checkLength(_ text: String, _ what: String, at location: SourceLocation) throws(SourceError) {
        guard text.count > LanguageLimits.tokenCharacters else { return }
        throw SourceError(
            file: file, location,
            "a \(what) of \(text.count) characters ('\(text.prefix(24))…'); a \(what) may have at most \(LanguageLimits.tokenCharacters)")
    }

    private mutating func number(at location: SourceLocation) throws(SourceError) -> Token {
        var text = ""
        while let d = current, d.isNumber || d == "." || d == "_" {
            if d != "_" { text.append(d) }
            advance()
        }
        if let e = current, e == "e" || e == "E",
            let after = peek(1), after.isNumber || ((after == "-" || after == "+") && (peek(2)?.isNumber ?? false))
        {
            text.append("e")
            advance()
            if let sign = current, sign == "-" || sign == "+" {
                text.append(sign)
                advance()
            }
            while let d = current, d.isNumber {
                text.append(d)
                advance()
            }
        }
        try checkLength(text, "number", at: location)
        guard let value = Double(text) else {
            throw SourceError(file: file, location, "malformed number '\(text)'")
        }
        guard value.isFinite else {
            throw SourceError(file: file, location, "the number '\(text)' is too large (the largest is about 1.8e308)")
        }
        return Token(kind: .number(value), location: location)
    }
}
