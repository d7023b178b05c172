import Engine
import Foundation

/// The computation graph of a trace in Graphviz DOT: one box per node labelled with its name, op,
/// and its value and gradient when small (or its shape when large); an arrow from each input to
/// the op that uses it. Parameters are drawn in bold, inputs and constants in grey, the loss
/// doubled.
public struct DotGraph: Sendable {
    public var text: TensorText

    /// Values are written with 4 significant digits unless `text` says otherwise.
    public init(text: TensorText = TensorText(digits: 4)) { self.text = text }

    public func render(_ trace: Trace, title: String = "backprop") -> String {
        var out: [String] = []
        out.append("digraph \(quoted(title)) {")
        out.append("  rankdir=LR;")
        out.append("  node [shape=box, fontname=\"Helvetica\", fontsize=11];")
        out.append("  edge [color=\"#555555\"];")
        for node in trace.nodes {
            var label = [node.name + (node.role == .operation ? "  [\(node.op)]" : "  (\(node.role.rawValue))")]
            let small = node.value.count <= 4
            if small {
                label.append("value " + inline(node.value, node.shape))
                if let gradient = node.gradient { label.append("grad " + inline(gradient, node.shape)) }
            } else {
                label.append("shape " + node.shape.description)
            }
            var attributes = ["label=" + quoted(label.joined(separator: "\n"))]
            switch node.role {
            case .parameter: attributes.append("style=bold")
            case .input, .constant: attributes.append("color=\"#888888\"")
            case .operation: break
            }
            if node.id == trace.lossID { attributes.append("peripheries=2") }
            out.append("  n\(node.id) [\(attributes.joined(separator: ", "))];")
        }
        for node in trace.nodes {
            for input in node.inputs { out.append("  n\(input) -> n\(node.id);") }
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    private func inline(_ values: [Double], _ shape: Shape) -> String {
        let numbers = values.map(text.number)
        if shape.rank < 2 { return shape.rank == 0 ? numbers.joined() : "[" + numbers.joined(separator: ", ") + "]" }
        let columns = shape.columns
        let rows = stride(from: 0, to: numbers.count, by: columns).map { numbers[$0..<min($0 + columns, numbers.count)].joined(separator: ", ") }
        return "[[" + rows.joined(separator: "], [") + "]]"
    }

    /// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`.
    private func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

/// Runs Graphviz's `dot` to turn DOT text into SVG, when `dot` is installed.
public enum Graphviz {
    /// The path of `dot` on PATH, or nil.
    public static func dotExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `dot`'s SVG rendering of `source`, for the file `output` (named in messages). The caller
    /// writes it, so that devices, directories and failed writes are handled as for every file.
    public static func renderSVG(
        _ source: String, for output: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [UInt8] {
        guard let dot = dotExecutable(environment: environment) else {
            throw Failure(
                description: "cannot write \(output): Graphviz 'dot' is not installed (on Debian/Ubuntu: apt-get install graphviz); "
                    + "write DOT with --dot FILE instead")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // dot reads all its input before it writes anything, so writing first cannot deadlock.
        input.fileHandleForWriting.write(Data(source.utf8))
        try input.fileHandleForWriting.close()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let messages = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: messages, as: UTF8.self)
                .split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw Failure(description: "dot failed rendering \(output): \(message)")
        }
        return [UInt8](svg)
    }
}
