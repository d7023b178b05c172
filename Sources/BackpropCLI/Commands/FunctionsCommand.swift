import Engine
import Support

extension Command {
    /// `backprop functions`: the functions of network files and `explain --expr`, from the op table.
    static var functions: Command {
        Command(
            name: "functions",
            summary: "list the functions a network file (and explain --expr) can call",
            discussion: """
                Prints every function of the network-file language with its arguments and \
                options and what it computes; those marked "also in --expr" work on single \
                numbers in `backprop explain --expr` too. Each comes from the op's own \
                declaration in Sources/Engine/Ops, so the list is always the one the tool runs.
                """,
            run: { invocation in
                let scalar = Set(OpTable.scalarFunctionNames)
                for declaration in OpTable.all {
                    let also = scalar.contains(declaration.name) ? " (also in --expr)" : ""
                    let width = invocation.console.layoutWidth
                    for line in TextWrap.wrap("  " + declaration.usage + also, width: width) { invocation.out.line(line) }
                    for line in TextWrap.wrap("      " + declaration.summary, width: width, hanging: 0) {
                        invocation.out.line(line)
                    }
                }
                return ExitCode.success
            })
    }
}
