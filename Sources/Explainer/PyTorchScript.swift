import Engine
import Support

/// `backprop export --pytorch`: a runnable Python script that builds the computation of a trace
/// in PyTorch (float64), runs backward, and prints every parameter's gradient in the layout of
/// `backprop trace`'s backward table (the same ids, names, shapes and number format), so that the
/// numbers of the framework a learner uses next can be read beside this tool's.
///
/// Each op's PyTorch form comes from the op itself (`TensorOp.pytorch`). Values with a name of
/// their own (`z1`, `h`) become Python variables; the unnamed pieces (`x @ W1`) are written inside
/// the expression that uses them, as in the network file. Every starting value is written out
/// with all its digits, so the script needs nothing but PyTorch.
public enum PyTorchScript {
    /// An op that has no PyTorch form.
    public struct MissingForm: Error, CustomStringConvertible, Sendable {
        public let op: String
        public let node: String
        public var description: String {
            "the op '\(op)' (node '\(node)') has no PyTorch form, so the network cannot be exported"
        }
    }

    /// The script for `trace`, whose computation comes from `file` (named in the script's
    /// comments). Throws `MissingForm` for the first op without a PyTorch form.
    public static func script(_ trace: Trace, file: String) throws(MissingForm) -> String {
        var names = Set<String>()
        var forms: [PyTorchForm] = []
        var starts: [String] = []
        var steps: [String] = []

        for node in trace.nodes {
            if node.role != .operation {
                let name = variableName(node.name, role: node.role, taken: &names)
                let literal = tensorLiteral(node.value, shape: node.shape, requiresGradient: node.role == .parameter)
                if let name {
                    starts.append("\(name) = \(literal)")
                    forms.append(PyTorchForm(name))
                } else if node.shape.count == 1 && node.shape.rank == 0 {
                    forms.append(.number(node.value[0]))
                } else {
                    forms.append(PyTorchForm(literal))
                }
                continue
            }
            guard let op = node.operation else { throw MissingForm(op: node.op, node: node.name) }
            var operands = node.inputs.map { forms[$0] }
            if let labels = node.labels { operands.append(PyTorchForm("torch.tensor([" + labels.map(String.init).joined(separator: ", ") + "])")) }
            let shapes = ShapeList(node.inputs.map { trace.nodes[$0].shape })
            guard let form = op.pytorch(operands, shapes: shapes, output: node.shape) else {
                throw MissingForm(op: node.op, node: node.name)
            }
            // A value the file named, and the loss, get a line; the pieces of an expression are
            // written where they are used (one that nothing uses changes no gradient).
            if node.id == trace.lossID || isIdentifier(node.name), let name = variableName(node.name, role: .parameter, taken: &names) {
                steps.append("\(name) = \(form.text)")
                forms.append(PyTorchForm(name))
            } else {
                forms.append(form)
            }
        }

        let lossID = trace.lossID ?? (trace.nodes.count - 1)
        let lossVariable = forms[lossID].text
        let parameters = trace.nodes.filter { $0.role == .parameter && $0.gradient != nil }.reversed()
        let nameWidth = max(4, trace.nodes.map { $0.name.count }.max() ?? 4)
        let shapeWidth = max(5, trace.nodes.map { $0.shape.description.count }.max() ?? 5)
        let idWidth = max(2, String(trace.nodes.count - 1).count)
        let lossName = trace.nodes[lossID].name
        let rows = parameters.map { node in
            "    (\(node.id), \(pythonString(node.name)), \(pythonString(node.shape.description)), \(forms[node.id].text)),"
        }

        var out: [String] = []
        out.append("# \(file) in PyTorch (float64), written by `backprop export --pytorch`.")
        out.append("# It runs the same computation, then backward from the loss, and prints every parameter's")
        out.append("# gradient as `backprop trace \(file)` does, to compare number by number.")
        out.append("# Run it with python3 where PyTorch is installed (pip install torch); with --json it")
        out.append("# prints the loss and the gradients as JSON, with every digit.")
        out.append("import json")
        out.append("import sys")
        out.append("")
        out.append("import torch")
        out.append("import torch.nn.functional as F")
        out.append("")
        out.append("torch.set_default_dtype(torch.float64)")
        out.append("")
        out.append("# The values the computation starts from")
        out += starts
        out.append("")
        out.append("# Forward, one line per named value, then backward from the loss")
        out += steps
        out.append("\(lossVariable).backward()")
        out.append("")
        out.append("# The parameters as the trace lists them (id, name, shape), in the order backward reached them")
        out.append("_loss_name = " + pythonString(lossName))
        out.append("_parameters = [")
        out += rows
        out.append("]")
        out.append(printing(lossName: lossName, lossVariable: lossVariable, idWidth: idWidth, nameWidth: nameWidth, shapeWidth: shapeWidth))
        return out.joined(separator: "\n") + "\n"
    }

    /// The part of the script that prints: `trace`'s number format (`%.6g`, a summary of
    /// min, mean, max and norm past 16 elements) and its table layout.
    private static func printing(lossName: String, lossVariable: String, idWidth: Int, nameWidth: Int, shapeWidth: Int) -> String {
        """


        def _number(x):
            if x != x:
                return "nan"
            if x in (float("inf"), float("-inf")):
                return "inf" if x > 0 else "-inf"
            return "0" if x == 0 else "%.6g" % x


        def _lines(values, dims):
            if len(values) > 16:
                total, squares = 0.0, 0.0
                for v in values:
                    total += v
                    squares += v * v
                low, high, mean = min(values), max(values), total / len(values)
                numbers = tuple(map(_number, (low, mean, high, squares ** 0.5)))
                return ["min %s mean %s max %s ‖·‖₂ %s" % numbers]
            if len(dims) == 0:
                return [_number(values[0])]
            if len(dims) == 1:
                return ["[" + ", ".join(_number(v) for v in values) + "]"]
            columns = dims[-1]
            if len(dims) == 4 and dims[3] == 1:
                columns = dims[1] if dims[2] == 1 else dims[2]
            texts = [_number(v) for v in values]
            widths = [max(len(texts[k]) for k in range(j, len(texts), columns)) for j in range(columns)]
            rows = len(texts) // columns
            out = []
            for i in range(rows):
                cells = ", ".join(texts[i * columns + j].rjust(widths[j]) for j in range(columns))
                out.append(("[[" if i == 0 else " [") + cells + ("]]" if i == rows - 1 else "],"))
            return out


        if "--json" in sys.argv[1:]:
            gradients = {name: tensor.grad.reshape(-1).tolist() for _, name, _, tensor in _parameters}
            print(json.dumps({"loss": \(lossVariable).item(), "gradients": gradients}))
        else:
            print(\(pythonString(lossName == "loss" ? "loss = " : "loss \(lossName) = ")) + _number(\(lossVariable).item()))
            print("")
            count = len(_parameters)
            print("Gradients from PyTorch (%d parameters, ∂%s/∂node, float64)" % (count, _loss_name))
            print("  ".join(["id".rjust(\(idWidth)), "name".ljust(\(nameWidth)), "shape".ljust(\(shapeWidth)), "gradient"]))
            for node, name, shape, tensor in _parameters:
                lead = "  ".join([str(node).rjust(\(idWidth)), name.ljust(\(nameWidth)), shape.ljust(\(shapeWidth))])
                lines = _lines(tensor.grad.reshape(-1).tolist(), list(tensor.shape))
                print(lead + "  " + lines[0])
                for line in lines[1:]:
                    print(" " * (len(lead) + 2) + line)
        """
    }

    /// A Python variable for a value: its own name when Python can use it (one that is a Python
    /// keyword or a name the script uses gets `_` after it). Nil for a constant named by its
    /// number, which is written in place.
    private static func variableName(_ name: String, role: NodeRole, taken: inout Set<String>) -> String? {
        var candidate: String
        if isIdentifier(name) {
            candidate = name
        } else if role == .constant {
            return nil
        } else {
            candidate = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
            if candidate.first?.isNumber ?? true { candidate = "v_" + candidate }
        }
        if reserved.contains(candidate) { candidate += "_" }
        while taken.contains(candidate) { candidate += "_" }
        taken.insert(candidate)
        return candidate
    }

    /// A name Python reads as one identifier: ASCII letters, digits and `_`, not starting with a digit.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// Python's keywords, the modules and the built-in functions the script uses.
    private static let reserved: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        "torch", "F", "json", "sys", "float", "print", "len", "range", "max", "min", "str", "list", "tuple", "map",
        "dict", "int", "abs", "sum", "zip",
    ]

    /// `"W1"` as a Python string literal.
    private static func pythonString(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// `torch.tensor([[0.15, 0.25], [0.2, 0.3]], requires_grad=True)`: every digit, a matrix of
    /// more than 16 numbers one row to a line, a tensor of 3 or 4 axes flat and reshaped.
    static func tensorLiteral(_ values: [Double], shape: Shape, requiresGradient: Bool) -> String {
        let numbers = values.map { PyTorchForm.number($0).text }
        let grad = requiresGradient ? ", requires_grad=True" : ""
        switch shape.rank {
        case 0:
            return "torch.tensor(\(numbers.first ?? "0.0")\(grad))"
        case 1:
            return "torch.tensor([\(numbers.joined(separator: ", "))]\(grad))"
        case 2:
            let columns = max(shape[1], 1)
            let rows = stride(from: 0, to: numbers.count, by: columns).map {
                "[" + numbers[$0..<min($0 + columns, numbers.count)].joined(separator: ", ") + "]"
            }
            if numbers.count <= 16 { return "torch.tensor([\(rows.joined(separator: ", "))]\(grad))" }
            return "torch.tensor([\n" + rows.map { "    " + $0 + ",\n" }.joined() + "]\(grad))"
        default:
            let columns = max(shape.columns, 1)
            let rows = stride(from: 0, to: numbers.count, by: columns).map {
                "    " + numbers[$0..<min($0 + columns, numbers.count)].joined(separator: ", ") + ",\n"
            }
            let dims = shape.dimensions.map(String.init).joined(separator: ", ")
            return "torch.tensor([\n" + rows.joined() + "]).reshape(\(dims))" + (requiresGradient ? ".requires_grad_()" : "")
        }
    }
}
