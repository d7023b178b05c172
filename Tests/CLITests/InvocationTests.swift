import Testing

@testable import BackpropCLI

/// The invocation the parser makes of `arguments`, or nil when they do not run a command.
func parsedInvocation(_ arguments: [String]) -> Invocation? {
    if case .run(let invocation) = Parser(root: TestTable.root).parse(arguments, console: .capturing()) {
        return invocation
    }
    return nil
}

@Suite("Invocation") struct InvocationTests {
    @Test func typedAccessorsGiveValuesOrDefaults() throws {
        let given = try #require(
            parsedInvocation(["mnist", "train", "n.net", "--epochs", "7", "--seed=3", "--tag", "a", "--tag", "b"]))
        #expect(given.commandPath == ["backprop", "mnist", "train"])
        #expect(given.commandName == "backprop mnist train")
        #expect(given.int("epochs") == 7)
        #expect(given.int("batch-size") == 32)
        #expect(given.double("lr") == 0.001)
        #expect(given.optionalInt("seed") == 3)
        #expect(given.optionalString("data") == nil)
        #expect(given.string("optimizer") == "adam")
        #expect(given.choice("optimizer", as: TestOptimizer.self) == .adam)
        #expect(given.strings("tag") == ["a", "b"])
        #expect(given.flag("json") == false)
        #expect(given.isGiven("epochs") && !given.isGiven("lr"))
        #expect(given.positional(0) == "n.net")

        let bare = try #require(parsedInvocation(["mnist", "train"]))
        #expect(bare.positional(0) == nil)
        #expect(bare.optionalInt("seed") == nil)
        #expect(bare.optionalDouble("lr") == 0.001)
        #expect(bare.strings("tag") == [])
    }

    @Test func variadicPositionals() throws {
        let sum = try #require(parsedInvocation(["sum", "1", "2", "3"]))
        #expect(sum.positionals == ["1", "2", "3"])
        #expect(sum.positional(2) == "3")
        #expect(sum.positional(5) == nil)
    }

    @Test func askingForAnUndeclaredFlagIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let invocation = parsedInvocation(["trace", "x"])
            _ = invocation?.flag("no-such-flag")
        }
    }
}
