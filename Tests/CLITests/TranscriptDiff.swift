/// A unified-style diff of two runs of lines, for people: hunks with `@@ -a,b +c,d @@` headers,
/// and every line with its line number in the transcript file (the expected side's number for
/// kept and removed lines, the number it would get for added ones).
///
///     @@ -13,2 +13,2 @@
///      13 |   ! backprop: unknown flag '--bogus' for 'backprop'
///     -14 |   ! Run 'backprop --help' for usage.
///     +14 |   ! Run 'backprop --help' for help.
func unifiedDiff(expected: [String], actual: [String], firstLineNumber: Int, context: Int = 3) -> String {
    let edits = lineEdits(expected, actual)
    guard edits.contains(where: { $0.kind != .same }) else { return "" }

    // Which edits to show: the changes, and `context` unchanged lines around each.
    var shown = [Bool](repeating: false, count: edits.count)
    for (index, edit) in edits.enumerated() where edit.kind != .same {
        for near in max(0, index - context)...min(edits.count - 1, index + context) { shown[near] = true }
    }
    let width = String(firstLineNumber + max(expected.count, actual.count)).count
    func number(_ value: Int) -> String {
        String(repeating: " ", count: max(0, width - String(value).count)) + String(value)
    }

    var output: [String] = []
    var index = 0
    while index < edits.count {
        guard shown[index] else {
            index += 1
            continue
        }
        var end = index
        while end < edits.count && shown[end] { end += 1 }
        let hunk = edits[index..<end]
        let oldCount = hunk.count { $0.kind != .added }
        let newCount = hunk.count { $0.kind != .removed }
        let oldStart = firstLineNumber + hunk[hunk.startIndex].expectedIndex - (oldCount == 0 ? 1 : 0)
        let newStart = firstLineNumber + hunk[hunk.startIndex].actualIndex - (newCount == 0 ? 1 : 0)
        output.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
        for edit in hunk {
            switch edit.kind {
            case .same:
                output.append(" \(number(firstLineNumber + edit.expectedIndex)) | \(expected[edit.expectedIndex])")
            case .removed:
                output.append("-\(number(firstLineNumber + edit.expectedIndex)) | \(expected[edit.expectedIndex])")
            case .added: output.append("+\(number(firstLineNumber + edit.actualIndex)) | \(actual[edit.actualIndex])")
            }
        }
        index = end
    }
    return output.joined(separator: "\n")
}

struct LineEdit: Equatable {
    enum Kind { case same, removed, added }
    var kind: Kind
    /// Index of the expected line (for `.same`, `.removed`), or of the next one.
    var expectedIndex: Int
    /// Index of the actual line (for `.same`, `.added`), or of the next one.
    var actualIndex: Int
}

/// The shortest edit script turning `a` into `b`, from a longest common subsequence. Removals come
/// before additions within a change. Very large inputs (beyond a few million cell pairs) are
/// compared as one block after their common start and end.
func lineEdits(_ a: [String], _ b: [String]) -> [LineEdit] {
    // Common start and end are cheap and keep the table small.
    var prefix = 0
    while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix && suffix < b.count - prefix
        && a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    {
        suffix += 1
    }
    let middleA = Array(a[prefix..<(a.count - suffix)])
    let middleB = Array(b[prefix..<(b.count - suffix)])

    var edits: [LineEdit] = (0..<prefix).map { LineEdit(kind: .same, expectedIndex: $0, actualIndex: $0) }
    let n = middleA.count
    let m = middleB.count
    if n * m <= 4_000_000 {
        // lcs[i][j]: length of the longest common subsequence of middleA[i...] and middleB[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = middleA[i] == middleB[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && middleA[i] == middleB[j] {
                edits.append(LineEdit(kind: .same, expectedIndex: prefix + i, actualIndex: prefix + j))
                i += 1
                j += 1
            } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                edits.append(LineEdit(kind: .removed, expectedIndex: prefix + i, actualIndex: prefix + j))
                i += 1
            } else {
                edits.append(LineEdit(kind: .added, expectedIndex: prefix + i, actualIndex: prefix + j))
                j += 1
            }
        }
    } else {
        for i in 0..<n { edits.append(LineEdit(kind: .removed, expectedIndex: prefix + i, actualIndex: prefix)) }
        for j in 0..<m { edits.append(LineEdit(kind: .added, expectedIndex: prefix + n, actualIndex: prefix + j)) }
    }
    for k in 0..<suffix {
        edits.append(LineEdit(kind: .same, expectedIndex: prefix + n + k, actualIndex: prefix + m + k))
    }
    return edits
}
