import Engine

extension Sequential {
    /// Floating-point operations per image as dense products count them (2 per multiply-add):
    /// `forward` for inference; `training` adds each weight gradient (as many as the forward
    /// product) and each input gradient but the first weighted layer's (the images need none).
    /// Elementwise work (bias, ReLU, pooling, loss) is left out: a few percent at most.
    public var flopsPerImage: (forward: Double, training: Double) {
        var forward = 0.0, training = 0.0
        var shape = Shape([1] + inputShape.dimensions)
        var firstWeighted = true
        for layer in layers {
            let output = (try? layer.outputShape(for: shape)) ?? shape
            var product = 0.0
            if let conv = layer as? Conv2DLayer<Scalar>,
                let y = try? Conv2D(stride: conv.stride, padding: conv.padding).outputShape(ShapeList([shape, conv.kernel.shape]))
            {
                product = 2.0 * Double(y[1] * y[2] * conv.filters * conv.size * conv.size * conv.inputChannels)
            } else if let dense = layer as? Dense<Scalar> {
                product = 2.0 * Double(dense.inputs * dense.units)
            }
            if product > 0 {
                forward += product
                training += product * (firstWeighted ? 2 : 3)
                firstWeighted = false
            }
            shape = output
        }
        return (forward, training)
    }
}
