import Engine
import Explainer
import Foundation
import Languages

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// |a − b| / max(|a|, |b|), 0 when both are 0.
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
}

/// The network of a lesson file in Lessons/, read as a user's file would be.
func lessonNetwork(_ fileName: String) throws -> Network {
    try NetworkSource.load(path: packageRoot + "/Lessons/" + fileName)
}

/// The numbers in a line of text, in order (`[[0.5, -1e-07]]` gives 0.5 and -1e-07).
func numbers(in line: Substring) -> [Double] {
    var result: [Double] = []
    var current = ""
    for c in line {
        if c.isNumber || c == "." || c == "-" || c == "e" || c == "+" {
            current.append(c)
        } else {
            if let x = Double(current) { result.append(x) }
            current = ""
        }
    }
    if let x = Double(current) { result.append(x) }
    return result
}
