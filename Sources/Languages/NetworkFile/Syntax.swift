/// The syntax tree of network files and scalar expressions.
indirect enum Expression: Sendable {
    case number(Double, SourceLocation)
    case name(String, SourceLocation)
    /// A bracketed literal: `[[1, 2], [3, 4]]`.
    case list([Expression], SourceLocation)
    /// `f(a, b, axis=0)`, with its text as written (`Token.text`, spaces normalized).
    case call(String, [Argument], SourceLocation, text: String)
    /// `a + b - c` or `a * b @ c`: operators of one precedence level, applied left to right.
    /// One node holds the whole row, not a left-leaning tree of pairs, so that a sum of 20,000
    /// terms is one level deep: walking the tree, or freeing it, recurses only as deep as the
    /// nesting, which the parser limits (`LanguageLimits.nesting`).
    case chain(Expression, [ChainLink])
    /// `a ^ b`, with the operator's location and the text as written.
    case power(Expression, Expression, SourceLocation, text: String)
    case negate(Expression, SourceLocation, text: String)

    var location: SourceLocation {
        switch self {
        case .number(_, let l), .name(_, let l), .list(_, let l), .call(_, _, let l, _), .negate(_, let l, _): l
        case .chain(let first, _): first.location
        case .power(let base, _, _, _): base.location
        }
    }
}

/// One operator of a chain and the operand after it: `+ b` in `a + b`, with the operator's location.
struct ChainLink: Sendable {
    let symbol: String
    let operand: Expression
    let location: SourceLocation
    /// The chain as written from its first operand through this link's (`x @ W1 + b1` for the
    /// `+ b1` of `x @ W1 + b1 + c`): the name of the value computed so far.
    var text = ""
}

struct Argument: Sendable {
    let label: String?
    let value: Expression
    let location: SourceLocation
}

/// The kinds of declared values in a network file.
enum DeclarationKind: String, Sendable, CaseIterable {
    /// Data fed in; takes no gradient.
    case input
    /// A fixed value to compare against; takes no gradient.
    case target
    /// A trainable tensor; takes a gradient.
    case param
    /// Integer class labels for `cross_entropy`.
    case labels
}

enum Statement: Sendable {
    case declaration(DeclarationKind, name: String, value: Expression, location: SourceLocation)
    case assignment(name: String, value: Expression, location: SourceLocation)
    /// `grad NAME = EXPR`: the learner's own formula for ∂loss/∂NAME; `grad NAME = ?` (value nil)
    /// is a gradient not answered yet. `location` is NAME's.
    case gradient(name: String, value: Expression?, location: SourceLocation)
}
