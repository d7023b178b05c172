/// The scalar engine's operations: the four arithmetic operators, which it evaluates inline, and
/// any elementwise op (`tanh`, `x^c`, `−x`, or one a teacher adds), which it evaluates with the
/// op's own `value` and `derivative`. Their names, formulas, rules and gradient expressions are
/// the tensor ops' (`Add`, `Multiply`, … and the elementwise op itself), with every operand a
/// 1×1 tensor: the explainer reads a scalar graph's trace as it reads a tape's, and no text is
/// written twice.
public enum ScalarOp: Sendable, Equatable {
    case input, constant
    case add, subtract, multiply, divide
    /// An elementwise op, by its position in the graph's list of functions.
    case function(Int32)

    public var arity: Int {
        switch self {
        case .input, .constant: 0
        case .add, .subtract, .multiply, .divide: 2
        case .function: 1
        }
    }

    /// The value of an arithmetic op at (a, b) with ∂/∂a and ∂/∂b there.
    @inline(__always)
    func evaluateArithmetic(_ a: Double, _ b: Double) -> (value: Double, da: Double, db: Double) {
        switch self {
        case .add: (a + b, 1, 1)
        case .subtract: (a - b, 1, -1)
        case .multiply: (a * b, b, a)
        case .divide: (a / b, 1 / b, -a / (b * b))
        case .input, .constant, .function: (a, 0, 0)
        }
    }

    /// The tensor op that describes an arithmetic op.
    var arithmeticOp: (any TensorOp)? {
        switch self {
        case .add: Add()
        case .subtract: Subtract()
        case .multiply: Multiply()
        case .divide: Divide()
        case .input, .constant, .function: nil
        }
    }
}
