/// "Did you mean …?": the candidates a misspelled name most likely meant, by edit distance.
public enum Spelling {
    /// The candidate `word` most likely misspells, or nil: the shortest candidate that `word`
    /// begins (from 3 characters on), else the nearest within a third of its length (at least
    /// one edit, fewer edits than characters; a swap of two neighbours is one edit); ties go to
    /// the first in alphabetical order.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        // Edit distance takes time in the product of the lengths: no guess for absurd names.
        guard word.count <= 64 else { return nil }
        if let extended = candidates.filter({ $0.hasPrefix(word) && word.count >= 3 }).min(by: { $0.count < $1.count }) {
            return extended
        }
        let scored = candidates.map { ($0, distance(word, $0, countingSwaps: true)) }
            .filter { $0.1 <= max(1, word.count / 3) && $0.1 < word.count }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }

    /// Edit distance between two strings, by characters: insertions, deletions and substitutions;
    /// with `countingSwaps`, a swap of two neighbours is one edit too (`trian` is one edit from
    /// `train`, not two).
    public static func distance(_ a: String, _ b: String, countingSwaps: Bool = false) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        // Rows i-2, i-1 and i of the table: row[j] is the distance between the first i
        // characters of a and the first j of b.
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if countingSwaps, i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
