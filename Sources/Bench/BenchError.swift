/// A bench run that cannot go on: missing data, a child process that failed.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
