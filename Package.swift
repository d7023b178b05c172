// swift-tools-version:6.0
// backprop-explorer: a step-by-step backpropagation explorer that scales to full MNIST.
// No package dependencies: the toolchain's modules and the system zlib only.
import PackageDescription

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
        // The one place for unsafe pointers and SIMD: GEMM, elementwise loops, reductions.
        .target(name: "Kernels"),
        // Scalar graph, matrix tape, the ops (forward, backward, derivative text), the trace.
        .target(name: "Engine", dependencies: ["Kernels"]),
        // Layers, losses, optimizers, initializers.
        .target(name: "NN", dependencies: ["Engine"]),
        // Derivations, finite-difference checks, reports, graph export.
        .target(name: "Explainer", dependencies: ["Engine", "NN"]),
        // The network-file language and the lessons.
        .target(name: "Lessons", dependencies: ["Engine", "NN", "Explainer", "Datasets"]),
        // IDX reader, gzip, MNIST locations and download, image files.
        .target(name: "Datasets", dependencies: ["CZlib"]),
        // Fit loop, metrics, checkpoints, progress, plots.
        .target(name: "Training", dependencies: ["NN", "Datasets"]),
        // The commands of the `backprop` tool, as a library so tests can reach them.
        .target(
            name: "BackpropCLI",
            dependencies: ["Engine", "NN", "Explainer", "Lessons", "Datasets", "Training"]
        ),
        .executableTarget(name: "backprop", dependencies: ["BackpropCLI"]),

        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
        .testTarget(name: "NNTests", dependencies: ["NN"]),
        .testTarget(name: "ExplainerTests", dependencies: ["Explainer", "Lessons", "NN"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training"]),
        // The CLI parser, and every transcript in Transcripts/ re-run against the built tool.
        .testTarget(name: "CLITests", dependencies: ["backprop", "BackpropCLI", "Explainer", "Lessons"]),
    ]
)
