// A tensor's shape: up to four dimensions, stored inline so that passing one around never
// allocates (a training step builds shapes for every node).

public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public static let maximumRank = 4

    public private(set) var rank: Int
    private var d0 = 1, d1 = 1, d2 = 1, d3 = 1

    /// A shape from its dimensions (at most four).
    public init(_ dimensions: [Int]) {
        precondition(dimensions.count <= Shape.maximumRank, "at most \(Shape.maximumRank) dimensions")
        rank = dimensions.count
        for (axis, size) in dimensions.enumerated() { self[axis] = size }
    }

    public init(_ dimensions: Int...) { self.init(dimensions) }

    /// The shape of a single number.
    public static let scalar = Shape([])

    /// The size along `axis` (0-based).
    public subscript(axis: Int) -> Int {
        get {
            switch axis {
            case 0: d0
            case 1: d1
            case 2: d2
            default: d3
            }
        }
        set {
            switch axis {
            case 0: d0 = newValue
            case 1: d1 = newValue
            case 2: d2 = newValue
            default: d3 = newValue
            }
        }
    }

    /// The number of elements.
    public var count: Int { d0 * d1 * d2 * d3 }

    /// The number of elements of a shape with these dimensions, or nil when a dimension is
    /// negative or the product overflows `Int`. Sizes that come from a file or a user go through
    /// this (or `Shape(checking:)`) before anything is allocated: a plain product traps.
    public static func checkedCount(_ dimensions: [Int]) -> Int? {
        var total = 1
        for size in dimensions {
            guard size >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// A shape from dimensions read from input: nil when there are more than `maximumRank`,
    /// a dimension is negative, or their product overflows or exceeds `maximumCount`.
    public init?(checking dimensions: [Int], maximumCount: Int = .max) {
        guard dimensions.count <= Shape.maximumRank, let count = Shape.checkedCount(dimensions),
            count <= maximumCount
        else { return nil }
        self.init(dimensions)
    }

    public var dimensions: [Int] { (0..<rank).map { self[$0] } }

    /// Rows and columns when the shape is read as a matrix: a scalar is 1×1, a vector of n is
    /// 1×n, and higher ranks fold every leading axis into the rows.
    public var rows: Int { rank == 0 ? 1 : count / Swift.max(columns, 1) }
    public var columns: Int { rank == 0 ? 1 : self[rank - 1] }

    public var isMatrix: Bool { rank == 2 }

    /// `(2×3)`; a scalar is `()`.
    public var description: String { "(" + dimensions.map(String.init).joined(separator: "×") + ")" }

    /// `2x3`, for plain-ASCII output.
    public var asciiDescription: String { "(" + dimensions.map(String.init).joined(separator: "x") + ")" }

    public static func == (lhs: Shape, rhs: Shape) -> Bool {
        guard lhs.rank == rhs.rank else { return false }
        for axis in 0..<lhs.rank where lhs[axis] != rhs[axis] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rank)
        for axis in 0..<rank { hasher.combine(self[axis]) }
    }
}
