import Engine

/// How a parameter's first values are drawn. Keras's defaults: Glorot-uniform weights, zero biases.
public enum Initializer: Sendable, Equatable {
    case zeros
    case ones
    case constant(Double)
    /// U(−limit, limit) with limit = √(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010).
    case glorotUniform
    /// U(−limit, limit) with limit = √(6 / fan_in) (He et al., 2015), for ReLU layers.
    case heUniform
    case uniform(low: Double, high: Double)
    case normal(mean: Double, standardDeviation: Double)

    /// The fans of a weight shape: (in, out) for a matrix; for a convolution kernel
    /// (kh, kw, in, out) each multiplied by the receptive field kh·kw.
    public static func fans(_ shape: Shape) -> (fanIn: Int, fanOut: Int) {
        switch shape.rank {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        case 2: return (shape[0], shape[1])
        default:
            let receptive = (0..<(shape.rank - 2)).reduce(1) { $0 * shape[$1] }
            return (shape[shape.rank - 2] * receptive, shape[shape.rank - 1] * receptive)
        }
    }

    /// A tensor of `shape` drawn from `generator`.
    public func tensor<T: KernelScalar>(_ shape: Shape, generator: inout SeededGenerator) -> Tensor<T> {
        let (fanIn, fanOut) = Initializer.fans(shape)
        var elements: [T] = []
        elements.reserveCapacity(shape.count)
        for _ in 0..<shape.count {
            let value: Double
            switch self {
            case .zeros: value = 0
            case .ones: value = 1
            case .constant(let c): value = c
            case .glorotUniform:
                let limit = (6 / Double(fanIn + fanOut)).squareRoot()
                value = generator.uniform(-limit, limit)
            case .heUniform:
                let limit = (6 / Double(fanIn)).squareRoot()
                value = generator.uniform(-limit, limit)
            case .uniform(let low, let high): value = generator.uniform(low, high)
            case .normal(let mean, let deviation): value = mean + deviation * generator.normal()
            }
            elements.append(T(value))
        }
        return Tensor(shape: shape, elements: elements)
    }
}
