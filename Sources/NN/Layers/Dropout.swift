import Engine

/// Dropout (training only): each element kept with probability 1 − rate and scaled by
/// 1 / (1 − rate), a new mask at every step; at inference the input passes unchanged.
public final class DropoutLayer<Scalar: KernelScalar>: Layer {
    public let rate: Double
    let index: Int
    private let outputName: String
    public init(rate: Double, index: Int) {
        self.rate = rate
        self.index = index
        outputName = "drop\(index)"
    }
    public var parameters: [Parameter<Scalar>] { [] }
    public var summary: String { "Dropout(\(rate))" }
    public func outputShape(for input: Shape) throws(EngineError) -> Shape { input }
    @_specialize(where Scalar == Float)
    public func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        guard tape.isTraining else { return x }
        let seed = tape.randomSeed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03
        return try tape.dropout(x, rate: rate, seed: seed, name: outputName)
    }
}
