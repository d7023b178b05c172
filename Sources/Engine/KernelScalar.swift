import Kernels

/// The element types of tensors, Float and Double, as the kernels define them. The one name
/// from Kernels that layers, optimizers and the training loop need for their generic code, so
/// that they reach the kernels through the engine rather than importing them.
public typealias KernelScalar = Kernels.KernelScalar
