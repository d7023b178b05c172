// swift-tools-version:6.0
// backprop-explorer: a step-by-step backpropagation explorer that scales to full MNIST.
// No package dependencies: the toolchain's modules and the system zlib only.
import PackageDescription

#if canImport(Foundation)
import Foundation
let portable = ProcessInfo.processInfo.environment["BACKPROP_PORTABLE"].map { !$0.isEmpty && $0 != "0" } ?? false
#else
let portable = false
#endif

// Release builds compile for the processor they are built on (`-target-cpu native`: the SIMD
// kernels use the widest vectors there, AVX-512 on this machine) unless BACKPROP_PORTABLE=1 is
// set, which gives a binary for any x86-64 or arm64 machine. Every target gets the same flags, not
// only Kernels: release builds optimize across modules and inline small kernels into their
// callers, which must then be compiled for the same processor. Sources/Kernels/README.md has the
// trade-off and its measurements.
//
// Also in release builds: `-cross-module-optimization`, so that generic engine code (the tape,
// the layers) is specialized for Float where the training loop calls it from another module;
// and `-enforce-exclusivity=unchecked`: the run-time exclusivity checks on class properties (the
// tape's nodes and buffers) were a large part of the tape's bookkeeping in a training step.
// Debug builds, which run the tests, keep every check.
//
// `-fno-math-errno` for the C shims Swift inlines: on Linux, `Float.squareRoot()` goes through
// `__builtin_sqrtf`, which with errno semantics checks every lane and calls `sqrtf` (Adam's √v
// then dominated an epoch); without them it is one `sqrtps` per vector.
let performanceSettings: [SwiftSetting] =
    [
        .unsafeFlags(["-Xcc", "-fno-math-errno"]),
        .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
    ]
    + (portable
        ? []
        : [
            .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
            .define("BACKPROP_NATIVE", .when(configuration: .release)),
        ])

let package = Package(
    name: "backprop-explorer",
    products: [
        .executable(name: "backprop", targets: ["backprop"]),
        .library(name: "BackpropEngine", targets: ["Kernels", "Engine", "NN"]),
    ],
    targets: [
        // System zlib: gzip reading (IDX files) and deflate writing (PNG).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // The one copy of each helper every layer uses: the file reader and atomic writer, number
        // formats, JSON, one-line messages, "did you mean". Depends on nothing.
        .target(name: "Support", exclude: ["README.md"]),
        // The one place for unsafe pointers and SIMD: GEMM, elementwise loops, reductions.
        .target(name: "Kernels", exclude: ["README.md"]),
        // Scalar graph, matrix tape, the ops (forward, backward, derivative text), the trace.
        // The op table is listed from the op files at build time by OpTablePlugin.
        .target(name: "Engine", dependencies: ["Kernels", "Support"], plugins: ["OpTablePlugin"]),
        .plugin(name: "OpTablePlugin", capability: .buildTool(), path: "Sources/OpTablePlugin"),
        // Layers, losses, optimizers, initializers.
        .target(name: "NN", dependencies: ["Engine", "Kernels", "Support"]),
        // Derivations, finite-difference checks, reports, graph export.
        .target(name: "Explainer", dependencies: ["Engine", "Kernels", "NN", "Support"]),
        // The network-file language and the expression language of `explain --expr`.
        .target(name: "Languages", dependencies: ["Engine", "Kernels", "NN", "Support"]),
        // The lessons: their text, their programs, and the runner.
        .target(name: "Lessons", dependencies: ["Engine", "Kernels", "NN", "Explainer", "Languages", "Datasets", "Support"]),
        // `backprop page`: one self-contained HTML file that steps through a network; its scripts
        // and styles (Sources/Page/Resources) are embedded at build time by PagePlugin.
        .target(
            name: "Page", dependencies: ["Engine", "Explainer", "Languages", "Lessons", "Support"], exclude: ["README.md", "Resources"],
            plugins: ["PagePlugin"]),
        .plugin(name: "PagePlugin", capability: .buildTool(), path: "Sources/PagePlugin"),
        // IDX reader, gzip, MNIST locations and download, image files.
        .target(name: "Datasets", dependencies: ["CZlib", "Support"]),
        // Fit loop, metrics, checkpoints, progress, plots.
        .target(name: "Training", dependencies: ["NN", "Datasets", "Kernels", "Support"], exclude: ["README.md"]),
        // The works `backprop bench` times, the peak, the whole-process measurement.
        .target(name: "Bench", dependencies: ["Kernels", "Engine", "NN", "Datasets", "Training", "Support"], exclude: ["README.md"]),
        // The commands of the `backprop` tool, as a library so tests can reach them.
        .target(
            name: "BackpropCLI",
            dependencies: ["Kernels", "Engine", "NN", "Explainer", "Languages", "Lessons", "Page", "Datasets", "Training", "Bench", "Support"]
        ),
        .executableTarget(name: "backprop", dependencies: ["BackpropCLI"]),
        // Fuzz harnesses for the parsers: a replay tool, or with `-sanitize=fuzzer -DFUZZING` a
        // libFuzzer fuzzer (Tests/Fuzz/run.sh builds and runs it; Tests/README.md tells how).
        .executableTarget(name: "backprop-fuzz", dependencies: ["Languages", "Lessons", "Training", "Datasets", "Explainer"]),

        .testTarget(name: "SupportTests", dependencies: ["Support", "Engine"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
        .testTarget(name: "NNTests", dependencies: ["NN"]),
        .testTarget(name: "ExplainerTests", dependencies: ["Explainer", "Languages", "NN", "Support"]),
        .testTarget(name: "LanguagesTests", dependencies: ["Languages", "Engine", "Explainer", "Support"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "Languages", "Explainer", "Support"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Support"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Kernels", "Support"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench"]),
        // The CLI parser, and every transcript in Transcripts/ re-run against the built tool.
        // The page in a real browser (headless Chromium, when installed), run on the built tool.
        .testTarget(name: "PageTests", dependencies: ["backprop", "Page", "Explainer", "Lessons", "Datasets", "Support"]),
        .testTarget(name: "CLITests", dependencies: ["backprop", "BackpropCLI", "Explainer", "Languages", "Lessons", "Support"]),
    ]
)

for target in package.targets where target.type != .system && target.type != .plugin {
    target.swiftSettings = (target.swiftSettings ?? []) + performanceSettings
}
