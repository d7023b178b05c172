// Two builds of one target. The normal build is a replay tool: `backprop-fuzz TARGET FILE…` runs
// a harness on files (to reproduce a crash the fuzzer saved). Built with `-sanitize=fuzzer
// -DFUZZING` (see Tests/Fuzz/run.sh) it is a libFuzzer fuzzer instead: libFuzzer brings the main
// function and calls `LLVMFuzzerTestOneInput`, and BACKPROP_FUZZ_TARGET picks the harness.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if FUZZING
    /// The harness named by BACKPROP_FUZZ_TARGET, read once (libFuzzer calls in a loop).
    nonisolated(unsafe) private var selectedHarness: Harness? = nil

    /// Called by libFuzzer before fuzzing: with BACKPROP_FUZZ_SEEDS=DIR, writes the harness's
    /// seed inputs into DIR first (run.sh starts a new corpus that way).
    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
        let harness = chosenHarness()
        if let directory = getenv("BACKPROP_FUZZ_SEEDS").map({ String(cString: $0) }), !directory.isEmpty {
            writeSeeds(of: harness, to: directory)
        }
        return 0
    }

    private func chosenHarness() -> Harness {
        if let selectedHarness { return selectedHarness }
        let name = getenv("BACKPROP_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let harness = Harness(rawValue: name) else {
            let names = Harness.allCases.map(\.rawValue).joined(separator: ", ")
            printError("backprop-fuzz: set BACKPROP_FUZZ_TARGET to one of \(names)\n")
            exit(2)
        }
        selectedHarness = harness
        return harness
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        chosenHarness().run(bytes)
        return 0
    }

    // SwiftPM links an executable target with its `main` renamed to `backprop_fuzz_main`, so this
    // target must define that symbol: it hands the command line to libFuzzer's driver.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @_cdecl("backprop_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
    }
#else
    @main
    enum Replay {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.count == 3, arguments[0] == "seeds", let harness = Harness(rawValue: arguments[1]) {
                writeSeeds(of: harness, to: arguments[2])
                return
            }
            guard let name = arguments.first, let harness = Harness(rawValue: name), arguments.count > 1 else {
                var usage = """
                    usage: backprop-fuzz TARGET FILE...   runs a fuzz harness on each FILE (to replay a crash)
                           backprop-fuzz seeds TARGET DIR  writes the harness's seed inputs into DIR
                    targets:

                    """
                for harness in Harness.allCases { usage += "  \(harness.rawValue): \(harness.summary)\n" }
                printError(usage)
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let bytes = readFile(path) else {
                    printError("backprop-fuzz: cannot read \(path)\n")
                    exit(1)
                }
                // Written at once, unbuffered: a crash in the harness must not swallow the name.
                var line = Array("\(harness.rawValue) \(path) (\(bytes.count) bytes): ".utf8)
                _ = write(1, &line, line.count)
                print(harness.run(bytes))
            }
            print("done: no crash")
        }

        static func readFile(_ path: String) -> [UInt8]? {
            guard let file = fopen(path, "rb") else { return nil }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = fread(&chunk, 1, chunk.count, file)
                if count <= 0 { break }
                bytes += chunk[0..<count]
            }
            return ferror(file) == 0 ? bytes : nil
        }
    }
#endif

/// Writes each seed of `harness` as a file of `directory` (made if missing).
func writeSeeds(of harness: Harness, to directory: String) {
    mkdir(directory, 0o755)
    for (name, bytes) in harness.seeds {
        guard let file = fopen(directory + "/" + name, "wb") else {
            printError("backprop-fuzz: cannot write \(directory)/\(name)\n")
            exit(1)
        }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }
}

/// Writes `text` to standard error (the C `stderr` variable is not concurrency-safe in Swift 6).
func printError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = write(2, &bytes, bytes.count)
}
