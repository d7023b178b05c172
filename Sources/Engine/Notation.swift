/// How math is written: Unicode (∂, σ, ·, ᵀ, ⊙) by default, or plain ASCII for terminals and
/// files that cannot show it.
public enum Notation: Sendable {
    case unicode
    case ascii

    /// Writes Unicode math text in this notation.
    public func write(_ text: String) -> String {
        switch self {
        case .unicode: text
        case .ascii: Notation.asciiFolded(text)
        }
    }

    /// The ASCII spelling of each Unicode math symbol the engine's texts use.
    static let asciiSpellings: [Character: String] = [
        "∂": "d", "σ": "sigmoid", "·": "*", "⊙": "*", "ᵀ": "^T", "−": "-", "×": "x",
        "Σ": "sum", "√": "sqrt", "²": "^2", "³": "^3", "ε": "eps", "γ": "gamma", "β": "beta",
        "μ": "mu", "θ": "theta", "η": "lr", "→": "->", "≈": "~=", "≤": "<=", "≥": ">=",
        "∈": "in", "ŷ": "y_hat", "x̂": "x_hat", "₁": "1", "₂": "2", "ᵢ": "_i", "ⱼ": "_j",
        "𝟙": "1", "′": "'", "…": "...", "‖": "||", "λ": "lambda", "α": "alpha", "∑": "sum",
        "⁻": "^-", "¹": "1", "ₜ": "_t", "ĝ": "g_hat", "m̂": "m_hat", "v̂": "v_hat",
        "←": "<-", "ₙ": "_n", "ε̂": "eps_hat", "ᶜ": "^c", "ᵗ": "^t", "½": "1/2", "±": "+-", "─": "-", "—": "--", "│": "|", "┼": "+", "═": "=", "✓": "ok", "✗": "x", "⚠": "!", "·̂": "*",
    ]

    /// Replaces every Unicode math symbol by its ASCII spelling; other characters are kept.
    public static func asciiFolded(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if let spelling = asciiSpellings[character] {
                result += spelling
            } else if character.isASCII {
                result.append(character)
            } else {
                result += "?"
            }
        }
        return result
    }
}
