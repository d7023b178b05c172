import Kernels

/// Y = x ⊙ m / (1 − p), with m a mask of independent Bernoulli(1 − p) draws: each element is
/// kept with probability 1 − p and scaled so that its expected value is x. The mask is drawn from
/// `seed` (one SplitMix64 value per element), so recomputing the op gives the same mask: the
/// forward pass is a fixed function of x for a given seed, which finite differences can check.
public struct Dropout: TensorOp {
    public static let declaration = OpDeclaration(
        "dropout", usage: "dropout(x, rate=0.5, seed=1)",
        summary: "each element kept with probability 1 − rate and divided by 1 − rate, else 0; the mask is drawn from seed",
        arguments: [.tensor("x")],
        options: [.number("rate", mustBe: "at least 0 and below 1") { $0 >= 0 && $0 < 1 }, .integer("seed", in: 0...Int(Int32.max))]
    ) { call in Dropout(rate: call.number("rate") ?? 0.5, seed: UInt64(call.integer("seed") ?? 1)) }
    public let rate: Double
    public let seed: UInt64
    public init(rate: Double, seed: UInt64) {
        self.rate = rate
        self.seed = seed
    }
    public var name: String { "dropout" }
    /// x times the mask drawn here from the seed, written out (PyTorch draws its own).
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        let mask = (0..<output.count).map { PyTorchForm.number(Dropout.maskValue(seed: seed, rate: rate, element: $0)).text }
        let literal = PyTorchForm("torch.tensor([" + mask.joined(separator: ", ") + "])").reshaped(output)
        return .binary(x[0], "*", literal, shapes: ShapeList([shapes[0], output]), output: output)
    }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "dropout(\(x[0]); p = \(rate))" }
    public var rule: String { "∂y/∂x = m / (1 − p): 1/(1 − p) where the element was kept, 0 where it was dropped" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .special(SpecialGradient(
            "dropout_mask", description: "the op's mask m / (1 − p), drawn again from its seed",
            arguments: [.input(0)],
            attributes: [
                "seed": Int(bitPattern: UInt(seed)), "rate_bits": Int(bitPattern: UInt(rate.bitPattern)),
            ])))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    public func auxiliaryCount(_ inputs: ShapeList, output: Shape) -> Int { output.count }

    /// The mask's value for element `i`: 1 / (1 − p) or 0.
    public static func maskValue(seed: UInt64, rate: Double, element i: Int) -> Double {
        let z = SplitMix64.mix(seed &+ UInt64(i &+ 1) &* SplitMix64.increment)
        let u = Double(z >> 11) * 0x1p-53
        return u < rate ? 0 : 1 / (1 - rate)
    }

    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let n = c.output.count, mask = c.auxiliary
        for i in 0..<n { mask[i] = T(Dropout.maskValue(seed: seed, rate: rate, element: i)) }
        T.multiply(c.input(0).value, mask, c.output.value, n)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        guard let dY = c.output.gradient, let dX = c.input(0).gradient else { return }
        T.multiplyAccumulate(dY, c.auxiliary, dX, c.output.count)
    }
}
