import Support

extension Trace {
    /// The trace as JSON: `{"nodes": [{"id", "name", "op", "inputs", "shape", "value", "grad"}], "loss"}`,
    /// values and gradients flat in row-major order, `grad` null where none was computed; a node
    /// with a stated gradient also has `stated` (and `stated_shape` when its shape differs).
    public var json: JSONValue {
        .object([
            ("nodes", .array(nodes.map { .object(Self.jsonMembers(of: $0)) })),
            ("loss", loss.map { .number($0) } ?? .null),
        ])
    }

    /// One node's members in `json`. `tensor` writes a value, gradient or stated gradient (the
    /// page packs large ones); by default an array of numbers.
    public static func jsonMembers(
        of node: Node, tensor: ([Double]) -> JSONValue = { .array($0.map { .number($0) }) }
    ) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("id", .integer(node.id)),
            ("name", .string(node.name)),
            ("op", .string(node.op)),
            ("inputs", .array(node.inputs.map { .integer($0) })),
            ("shape", .array(node.shape.dimensions.map { .integer($0) })),
            ("value", tensor(node.value)),
            ("grad", node.gradient.map(tensor) ?? .null),
        ]
        if let labels = node.labels { members.append(("labels", .array(labels.map { .integer($0) }))) }
        if let stated = node.stated {
            // The learner's own gradient (`grad NAME = …`), with its shape when that differs.
            members.append(("stated", tensor(stated)))
            if let shape = node.statedShape, shape != node.shape {
                members.append(("stated_shape", .array(shape.dimensions.map { .integer($0) })))
            }
        }
        return members
    }
}
