import Datasets
import Training

extension Command {
    /// `backprop mnist download`: the four files from public mirrors.
    static var mnistDownload: Command {
        Command(
            name: "download",
            summary: "fetch the four MNIST files from public mirrors and verify them",
            discussion: """
                Downloads train-images, train-labels, t10k-images and t10k-labels (gzip) from a \
                list of public mirrors, trying each in turn, checks the SHA-256 of the \
                decompressed bytes against the canonical MNIST sums, and writes each file \
                atomically. Files already present with the right checksum are kept. The files go \
                to --data DIR, else MNIST_DIR, else the per-user cache directory, which the other \
                mnist commands read by default. Without a network it fails within seconds; then \
                point --data (or MNIST_DIR) at a folder holding a copy of the files.
                """,
            flags: MNISTDownloadCommand.Options.declaredFlags,
            run: { invocation in
                let options = try MNISTDownloadCommand.Options(invocation)
                let environment = invocation.console.environment
                let directory: String
                if let given = options.data {
                    directory = given
                } else if let fromEnvironment = environment["MNIST_DIR"], !fromEnvironment.isEmpty {
                    directory = fromEnvironment
                } else if let cache = MNISTLocation.cacheDirectory(environment: environment) {
                    directory = cache
                } else {
                    throw CommandError("no place to put the files: no --data, no MNIST_DIR and no home directory")
                }
                var download = MNISTDownload(timeout: options.timeout)
                let mirrors = options.mirrors
                if !mirrors.isEmpty { download.mirrors = mirrors }
                invocation.out.line("MNIST into \(directory)")
                let outcomes = try download.run(into: directory, force: options.force) { line in
                    invocation.out.line("  " + line)
                }
                let fetched = outcomes.filter { if case .downloaded = $0.status { true } else { false } }.count
                invocation.out.line("\(outcomes.count) files verified, \(fetched) downloaded")
                return ExitCode.success
            })
    }
}

enum MNISTDownloadCommand {
    /// `mnist download`'s flags, read once.
    struct Options: CommandOptions {
        var data: String?
        var mirrors: [String] = []
        var timeout = 0.0
        var force = false

        static let flags: [OptionFlag<Options>] = [
            Flag.path("data", valueName: "DIR", "where to put the files (default: MNIST_DIR, else the per-user cache)")
                .into(\.data),
            Flag.string("mirror", valueName: "URL", "a mirror to try instead of the built-in list (repeatable)")
                .repeatable().into(\.mirrors),
            Flag.double(
                "timeout", .greaterThan(0), default: 5, valueName: "SECONDS",
                "give up on a mirror after this long without an answer"
            ).into(\.timeout),
            Flag.toggle("force", "download again even when the files are present and verified").into(\.force),
        ]
    }
}
