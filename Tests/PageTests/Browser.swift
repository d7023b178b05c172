import Foundation
import Support

/// The package root, the built `backprop`, headless Chromium, and a few readers of the DOM that
/// Chromium dumps: what the browser tests need.
enum Browser {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let environment = ProcessInfo.processInfo.environment
    static var isCI: Bool { environment["CI"] == "true" }

    /// Chromium: `BACKPROP_CHROMIUM` when set, else `chromium` or `chromium-browser` on PATH.
    static let chromium: String? = {
        if let path = environment["BACKPROP_CHROMIUM"], !path.isEmpty { return path }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }()

    /// Where the tests write their pages and screenshots: the build folder.
    static let outputFolder: URL = {
        let url = packageRoot.appendingPathComponent(".build/page-tests")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The MNIST folder for lesson 8: MNIST_DIR, else ../shared/data/mnist; nil when neither holds it.
    static let mnist: String? = {
        let candidates: [String?] = [environment["MNIST_DIR"], packageRoot.appendingPathComponent("../shared/data/mnist").standardized.path]
        return candidates.compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0 + "/t10k-images-idx3-ubyte.gz")
                || FileManager.default.fileExists(atPath: $0 + "/t10k-images-idx3-ubyte")
        }
    }()

    /// The `backprop` executable: `BACKPROP_BIN`, else the one built beside the test bundle.
    static func backprop() throws -> String {
        if let path = environment["BACKPROP_BIN"], !path.isEmpty { return path }
        var candidates: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("backprop"))
        }
        if let program = CommandLine.arguments.first {
            var url = URL(fileURLWithPath: program).standardizedFileURL
            while url.path != "/" && url.pathExtension != "xctest" { url.deleteLastPathComponent() }
            candidates.append(url.deletingLastPathComponent().appendingPathComponent("backprop"))
            candidates.append(URL(fileURLWithPath: program).deletingLastPathComponent().appendingPathComponent("backprop"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/backprop"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BrowserTestError("cannot find the backprop executable; run `swift build` or set BACKPROP_BIN")
        }
        return found.path
    }

    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs a program in the package root with `environment` added, killed after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:], timeout: Double = 120)
        throws -> Output
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.environment = environment.merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw BrowserTestError("\(executable) \(arguments.joined(separator: " ")) ran longer than \(Int(timeout)) s")
        }
        return Output(
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self), status: process.terminationStatus)
    }

    /// `backprop ARGS`, which must succeed (or may exit 1, as `check` does on a wrong answer,
    /// with `allowFailure`).
    static func backprop(_ arguments: [String], allowFailure: Bool = false) throws -> String {
        var extra = ["COLUMNS": "400", "NO_COLOR": "1"]
        if let mnist { extra["MNIST_DIR"] = mnist }
        let output = try run(try backprop(), arguments, environment: extra)
        guard output.status == 0 || (allowFailure && output.status == 1) else {
            throw BrowserTestError("backprop \(arguments.joined(separator: " ")) exited with \(output.status): \(output.stderr)")
        }
        return output.stdout
    }

    /// Headless Chromium with every request sent to a closed port (nothing can load), a fresh
    /// profile, and the console on standard error.
    static func chromium(_ arguments: [String]) throws -> Output {
        guard let chromium else { throw BrowserTestError("Chromium is not installed (apt-get install chromium)") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--user-data-dir=" + profile.path, "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=5000", "--hide-scrollbars", "--force-device-scale-factor=1",
        ]
        return try run(chromium, flags + arguments, timeout: 120)
    }

    /// The DOM of `page` at `#step=K` after its script ran.
    static func dom(_ page: URL, step: Int) throws -> (dom: String, console: String) {
        let output = try chromium(["--dump-dom", page.absoluteString + "#step=\(step)"])
        return (output.stdout, output.stderr)
    }
}

struct BrowserTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Readers of a dumped DOM (Chromium writes it back as HTML: attributes in double quotes).
enum DOM {
    /// The attributes of the first start tag `<tag …>` that has all of `having` (attribute=value).
    static func attributes(of tag: String, having: [String: String] = [:], in html: String) -> [String: String]? {
        for element in startTags(tag, in: html) {
            let attributes = parse(element)
            if having.allSatisfy({ attributes[$0.key] == $0.value }) { return attributes }
        }
        return nil
    }

    /// Every start tag `<tag …>` in order, as written.
    static func startTags(_ tag: String, in html: String) -> [Substring] {
        var found: [Substring] = []
        var rest = html[...]
        while let open = rest.range(of: "<" + tag) {
            let after = rest[open.upperBound...]
            guard let next = after.first, next == " " || next == ">" else {
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: ">") else { break }
            found.append(rest[open.lowerBound...close])
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    static func parse(_ tag: Substring) -> [String: String] {
        var attributes: [String: String] = [:]
        let pattern = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)"/
        for match in tag.matches(of: pattern) { attributes[String(match.1)] = unescape(String(match.2)) }
        return attributes
    }

    /// The inner HTML of the first element `<tag …>` with `having`, up to its `</tag>` (for
    /// elements that do not nest themselves: tables, pre, dl, output).
    static func inner(of tag: String, having: [String: String], in html: String) -> String? {
        var rest = html[...]
        while let open = rest.range(of: "<" + tag) {
            guard let close = rest[open.upperBound...].firstIndex(of: ">") else { return nil }
            let attributes = parse(rest[open.lowerBound...close])
            let body = rest[rest.index(after: close)...]
            if having.allSatisfy({ attributes[$0.key] == $0.value }), let end = body.range(of: "</" + tag + ">") {
                return String(body[..<end.lowerBound])
            }
            rest = body
        }
        return nil
    }

    /// Text with its tags removed and entities read.
    static func text(_ html: String) -> String {
        unescape(html.replacing(/<[^>]*>/, with: ""))
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: "\u{a0}")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `(data-i, text)` of every `<td data-i="k">text</td>` in `html`.
    static func cells(_ html: String) -> [(index: Int, text: String)] {
        html.matches(of: /<td[^>]*data-i="(\d+)"[^>]*>([^<]*)<\/td>/).map { (Int($0.1)!, unescape(String($0.2))) }
    }
}

/// Whether `shown`, a number the page wrote with some significant digits, is `actual` to those
/// digits: the same text as C's `%g` gives, or (a tie rounded the other way) within half a unit
/// of its last digit.
func agrees(_ shown: String, _ actual: Double) -> Bool {
    if actual.isNaN { return shown == "nan" }
    if actual.isInfinite { return shown == (actual > 0 ? "inf" : "-inf") }
    guard let value = Double(shown) else { return false }
    let mantissa = shown.lowercased().split(separator: "e").first.map(String.init) ?? shown
    let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }.count
    if NumberFormat.significant(actual, digits: max(1, digits)) == shown { return true }
    guard value != 0 || actual == 0 else { return abs(actual) < 1e-300 }
    let unit = pow(10, floor(log10(abs(actual))) - Double(max(1, digits) - 1))
    return abs(value - actual) <= 0.5 * unit * (1 + 1e-9)
}
