@_exported import Kernels
