#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Support
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the MNIST files are looked for.
///
/// Order: the `--data DIR` option if given (then only there), else `MNIST_DIR` if set, else the
/// per-user cache directory (`$XDG_CACHE_HOME/backprop-explorer/mnist` or
/// `~/.cache/backprop-explorer/mnist` on Linux, `~/Library/Caches/backprop-explorer/mnist` on
/// macOS), which is also where `backprop mnist download` stores them.
public enum MNISTLocation {
    /// One place to look, and why it is in the list.
    public struct Candidate: Sendable, Equatable {
        /// `"--data"`, `"MNIST_DIR"` or `"cache"`.
        public let source: String
        public let directory: String
    }

    /// The text appended to "file not found" errors.
    public static let howToGetIt =
        "get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy"

    /// The environment of this process.
    public static func processEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// `backprop-explorer` in the per-user cache directory, or nil without a home directory.
    public static func cacheRoot(environment: [String: String] = processEnvironment()) -> String? {
        #if os(macOS)
        guard let home = homeDirectory(environment) else { return nil }
        return FileIO.join(home, "Library/Caches/backprop-explorer")
        #else
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return FileIO.join(xdg, "backprop-explorer")
        }
        guard let home = homeDirectory(environment) else { return nil }
        return FileIO.join(home, ".cache/backprop-explorer")
        #endif
    }

    /// The per-user MNIST directory (where `download` writes).
    public static func cacheDirectory(environment: [String: String] = processEnvironment()) -> String? {
        cacheRoot(environment: environment).map { FileIO.join($0, "mnist") }
    }

    /// The verification stamp file used by `MNIST.load` by default.
    public static func defaultStampFile(environment: [String: String] = processEnvironment()) -> String? {
        cacheRoot(environment: environment).map { FileIO.join($0, "verified-sha256.txt") }
    }

    static func homeDirectory(_ environment: [String: String]) -> String? {
        if let home = environment["HOME"], !home.isEmpty { return home }
        if let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir {
            return String(cString: dir)
        }
        return nil
    }

    /// The places to look, in order. An explicit `--data` is the only place looked at.
    public static func candidates(dataOption: String?, environment: [String: String] = processEnvironment()) -> [Candidate] {
        if let dataOption, !dataOption.isEmpty {
            return [Candidate(source: "--data", directory: dataOption)]
        }
        var list = [Candidate]()
        if let dir = environment["MNIST_DIR"], !dir.isEmpty {
            list.append(Candidate(source: "MNIST_DIR", directory: dir))
        }
        if let dir = cacheDirectory(environment: environment) {
            list.append(Candidate(source: "cache", directory: dir))
        }
        return list
    }

    /// The first candidate directory that holds all four files (each as `NAME` or `NAME.gz`).
    /// Otherwise throws one line naming the missing file, each place looked, and how to get it.
    public static func resolve(dataOption: String?, environment: [String: String] = processEnvironment()) throws -> String {
        let places = candidates(dataOption: dataOption, environment: environment)
        var notes = [String]()
        var firstMissing: MNISTFile? = nil
        var misplaced: (path: String, kind: FileIO.Kind, file: MNISTFile)? = nil
        for place in places {
            let kind = FileIO.kind(of: place.directory)
            if kind != .directory {
                let what = kind == .missing ? "no such directory" : "\(kind.refusal.replacingOccurrences(of: "not a regular file", with: "not a directory"))"
                notes.append("\(place.source) \(place.directory) (\(what))")
                continue
            }
            let missing = MNISTFile.allCases.filter { MNIST.locate($0, in: place.directory) == nil }
            if missing.isEmpty { return place.directory }
            if misplaced == nil {
                for file in missing {
                    if let (path, kind) = MNIST.misplaced(file, in: place.directory) {
                        misplaced = (path, kind, file)
                        break
                    }
                }
            }
            if firstMissing == nil { firstMissing = missing[0] }
            let names = missing.map(\.gzipName).joined(separator: ", ")
            notes.append("\(place.source) \(place.directory) (missing \(names))")
        }
        // A file that is there but is not a regular file is the likelier explanation.
        if let misplaced {
            throw DatasetError(
                .unreadable, file: misplaced.path,
                "\(misplaced.kind.refusal); expected the MNIST file \(misplaced.file.fileName) (raw or .gz)")
        }
        let file = (firstMissing ?? .trainImages).gzipName
        let looked = places.isEmpty ? "no place to look (no --data, MNIST_DIR or home directory)" : "looked in " + notes.joined(separator: "; ")
        throw DatasetError(.fileNotFound, file: file, "MNIST file not found; \(looked); \(howToGetIt)")
    }
}
