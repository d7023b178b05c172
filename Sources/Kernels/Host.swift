// What the kernels know about the machine and the build, to choose register tiles.
//
// Swift has no per-function target attributes, so the vector instructions a build uses are fixed
// when it is compiled: portable code (SSE2 on x86-64, NEON on arm64) by default, or the host's
// own instruction set when Package.swift passes `-target-cpu native` and defines BACKPROP_NATIVE
// (see Sources/Kernels/README.md). The register file is what decides how wide a GEMM tile can
// be: 32 registers of 512 bits take a 4 × 64-float tile, 16 registers of 128 or 256 bits do not.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum Host {
    /// Whether this build was compiled for the processor it was built on (`-target-cpu native`).
    public static let isNativeBuild: Bool = {
        #if BACKPROP_NATIVE
        return true
        #else
        return false
        #endif
    }()

    /// Whether the processor has AVX-512 (32 vector registers of 512 bits).
    public static let hasAVX512: Bool = {
        #if arch(x86_64)
        #if canImport(Darwin)
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        return sysctlbyname("hw.optional.avx512f", &value, &size, nil, 0) == 0 && value != 0
        #else
        return cpuinfoFlags().contains("avx512f")
        #endif
        #else
        return false
        #endif
    }()

    /// Whether the kernels may use tiles sized for 32 registers of 512 bits: only a native build on
    /// a processor with AVX-512 has them (a portable build uses 16 SSE registers).
    public static let hasWideVectorRegisters = isNativeBuild && hasAVX512

    /// A one-line description for `backprop bench`: the build and the tile widths it runs.
    public static var summary: String {
        let build = isNativeBuild ? "native (-target-cpu native)" : "portable"
        #if arch(x86_64)
        let arch = "x86-64" + (hasAVX512 ? " with AVX-512" : "")
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "other"
        #endif
        let wide = GEMM.defaultWideVectors(Float.self) * lanes
        return "\(arch), \(build) build, Float register tiles 4×\(wide) (dense) and 2×\(2 * wide) (sparse)"
    }

    #if os(Linux)
    /// The words of the first `flags` line of /proc/cpuinfo.
    static func cpuinfoFlags() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            if text.hasPrefix("flags") {
                return Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
            }
        }
        return []
    }
    #else
    static func cpuinfoFlags() -> Set<String> { [] }
    #endif
}
