/// An op written in PyTorch, for `backprop export --pytorch`: a Python expression and how tightly
/// it binds, so that operands get parentheses exactly where Python needs them and the script
/// computes the very tree the tape recorded (`a + (b + c)` stays that way).
///
/// Each op gives its form in its own file (`TensorOp.pytorch`), beside its declaration: adding an
/// op adds its export. The script imports `torch` and `torch.nn.functional as F` and makes every
/// tensor float64.
public struct PyTorchForm: Sendable, Equatable {
    /// Python's binding strengths, loosest first.
    public enum Precedence: Int, Sendable, Comparable {
        case sum = 1, product, unary, power, atom
        public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
    }

    public let text: String
    public let precedence: Precedence

    public init(_ text: String, _ precedence: Precedence = .atom) {
        self.text = text
        self.precedence = precedence
    }

    /// A Python float that reads back as exactly `x`: `0.5`, `2.0`, `1e-07`, `float('inf')`.
    public static func number(_ x: Double) -> PyTorchForm {
        if x.isNaN { return PyTorchForm("float('nan')") }
        if x.isInfinite { return x > 0 ? PyTorchForm("float('inf')") : PyTorchForm("-float('inf')", .unary) }
        let text = "\(x)"
        return PyTorchForm(text, text.hasPrefix("-") ? .unary : .atom)
    }

    /// The text as an operand of something binding at `level`: in parentheses when it binds
    /// more loosely (or, with `orEqual`, as loosely).
    public func operand(_ level: Precedence, orEqual: Bool = false) -> String {
        precedence < level || (orEqual && precedence == level) ? "(" + text + ")" : text
    }

    /// `f(a, b, option=c)`.
    public static func call(_ function: String, _ arguments: [PyTorchForm], _ options: String...) -> PyTorchForm {
        PyTorchForm(function + "(" + (arguments.map(\.text) + options).joined(separator: ", ") + ")")
    }

    /// `a.method(…)` or `a.T`.
    public func member(_ text: String) -> PyTorchForm { PyTorchForm(operand(.atom) + "." + text) }

    /// `a OP b` for `+ - * / @` (the right operand bracketed at the same level: the tape's tree
    /// is kept), reshaped to `output` where PyTorch's broadcasting gives another shape (a 1×1
    /// constant added to a vector).
    public static func binary(_ a: PyTorchForm, _ symbol: String, _ b: PyTorchForm, shapes: ShapeList, output: Shape) -> PyTorchForm {
        let level: Precedence = symbol == "+" || symbol == "-" ? .sum : .product
        let form = PyTorchForm(a.operand(level) + " " + symbol + " " + b.operand(level, orEqual: true), level)
        guard symbol != "@", broadcastShape(shapes[0], shapes[1]) != output.dimensions else { return form }
        return form.reshaped(output)
    }

    /// `-a`.
    public static func negated(_ a: PyTorchForm) -> PyTorchForm { PyTorchForm("-" + a.operand(.unary, orEqual: true), .unary) }

    /// `a ** c`.
    public static func power(_ a: PyTorchForm, _ exponent: Double) -> PyTorchForm {
        let c = exponent == exponent.rounded() && abs(exponent) < 1e6 ? String(Int(exponent)) : number(exponent).text
        return PyTorchForm(a.operand(.power, orEqual: true) + " ** " + c, .power)
    }

    /// `a.reshape(2, 3)`; `a.reshape(())` for a single number.
    public func reshaped(_ shape: Shape) -> PyTorchForm {
        member("reshape(" + (shape.rank == 0 ? "()" : shape.dimensions.map(String.init).joined(separator: ", ")) + ")")
    }

    /// A channels-last tensor (N, H, W, C) as PyTorch's channels-first (N, C, H, W), and back.
    public func channelsFirst() -> PyTorchForm { member("permute(0, 3, 1, 2)") }
    public func channelsLast() -> PyTorchForm { member("permute(0, 2, 3, 1)") }

    /// The shape PyTorch gives `a OP b` by its broadcasting rule (aligned from the last axis).
    static func broadcastShape(_ a: Shape, _ b: Shape) -> [Int] {
        let x = a.dimensions, y = b.dimensions, rank = max(x.count, y.count)
        return (0..<rank).map { k in
            let i = x.count - rank + k, j = y.count - rank + k
            let p = i >= 0 ? x[i] : 1, q = j >= 0 ? y[j] : 1
            return p == 1 ? q : p
        }
    }
}
