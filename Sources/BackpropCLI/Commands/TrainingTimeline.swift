import Engine
import Foundation
import Languages
import Support

/// What `backprop page FILE --train N` adds to the page: N optimizer steps taken by
/// `NetworkStepper`, exactly as `backprop step --steps N` takes them, recorded for a slider. The
/// loss at every step; every parameter's value and gradient at every `every`-th step (all of them
/// for a small network); and, for a network with one input of two columns and an output of one or
/// two columns, the decision surface: the output evaluated on a grid over the input plane at every
/// `surfaceEvery`-th step, with the data points.
///
/// Step s is the state after s updates: `loss[0]` is the loss before the first update (`step`'s
/// first row), `loss[N]` the loss after the last (`step`'s row `after`).
struct TrainingTimeline {
    /// The parameters a page may hold at all recorded steps: values and gradients together.
    static let parameterNumberBudget = 40_000
    /// The surfaces a page holds at most (the first and last step always among them).
    static let surfaceFrames = 51
    /// Points on each side of the surface's grid.
    static let grid = 24

    struct Snapshot {
        let step: Int
        let values: [[Double]]
        let gradients: [[Double]]
    }

    /// The output over the input plane: `columns` grids of `grid`×`grid` values, row by row from
    /// the top (largest second input) down, each row from the left (smallest first input).
    struct Surface {
        let input: String
        let output: String
        let columns: Int
        /// The plane shown: the first input's range, then the second's.
        let xRange: ClosedRange<Double>
        let yRange: ClosedRange<Double>
        /// The data points (the declared input's rows) and what each should be: its target row,
        /// or its label as a one-hot row; nil when the network declares neither of that shape.
        let points: [[Double]]
        let expected: [[Double]]?
        /// Each shown step: the grid's values, one list per output column, and the output at
        /// each data point (a row per point).
        var frames: [(step: Int, values: [[Double]], atPoints: [[Double]])] = []

        /// The range of the colours: [0, 1] when every value and target lies in it (a
        /// probability), else the smallest and largest of them.
        var range: ClosedRange<Double> {
            let all = frames.flatMap { $0.values.joined() }.filter(\.isFinite) + (expected ?? []).joined()
            let low = all.min() ?? 0, high = all.max() ?? 1
            if low >= 0 && high <= 1 { return 0...1 }
            return low < high ? low...high : (low - 1)...(high + 1)
        }

        /// A grid of values as bytes, 0 at `range`'s low end and 255 at its high end (a
        /// non-finite value as 0): a surface is a picture, and the page reads each value back
        /// within (high − low)/510.
        static func bytes(_ values: [Double], in range: ClosedRange<Double>) -> [UInt8] {
            let low = range.lowerBound, span = range.upperBound - low
            return values.map { v in v.isFinite ? UInt8(max(0, min(255, ((v - low) / span * 255).rounded()))) : 0 }
        }
    }

    let file: String
    let kind: String
    let optimizerName: String
    let rate: Double
    let rule: [String]
    let lossName: String
    let steps: Int
    let parameterNames: [String]
    let parameterShapes: [Shape]
    var loss: [Double] = []
    /// Parameters are recorded at every `every`-th step and at the last; at none when 0 (a
    /// network too large for two copies of its parameters in the budget).
    let every: Int
    var snapshots: [Snapshot] = []
    var surface: Surface?
    let surfaceEvery: Int

    /// Takes `steps` steps with `stepper` and records them.
    init(_ stepper: NetworkStepper, steps: Int) throws {
        let network = stepper.network
        file = network.file
        kind = stepper.kind.rawValue
        optimizerName = stepper.optimizerName
        rate = stepper.rate
        rule = stepper.rule { NumberFormat.significant($0, digits: 6) }
        lossName = network.lossName
        self.steps = steps
        parameterNames = stepper.parameters.map(\.name)
        parameterShapes = stepper.parameters.map(\.shape)
        let perStep = 2 * stepper.parameters.reduce(0) { $0 + $1.shape.count }
        every = Self.every(numbersPerStep: perStep, steps: steps)
        surfaceEvery = max(1, Int((Double(steps) / Double(Self.surfaceFrames - 1)).rounded(.up)))
        surface = try Self.surface(of: network, parameters: stepper)

        func record(_ step: Int) throws {
            if every > 0, step % every == 0 || step == steps {
                snapshots.append(
                    Snapshot(
                        step: step, values: stepper.parameters.map(\.tensor.elements),
                        gradients: stepper.parameters.map(\.gradientTensor.elements)))
            }
            if surface != nil, step % surfaceEvery == 0 || step == steps {
                let (values, atPoints) = try Self.evaluate(surface!, network, stepper)
                surface!.frames.append((step, values, atPoints))
            }
        }
        for step in 0..<steps {
            try stepper.step { run in
                loss.append(run.lossValue)
                try record(step)
            }
        }
        loss.append(try stepper.loss())
        // The gradient at the last parameters, which no update uses, for the last snapshot.
        _ = try network.run(parameters: stepper.parameters)
        try record(steps)
    }

    /// The stride of the snapshots that keeps them, the last one included, within the budget.
    static func every(numbersPerStep: Int, steps: Int) -> Int {
        let fit = parameterNumberBudget / max(1, numbersPerStep)
        if fit >= steps + 1 { return 1 }
        if fit >= 3 { return (steps + fit - 3) / (fit - 2) }
        return fit == 2 ? steps : 0
    }

    // MARK: The decision surface

    /// The surface a network can show: its one input of shape (n, 2), and the last value computed
    /// from it, not from a target or labels, of shape (n, 1) or (n, 2). Nil when there is none.
    static func surface(of network: Network, parameters stepper: NetworkStepper) throws -> Surface? {
        guard network.inputs.count == 1, let input = network.inputs.first, input.value.shape.rank == 2,
            input.value.shape.dimensions[1] == 2
        else { return nil }
        let rows = input.value.shape.dimensions[0]
        let trace = try network.run(parameters: network.makeParameters(), backward: false).trace()
        let targetNames = Set(network.targets.map(\.name))
        var fromInput = [Bool](repeating: false, count: trace.nodes.count)
        var fromTarget = [Bool](repeating: false, count: trace.nodes.count)
        for node in trace.nodes {
            fromInput[node.id] = node.role == .input ? node.name == input.name : node.inputs.contains { fromInput[$0] }
            fromTarget[node.id] =
                (node.role == .constant && targetNames.contains(node.name)) || node.labels != nil
                || node.inputs.contains { fromTarget[$0] }
        }
        guard
            let output = trace.nodes.last(where: { node in
                node.role == .operation && fromInput[node.id] && !fromTarget[node.id] && node.shape.rank == 2
                    && node.shape.dimensions[0] == rows && (1...2).contains(node.shape.dimensions[1])
            })
        else { return nil }
        let columns = output.shape.dimensions[1]
        let points = (0..<rows).map { Array(input.value.elements[(2 * $0)..<(2 * $0 + 2)]) }
        var expected: [[Double]]? = nil
        if let target = network.targets.first(where: { $0.value.shape == output.shape }) {
            expected = (0..<rows).map { Array(target.value.elements[(columns * $0)..<(columns * $0 + columns)]) }
        } else if let labels = network.labels.values.first(where: { $0.count == rows }), columns == 2,
            labels.allSatisfy({ (0...1).contains($0) })
        {
            expected = labels.map { $0 == 0 ? [1, 0] : [0, 1] }
        }
        func range(_ column: Int) -> ClosedRange<Double> {
            let v = points.map { $0[column] }
            let low = v.min() ?? 0, high = v.max() ?? 0
            let pad = max(0.25 * (high - low), 0.5)
            return (low - pad)...(high + pad)
        }
        return Surface(
            input: input.name, output: output.name, columns: columns, xRange: range(0), yRange: range(1),
            points: points, expected: expected)
    }

    /// The node id of the surface's output in every run (runs record the same nodes in order).
    private static func outputID(_ surface: Surface, _ run: NetworkRun) -> Int? {
        run.trace().node(named: surface.output)?.id
    }

    /// The output at every grid point with the stepper's current parameters, `rows` points a run
    /// (the input's declared batch; the last run padded with its first point), and at the data
    /// points themselves.
    static func evaluate(
        _ surface: Surface, _ network: Network, _ stepper: NetworkStepper
    ) throws -> (grid: [[Double]], atPoints: [[Double]]) {
        let rows = surface.points.count, g = grid
        var plane: [Double] = []
        plane.reserveCapacity(2 * g * g)
        for i in 0..<g {
            let y = surface.yRange.upperBound - Double(i) / Double(g - 1) * (surface.yRange.upperBound - surface.yRange.lowerBound)
            for j in 0..<g {
                let x = surface.xRange.lowerBound + Double(j) / Double(g - 1) * (surface.xRange.upperBound - surface.xRange.lowerBound)
                plane += [x, y]
            }
        }
        // Copies of the parameters, so that these runs leave the stepper's gradients alone.
        let current = network.makeParameters(values: Dictionary(uniqueKeysWithValues: stepper.parameters.map { ($0.name, $0.tensor) }))
        var values = [[Double]](repeating: [], count: surface.columns)
        var outputID: Int? = nil
        var start = 0
        while start < g * g {
            var batch: [Double] = []
            for k in 0..<rows {
                let p = start + k < g * g ? start + k : start
                batch += [plane[2 * p], plane[2 * p + 1]]
            }
            let run = try network.run(
                parameters: current, inputValues: [surface.input: Tensor(shape: Shape(rows, 2), elements: batch)],
                backward: false)
            if outputID == nil { outputID = Self.outputID(surface, run) }
            guard let id = outputID else { return ([], []) }
            let out = run.tape.value(of: Variable(id: id)).elements
            for k in 0..<rows where start + k < g * g {
                for c in 0..<surface.columns { values[c].append(out[k * surface.columns + c]) }
            }
            start += rows
        }
        let run = try network.run(parameters: current, backward: false)
        let out = outputID.map { run.tape.value(of: Variable(id: $0)).elements } ?? []
        let c = surface.columns
        let atPoints = (0..<rows).map { k in Array(out[(k * c)..<(k * c + c)]) }
        return (values, atPoints)
    }

    // MARK: JSON

    /// The timeline as the page reads it (`Sources/Page/README.md` describes the members).
    var json: JSONValue {
        func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
        var members: [(String, JSONValue)] = [
            ("file", .string(file)),
            ("optimizer", .string(kind)),
            ("optimizer_name", .string(optimizerName)),
            ("rate", .number(rate)),
            ("rule", .array(rule.map { .string($0) })),
            ("loss_name", .string(lossName)),
            ("steps", .integer(steps)),
            ("loss", numbers(loss)),
            (
                "parameters",
                .array(
                    zip(parameterNames, parameterShapes).map { name, shape in
                        .object([("name", .string(name)), ("shape", .array(shape.dimensions.map { .integer($0) }))])
                    })
            ),
            ("every", .integer(every)),
            (
                "snapshots",
                .array(
                    snapshots.map { s in
                        .object([
                            ("step", .integer(s.step)),
                            ("values", .array(s.values.map(numbers))),
                            ("gradients", .array(s.gradients.map(numbers))),
                        ])
                    })
            ),
        ]
        if let surface {
            let range = surface.range
            members.append(
                (
                    "surface",
                    .object([
                        ("input", .string(surface.input)),
                        ("output", .string(surface.output)),
                        ("columns", .integer(surface.columns)),
                        ("grid", .integer(Self.grid)),
                        ("x", numbers([surface.xRange.lowerBound, surface.xRange.upperBound])),
                        ("y", numbers([surface.yRange.lowerBound, surface.yRange.upperBound])),
                        ("points", .array(surface.points.map(numbers))),
                        ("expected", surface.expected.map { .array($0.map(numbers)) } ?? .null),
                        ("every", .integer(surfaceEvery)),
                        ("low", .number(range.lowerBound)),
                        ("high", .number(range.upperBound)),
                        (
                            "frames",
                            .array(
                                surface.frames.map { frame in
                                    .object([
                                        ("step", .integer(frame.step)),
                                        ("at_points", .array(frame.atPoints.map(numbers))),
                                        ("bytes", .array(frame.values.map { .string(DigitImages.base64(Surface.bytes($0, in: range))) })),
                                    ])
                                })
                        ),
                    ])
                ))
        } else {
            members.append(("surface", .null))
        }
        return .object(members)
    }
}
