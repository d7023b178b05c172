import Engine
import Support

/// Loss and accuracy curves per epoch, training and validation, as a standalone SVG: two panels
/// side by side, each with its axes, ticks and a legend.
public enum TrainingPlot {
    public static func svg(_ history: [EpochMetrics], title: String) -> String {
        let width = 880.0
        let height = 360.0
        var out: [String] = []
        out.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Int(width))" height="\##(Int(height))" viewBox="0 0 \##(Int(width)) \##(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">"##
        )
        out.append(##"<rect width="100%" height="100%" fill="white"/>"##)
        out.append(
            ##"<text x="\##(Int(width / 2))" y="22" text-anchor="middle" font-size="15">\##(escape(title))</text>"##)
        let epochs = history.map { Double($0.epoch) }
        out += panel(
            x: 60, y: 45, width: 360, height: 260, heading: "loss", epochs: epochs,
            train: history.map(\.loss), validation: history.map(\.validationLoss), fromZero: true)
        out += panel(
            x: 500, y: 45, width: 360, height: 260, heading: "accuracy", epochs: epochs,
            train: history.map(\.accuracy), validation: history.map(\.validationAccuracy), fromZero: false)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    static let trainColor = "#1f77b4", validationColor = "#ff7f0e"

    static func panel(
        x: Double, y: Double, width: Double, height: Double, heading: String, epochs: [Double],
        train: [Double], validation: [Double?], fromZero: Bool
    ) -> [String] {
        var out: [String] = []
        let values = (train + validation.compactMap { $0 }).filter(\.isFinite)
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if fromZero { low = min(0, low) }
        if high - low < 1e-9 {
            high += 0.5
            low -= fromZero ? 0 : 0.5
        }
        let ticks = niceTicks(low, high, count: 5)
        low = min(low, ticks.first ?? low)
        high = max(high, ticks.last ?? high)
        let firstEpoch = epochs.first ?? 1
        let lastEpoch = max(epochs.last ?? 1, firstEpoch + 1)
        func px(_ epoch: Double) -> Double { x + (epoch - firstEpoch) / (lastEpoch - firstEpoch) * width }
        func py(_ value: Double) -> Double { y + height - (value - low) / (high - low) * height }

        out.append(##"<g>"##)
        out.append(
            ##"<text x="\##(coordinate(x + width / 2))" y="\##(coordinate(y - 8))" text-anchor="middle" font-size="13">\##(heading)</text>"##
        )
        for tick in ticks where tick >= low - 1e-12 && tick <= high + 1e-12 {
            let ty = py(tick)
            out.append(
                ##"<line x1="\##(coordinate(x))" y1="\##(coordinate(ty))" x2="\##(coordinate(x + width))" y2="\##(coordinate(ty))" stroke="#e5e5e5"/>"##)
            out.append(
                ##"<text x="\##(coordinate(x - 6))" y="\##(coordinate(ty + 4))" text-anchor="end">\##(NumberFormat.significant(tick, digits: 3))</text>"##
            )
        }
        for epoch in epochTicks(Int(firstEpoch), Int(lastEpoch)) {
            let tx = px(Double(epoch))
            out.append(
                ##"<line x1="\##(coordinate(tx))" y1="\##(coordinate(y + height))" x2="\##(coordinate(tx))" y2="\##(coordinate(y + height + 5))" stroke="black"/>"##
            )
            out.append(##"<text x="\##(coordinate(tx))" y="\##(coordinate(y + height + 18))" text-anchor="middle">\##(epoch)</text>"##)
        }
        out.append(
            ##"<path d="M\##(coordinate(x)),\##(coordinate(y)) V\##(coordinate(y + height)) H\##(coordinate(x + width))" fill="none" stroke="black"/>"##)
        out.append(##"<text x="\##(coordinate(x + width / 2))" y="\##(coordinate(y + height + 36))" text-anchor="middle">epoch</text>"##)
        out += series(epochs.map(px), train.map(py), color: trainColor, dashed: false)
        let validationPoints = zip(epochs, validation).compactMap { e, v in v.map { (px(e), py($0)) } }
        out += series(validationPoints.map(\.0), validationPoints.map(\.1), color: validationColor, dashed: true)
        // Legend, inside the panel at the right, away from the curves: at the top for a falling
        // loss, at the bottom for a rising accuracy.
        let lx = x + width - 120
        let ly = fromZero ? y + 12 : y + height - 36
        out.append(
            ##"<line x1="\##(coordinate(lx))" y1="\##(coordinate(ly))" x2="\##(coordinate(lx + 24))" y2="\##(coordinate(ly))" stroke="\##(trainColor)" stroke-width="2"/>"##
        )
        out.append(##"<text x="\##(coordinate(lx + 30))" y="\##(coordinate(ly + 4))">training</text>"##)
        if !validationPoints.isEmpty {
            out.append(
                ##"<line x1="\##(coordinate(lx))" y1="\##(coordinate(ly + 18))" x2="\##(coordinate(lx + 24))" y2="\##(coordinate(ly + 18))" stroke="\##(validationColor)" stroke-width="2" stroke-dasharray="6 4"/>"##
            )
            out.append(##"<text x="\##(coordinate(lx + 30))" y="\##(coordinate(ly + 22))">validation</text>"##)
        }
        out.append("</g>")
        return out
    }

    /// A coordinate or size in the SVG, with six significant digits.
    static func coordinate(_ v: Double) -> String { NumberFormat.significant(v, digits: 6) }

    static func series(_ xs: [Double], _ ys: [Double], color: String, dashed: Bool) -> [String] {
        let points = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
        guard !points.isEmpty else { return [] }
        var out: [String] = []
        let path = points.enumerated().map { k, p in (k == 0 ? "M" : "L") + "\(coordinate(p.0)),\(coordinate(p.1))" }.joined(
            separator: " ")
        out.append(
            ##"<path d="\##(path)" fill="none" stroke="\##(color)" stroke-width="2"\##(dashed ? #" stroke-dasharray="6 4""# : "")/>"##
        )
        for p in points { out.append(##"<circle cx="\##(coordinate(p.0))" cy="\##(coordinate(p.1))" r="3" fill="\##(color)"/>"##) }
        return out
    }

    /// About `count` round tick values (1, 2 or 5 times a power of ten apart) covering low…high.
    static func niceTicks(_ low: Double, _ high: Double, count: Int) -> [Double] {
        let span = max(high - low, 1e-12)
        let raw = span / Double(max(count - 1, 1))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = Int((low / step).rounded(.down))
        let last = Int((high / step).rounded(.up))
        let ticks = (first...max(first, last)).prefix(50).map { Double($0) * step }
        return ticks
    }

    /// Epoch numbers to label: every epoch up to 12, else a round step.
    static func epochTicks(_ first: Int, _ last: Int) -> [Int] {
        let span = last - first
        let step = span <= 12 ? 1 : [2, 5, 10, 20, 50, 100, 200, 500, 1000].first { span / $0 <= 10 } ?? 1000
        return Array(stride(from: first, through: last, by: step))
    }

    static func escape(_ text: String) -> String {
        text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
