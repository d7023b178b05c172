/// The numbers one run of a network holds, counted against `LanguageLimits` before each tensor
/// is allocated, so that no file can ask for more memory than the limits allow: sizes a file
/// writes (`zeros(1000000, 1000000)`) and sizes its ops compute (a matrix product) alike.
struct EntryBudget {
    let file: String
    private(set) var used = 0
    private(set) var operations = 0

    init(file: String) { self.file = file }

    /// Takes `count` numbers for one tensor (nil: more than an `Int` can count), or throws at
    /// `location` naming `what`.
    mutating func take(_ count: Int?, for what: String, at location: SourceLocation) throws(SourceError) {
        let perTensor = LanguageLimits.tensorEntries, total = LanguageLimits.totalEntries
        guard let count, count <= perTensor else {
            let size = count.map { "\($0) numbers" } ?? "more numbers than a 64-bit integer counts"
            throw SourceError(
                file: file, location, "\(what) would have \(size); a tensor may hold at most \(LanguageLimits.describe(perTensor))")
        }
        guard count <= total - used else {
            throw SourceError(
                file: file, location,
                "\(what) would bring the network to \(used + count) numbers; a network may hold at most "
                    + "\(LanguageLimits.describe(total)) in all")
        }
        used += count
    }

    /// Takes one recorded operation, or throws at `location` when the network already has
    /// `LanguageLimits.operations` (each one is a node that trace, explain and the checks walk).
    mutating func takeOperation(at location: SourceLocation) throws(SourceError) {
        guard operations < LanguageLimits.operations else {
            throw SourceError(
                file: file, location,
                "this would be operation \(operations + 1) of the network; a network may have at most \(LanguageLimits.operations)")
        }
        operations += 1
    }
}
