import Testing

@testable import BackpropCLI

@Suite("Console") struct ConsoleTests {
    @Test func capturesBothStreams() {
        let console = Console.capturing()
        console.out.write("a")
        console.out.line("b")
        console.err.line("problem")
        var stream = console.out
        print("x", 1, to: &stream)
        console.out.print("y", 2, separator: "-")
        #expect(console.out.text == "ab\nx 1\ny-2\n")
        #expect(console.err.text == "problem\n")
    }

    @Test func colorOnlyWhenAllowed() {
        #expect(Console.capturing().out.styled("hi", .bold) == "hi")
        #expect(Console.capturing(color: true).out.styled("hi", .bold, .red) == "\u{1B}[1;31mhi\u{1B}[0m")
        #expect(Console.colorAllowed(environment: [:]))
        #expect(Console.colorAllowed(environment: ["NO_COLOR": ""]))
        #expect(!Console.colorAllowed(environment: ["NO_COLOR": "1"]))
        #expect(!Console.colorAllowed(environment: ["TERM": "dumb"]))
    }

    @Test func columnsFromEnvironment() {
        #expect(Console.columns(environment: ["COLUMNS": "100"]) == 100)
        #expect(Console.columns(environment: ["COLUMNS": "0"]) == nil)
        #expect(Console.columns(environment: ["COLUMNS": "wide"]) == nil)
        #expect(Console.columns(environment: [:]) == nil)
        #expect(Console.capturing(terminalWidth: nil).layoutWidth == 80)
    }

    @Test func commandsReadTheConsoleEnvironment() {
        let root = Command(
            name: "backprop", summary: "t",
            subcommands: [
                Command(
                    name: "where", summary: "print MNIST_DIR",
                    run: { invocation in
                        invocation.out.line(invocation.console.environment["MNIST_DIR"] ?? "unset")
                        return 0
                    })
            ])
        let console = Console.capturing(environment: ["MNIST_DIR": "/data/mnist"])
        #expect(runTool(root: root, version: "1", arguments: ["where"], console: console) == 0)
        #expect(console.out.text == "/data/mnist\n")
    }
}

@Suite("Text table") struct TextTableTests {
    @Test func alignsColumns() {
        var table = TextTable(header: ["node", "value", "grad"], alignments: [.left, .right, .right])
        table.append(["z1", "0.3775", "-0.0088"])
        table.append(["out_o1", "0.75", "0.74"])
        table.append(["b"])
        #expect(
            table.lines() == [
                "node     value     grad",
                "------  ------  -------",
                "z1      0.3775  -0.0088",
                "out_o1    0.75     0.74",
                "b",
            ])
        #expect(TextTable().lines() == [])
        // It fits 23 columns; in 22 it is stacked, one block per row.
        #expect(table.lines(width: 23) == table.lines())
        #expect(
            table.lines(width: 22) == [
                "node:  z1", "value: 0.3775", "grad:  -0.0088", "",
                "node:  out_o1", "value: 0.75", "grad:  0.74", "",
                "node:  b",
            ])
    }
}
