// The direct convolution kernels of Convolution.swift in the kernel table, written out for Float
// and Double (a concrete member is specialized here for this module's target, never reached as an
// unspecialized generic default from another module).

extension Float {
    public static func convolveDirect(_ x: UnsafePointer<Float>, _ geometry: WindowGeometry, kernel: UnsafePointer<Float>, filters: Int, _ y: UnsafeMutablePointer<Float>) {
        Convolution.convolveDirect(x, geometry, kernel: kernel, filters: filters, y)
    }

    public static func convolutionKernelGradientDirect(_ x: UnsafePointer<Float>, _ geometry: WindowGeometry, upstream: UnsafePointer<Float>, filters: Int, _ dK: UnsafeMutablePointer<Float>) {
        Convolution.convolutionKernelGradientDirect(x, geometry, upstream: upstream, filters: filters, dK)
    }

    public static func convolutionInputGradientDirect(upstream: UnsafePointer<Float>, _ geometry: WindowGeometry, kernel: UnsafePointer<Float>, filters: Int, _ dx: UnsafeMutablePointer<Float>) {
        Convolution.convolutionInputGradientDirect(upstream: upstream, geometry, kernel: kernel, filters: filters, dx)
    }
}

extension Double {
    public static func convolveDirect(_ x: UnsafePointer<Double>, _ geometry: WindowGeometry, kernel: UnsafePointer<Double>, filters: Int, _ y: UnsafeMutablePointer<Double>) {
        Convolution.convolveDirect(x, geometry, kernel: kernel, filters: filters, y)
    }

    public static func convolutionKernelGradientDirect(_ x: UnsafePointer<Double>, _ geometry: WindowGeometry, upstream: UnsafePointer<Double>, filters: Int, _ dK: UnsafeMutablePointer<Double>) {
        Convolution.convolutionKernelGradientDirect(x, geometry, upstream: upstream, filters: filters, dK)
    }

    public static func convolutionInputGradientDirect(upstream: UnsafePointer<Double>, _ geometry: WindowGeometry, kernel: UnsafePointer<Double>, filters: Int, _ dx: UnsafeMutablePointer<Double>) {
        Convolution.convolutionInputGradientDirect(upstream: upstream, geometry, kernel: kernel, filters: filters, dx)
    }
}
