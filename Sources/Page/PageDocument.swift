import Engine
import Explainer
import Foundation
import Languages
import Lessons
import Support

/// What `backprop page` writes: one self-contained HTML file that steps through a network's
/// forward and backward pass. The data is one JSON document embedded in the page (its shape is
/// in Sources/Page/README.md); the page's scripts and styles (Sources/Page/Resources) are
/// inlined. Nothing is loaded from anywhere.
public struct PageDocument {
    /// The page's title: the lesson's title, or the file's name.
    public var title: String
    /// The file the network comes from, as given (`Lessons/02-two-layer-sigmoid.md`).
    public var source: String
    public let trace: Trace
    /// The lesson whose prose goes in the side column, if the network is a lesson's.
    public var lesson: Lesson?
    /// More top-level members of the embedded JSON, for the modules that read them (the MNIST
    /// images, the training timeline): a key and its value each, in order.
    public var extras: [(key: String, value: JSONValue)] = []

    /// The derivation of every gradient, the check of the derived entries (sampled as
    /// `backprop explain` samples them) and its report, computed once.
    let derivation: Derivation
    public let report: GradientCheckReport
    let text: TensorText

    /// Tensors with more entries than this are embedded as base64 Float32 (with their min, mean,
    /// max and norm computed in Double): a lesson's page stays under 2 MB.
    public static let packAbove = 20_000
    /// Check entries listed per gradient, at most (the verdict counts them all).
    public static let listedCheckEntries = 64

    /// Runs the derivation and the check of `trace` (recomputing `computation` for the finite
    /// differences), with the settings `backprop explain` uses by default.
    public init(trace: Trace, computation: any Recomputable, title: String, source: String, lesson: Lesson? = nil) throws {
        self.title = title
        self.source = source
        self.trace = trace
        self.lesson = lesson
        text = TensorText()
        derivation = try Derivation(trace: trace)
        var settings = CheckSettings()
        if trace.nodes.contains(where: { $0.value.count > 100 }) { settings.samples = 20 }
        report = try Explanation(text: text, settings: settings).render(trace, computation: computation).report
    }

    /// The steps the page walks: every node forward in execution order, then every derived
    /// gradient from the loss back.
    public var steps: [(phase: String, node: Int)] {
        trace.nodes.map { ("forward", $0.id) } + derivation.derivedNodes.map { ("backward", $0) }
    }

    /// The embedded JSON.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("format", .string("backprop-page 1")),
            ("title", .string(title)),
            ("source", .string(source)),
            ("trace", traceJSON),
            ("steps", .array(steps.map { .object([("phase", .string($0.phase)), ("node", .integer($0.node))]) })),
            ("check", checkJSON),
            ("lesson", lesson.map { LessonHTML(lesson: $0).json } ?? .null),
        ]
        for extra in extras { members.append((extra.key, extra.value)) }
        return .object(members)
    }

    /// `trace --json`, every node extended with its role, formula, rule, the forward line and
    /// the derivation of its gradient as `backprop explain` prints them, summaries of its value
    /// and gradient, and the check of its gradient.
    var traceJSON: JSONValue {
        let writer = DerivationText(text: text)
        let chained = writer.wholeChainNode(in: derivation)
        let nodes: [JSONValue] = trace.nodes.map { node in
            var members = Trace.jsonMembers(of: node, tensor: Self.tensor)
            if let stated = node.stated {
                // The learner's gradient judged as `backprop check` judges it against the backward pass.
                let verdict = AnswerVerdict.judge(
                    Tensor(shape: node.statedShape ?? node.shape, elements: stated), expected: node.gradient ?? [],
                    shape: node.shape)
                members.append(("stated_verdict", .object([("word", .string(verdict.word)), ("text", .string(verdict.text))])))
            }
            members += [
                ("role", .string(node.role.rawValue)),
                ("formula", .string(node.role == .operation ? node.formula : "")),
                ("rule", .string(node.rule)),
                ("gradient_name", .string(Trace.gradientName(node.name))),
                ("forward", .array(writer.forwardLines(node, trace: trace).map { .string($0) })),
                (
                    "derivation",
                    derivation.steps[node.id] == nil
                        ? .null
                        : .array(writer.explanation(of: node.id, in: derivation, wholeChain: node.id == chained).map { .string($0) })
                ),
                (
                    "stats",
                    .object([
                        ("value", Self.stats(node.value)), ("grad", node.gradient.map(Self.stats) ?? .null),
                        ("stated", node.stated.map(Self.stats) ?? .null),
                    ])
                ),
                ("check", checkJSON(of: node.id)),
            ]
            return .object(members)
        }
        return .object([
            ("nodes", .array(nodes)), ("loss", trace.loss.map { .number($0) } ?? .null),
            ("loss_node", trace.lossID.map { .integer($0) } ?? .null),
        ])
    }

    /// Numbers as `trace --json` writes them, or past `packAbove` entries
    /// `{"float32": base64}` (little-endian).
    static func tensor(_ values: [Double]) -> JSONValue {
        guard values.count > packAbove else { return .array(values.map { .number($0) }) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for x in values {
            let bits = Float(x).bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return .object([("float32", .string(Data(bytes).base64EncodedString()))])
    }

    /// min, mean, max and L2 norm, in Double, as `TensorText.summary` computes them; the
    /// non-finite entries are left out of all four (and counted).
    static func stats(_ values: [Double]) -> JSONValue {
        var low = Double.infinity, high = -Double.infinity, total = 0.0, squares = 0.0, finite = 0
        for x in values where x.isFinite {
            low = min(low, x)
            high = max(high, x)
            total += x
            squares += x * x
            finite += 1
        }
        guard finite > 0 else { return .null }
        return .object([
            ("min", .number(low)), ("mean", .number(total / Double(finite))), ("max", .number(high)),
            ("norm", .number(squares.squareRoot())), ("nonfinite", .integer(values.count - finite)),
        ])
    }

    /// The check of one node's gradient: status, worst error, entries checked of how many, and
    /// the entries with the numbers as `explain` prints them; null when it was not checked.
    func checkJSON(of id: Int) -> JSONValue {
        guard let summary = report.nodes.first(where: { $0.id == id }) else { return .null }
        let entries = report.entries.filter { $0.node == id }
        let listed = entries.count > Self.listedCheckEntries
            ? Array(entries.sorted { $0.status > $1.status }.prefix(Self.listedCheckEntries))
            : entries
        return .object([
            ("status", .string(report.status(of: id).rawValue)),
            ("worst_relative_error", .string(CheckText.errorBound(report.worstError(of: id)))),
            ("checked", .integer(entries.count)),
            ("count", .integer(summary.count)),
            ("entries", .array(listed.map { e in
                .object([
                    ("entry", .string(e.position)),
                    ("element", .integer(e.element)),
                    ("derivation", .string(text.number(e.derived))),
                    ("backward", .string(text.number(e.backward))),
                    ("numeric", .string(text.number(e.numeric))),
                    ("relative_error", .string(CheckText.errorBound(e.status == .kink ? e.numericError : e.relativeError))),
                    ("status", .string(e.status.rawValue)),
                ])
            })),
        ])
    }

    /// The whole check: its verdict line as `explain` ends with it, and its status.
    var checkJSON: JSONValue {
        .object([
            ("verdict", .string(CheckText(text: text).verdict(report))),
            ("status", .string(report.status.rawValue)),
            ("entries", .integer(report.entries.count)),
        ])
    }
}

extension PageDocument {
    /// The page for a network file, a lesson file, or a shipped lesson's number or name (lesson
    /// 8's MNIST model reads its images from `dataOption`, else MNIST_DIR, else the cache).
    public static func load(_ reference: String, dataOption: String? = nil) throws -> PageDocument {
        let subject = try LessonCatalog.subject(reference, dataOption: dataOption)
        var lesson: Lesson? = nil
        if FileManager.default.fileExists(atPath: reference) {
            if reference.hasSuffix(".md") { lesson = try LessonCatalog.resolve(reference) }
        } else {
            lesson = LessonCatalog.lesson(reference)
        }
        let title = lesson.map { $0.title } ?? (subject.file as NSString).lastPathComponent
        return try PageDocument(
            trace: subject.trace, computation: subject.computation, title: title, source: subject.file, lesson: lesson)
    }

    /// The name of the file written when none is given: the lesson's or network file's name
    /// with `.html` (`02-two-layer-sigmoid.html`).
    public var defaultFileName: String {
        let base = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        return (base.isEmpty ? "page" : base) + ".html"
    }
}
