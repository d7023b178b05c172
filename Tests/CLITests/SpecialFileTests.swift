import Foundation
import Testing

@testable import BackpropCLI

/// Network files and graph outputs that are not regular files: refused at once, named as what
/// they are, and never replaced. Only paths made in a temporary folder are used, so a regression
/// can damage nothing outside it.
@Suite struct SpecialFileTests {
    static let example = TranscriptSetup.packageRoot.path + "/Lessons/two-layer-sigmoid.net"

    func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-special-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func run(_ arguments: [String]) -> (code: Int32, error: String) {
        let console = Console.capturing()
        let code = runBackprop(arguments: arguments, console: console)
        return (code, console.err.text)
    }

    /// A FIFO with no writer as a network file would block a read forever.
    @Test(arguments: ["trace", "explain", "gradcheck", "graph", "check"])
    func aFIFOAsTheNetworkFileIsRefused(command: String) throws {
        let folder = try temporaryFolder()
        let fifo = folder + "/net.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = run([command, fifo])
        #expect(result.code == 1)
        #expect(result.error == "backprop: \(fifo): is a named pipe (FIFO), not a regular file\n")
    }

    /// `graph --dot` into a FIFO or a directory is refused and leaves it as it was.
    @Test func graphRefusesAFIFOOrADirectoryAsItsOutput() throws {
        let folder = try temporaryFolder()
        let fifo = folder + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let toFIFO = run(["graph", Self.example, "--dot", fifo])
        #expect(toFIFO.code == 1)
        #expect(toFIFO.error.contains("is a named pipe (FIFO)"))
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)

        let toDirectory = run(["graph", Self.example, "--dot", folder])
        #expect(toDirectory.code == 1)
        #expect(toDirectory.error.contains("is a directory"))
    }

    /// A failed write (ENOSPC from /dev/full, reached through a link in the temporary folder) is
    /// an error naming the file; the link stays a link and the device a device.
    @Test func graphReportsAFailedWrite() throws {
        let folder = try temporaryFolder()
        let link = folder + "/full.dot"
        #expect(symlink("/dev/full", link) == 0)
        let result = run(["graph", Self.example, "--dot", link])
        #expect(result.code == 1)
        #expect(result.error.contains("no space left on the device"))
        var info = stat()
        #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    /// Standard output that cannot take the output (a full disk, here /dev/full) ends the run
    /// with one line and exit code 1, not 0 as if the script or the table had been written.
    @Test(arguments: [["export", example, "--pytorch"], ["trace", example], ["step", example], ["exercise", "1"]])
    func aStandardOutputThatFailsIsAnError(arguments: [String]) throws {
        let descriptor = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let out = OutputChannel(sink: .fileDescriptor(descriptor), isTerminal: false, usesColor: false)
        let err = OutputChannel(sink: .memory, isTerminal: false, usesColor: false)
        let console = Console(out: out, err: err, stdinIsTerminal: false, environment: [:], terminalWidth: 100)
        #expect(runBackprop(arguments: arguments, console: console) == 1)
        #expect(err.text == "backprop: standard output: writing failed: no space left on the device\n")
    }

    /// A regular output file is written whole.
    @Test func graphWritesARegularFile() throws {
        let path = try temporaryFolder() + "/sub/graph.dot"
        let result = run(["graph", Self.example, "--dot", path])
        #expect(result.code == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("digraph"))
        #expect(text.hasSuffix("}\n"))
    }
}
