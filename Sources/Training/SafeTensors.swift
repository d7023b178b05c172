import Engine
import Kernels
import Support

/// The safetensors format (as Hugging Face's `safetensors` reads it), for 32-bit floats:
///
///     8 bytes   N, the header's length, unsigned little-endian
///     N bytes   the header: a JSON object, padded with spaces to a multiple of 8
///               {"__metadata__": {"key": "string value", …},
///                "W1": {"dtype": "F32", "shape": [784, 128], "data_offsets": [0, 401408]}, …}
///     the rest  the tensors' elements, little-endian, row-major; `data_offsets` are byte offsets
///               into this part, [begin, end), and the tensors fill it without gaps or overlaps
///
/// Writing keeps the given order of metadata and tensors, so the same content always gives the
/// same bytes. Reading checks everything and names the problem in one line.
public struct SafeTensors: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let tensor: Tensor<Float>
        public init(_ name: String, _ tensor: Tensor<Float>) {
            self.name = name
            self.tensor = tensor
        }
    }

    public var metadata: [(String, String)]
    public var entries: [Entry]

    public init(metadata: [(String, String)], entries: [Entry]) {
        self.metadata = metadata
        self.entries = entries
    }

    public static func == (a: SafeTensors, b: SafeTensors) -> Bool {
        a.entries == b.entries && a.metadata.elementsEqual(b.metadata) { $0 == $1 }
    }

    /// The value of a metadata key.
    public func metadata(_ key: String) -> String? { metadata.first { $0.0 == key }?.1 }

    public func tensor(named name: String) -> Tensor<Float>? { entries.first { $0.name == name }?.tensor }

    /// The largest header this reader accepts (the Rust reader allows 100 MB; a checkpoint's
    /// header, ten thousand epochs of history included, stays under 2 MB, and a smaller limit
    /// bounds the memory the parsed JSON takes).
    public static let maximumHeaderLength = 8 << 20

    // MARK: Writing

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var header: [(String, JSONValue)] = []
        if !metadata.isEmpty {
            header.append(("__metadata__", .object(metadata.map { ($0.0, .string($0.1)) })))
        }
        var offset = 0
        for entry in entries {
            let size = entry.tensor.count * 4
            header.append(
                (
                    entry.name,
                    .object([
                        ("dtype", .string("F32")),
                        ("shape", .array(entry.tensor.shape.dimensions.map { .integer($0) })),
                        ("data_offsets", .array([.integer(offset), .integer(offset + size)])),
                    ])
                ))
            offset += size
        }
        var headerBytes = Array(JSONValue.object(header).serialized().utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        var length = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: headerBytes)
        for entry in entries {
            entry.tensor.elements.withUnsafeBufferPointer { elements in
                for x in elements {
                    var bits = x.bitPattern.littleEndian
                    withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
                }
            }
        }
        return bytes
    }

    // MARK: Reading

    /// Parses and checks a safetensors file's bytes; `source` names the file in errors.
    public init(decoding bytes: [UInt8], source: String) throws(CheckpointError) {
        func fail(_ detail: String) -> CheckpointError { CheckpointError(source, detail) }
        guard bytes.count >= 8 else {
            throw fail(
                "\(bytes.count) bytes is too short for a safetensors file (it starts with an 8-byte header length)")
        }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard length <= UInt64(SafeTensors.maximumHeaderLength) else {
            throw fail(
                "header length \(length) is beyond the format's limit of \(SafeTensors.maximumHeaderLength) bytes; not a safetensors file?"
            )
        }
        let headerLength = Int(length)
        guard headerLength >= 2 else { throw fail("header length \(headerLength) is too short for a JSON object") }
        guard 8 + headerLength <= bytes.count else {
            throw fail("header length says \(headerLength) bytes but only \(bytes.count - 8) follow (file truncated?)")
        }
        guard bytes[8] == UInt8(ascii: "{") else {
            throw fail("the header does not start with '{'; not a safetensors file?")
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(Array(bytes[8..<(8 + headerLength)]))
        } catch {
            throw fail("the header is not valid JSON: \(error)")
        }
        guard let members = root.objectMembers else { throw fail("the header is not a JSON object") }
        let dataStart = 8 + headerLength
        let dataSize = bytes.count - dataStart

        var metadata: [(String, String)] = []
        var pending: [(name: String, shape: Shape, begin: Int, end: Int)] = []
        var names = Set<String>()
        for (name, value) in members {
            guard names.insert(name).inserted else { throw fail("the header names '\(name)' twice") }
            if name == "__metadata__" {
                guard let fields = value.objectMembers else { throw fail("__metadata__ is not a JSON object") }
                for (key, field) in fields {
                    guard case .string(let text) = field else {
                        throw fail("__metadata__ '\(key)' is not a string (safetensors metadata values are strings)")
                    }
                    metadata.append((key, text))
                }
                continue
            }
            guard let fields = value.objectMembers else {
                throw fail("tensor '\(name)': its entry is not a JSON object")
            }
            var dtype: String?
            var shapeValues: [JSONValue]?
            var offsetValues: [JSONValue]?
            for (key, field) in fields {
                switch (key, field) {
                case ("dtype", .string(let text)): dtype = text
                case ("shape", .array(let items)): shapeValues = items
                case ("data_offsets", .array(let items)): offsetValues = items
                case ("dtype", _), ("shape", _), ("data_offsets", _):
                    throw fail("tensor '\(name)': '\(key)' has the wrong JSON type")
                default: continue
                }
            }
            guard let dtype else { throw fail("tensor '\(name)' has no dtype") }
            guard dtype == "F32" else { throw fail("tensor '\(name)' has dtype \(dtype); expected F32") }
            guard let shapeValues else { throw fail("tensor '\(name)' has no shape") }
            var dimensions: [Int] = []
            for item in shapeValues {
                guard case .integer(let n) = item, n >= 0, n <= Int(Int32.max) else {
                    throw fail("tensor '\(name)': shape must list non-negative integers")
                }
                dimensions.append(n)
            }
            guard dimensions.count <= Shape.maximumRank else {
                throw fail(
                    "tensor '\(name)' has \(dimensions.count) dimensions; at most \(Shape.maximumRank) are supported")
            }
            guard let offsetValues, offsetValues.count == 2, case .integer(let begin) = offsetValues[0],
                case .integer(let end) = offsetValues[1], begin >= 0, end >= begin
            else {
                throw fail("tensor '\(name)': data_offsets must be [begin, end] with 0 ≤ begin ≤ end")
            }
            guard end <= dataSize else {
                throw fail(
                    "tensor '\(name)': data_offsets end at byte \(end) but the data holds only \(dataSize) bytes (file truncated?)"
                )
            }
            // The element count is checked for overflow, and against the bytes the offsets give
            // it, before anything is sized from it.
            let held = end - begin
            guard let shape = Shape(checking: dimensions, maximumCount: held / 4), shape.count * 4 == held else {
                let listed = "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
                let needs = Shape.checkedCount(dimensions).flatMap { count in
                    let (bytes, overflow) = count.multipliedReportingOverflow(by: 4)
                    return overflow ? nil : "\(bytes) bytes"
                } ?? "more than 2^63 bytes"
                throw fail("tensor '\(name)': data_offsets [\(begin), \(end)] hold \(held) bytes but shape \(listed) of F32 needs \(needs)")
            }
            pending.append((name, shape, begin, end))
        }
        // The tensors must tile the data exactly, as the reference reader requires.
        var position = 0
        for item in pending.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard item.begin == position else {
                throw fail(
                    item.begin < position
                        ? "tensor '\(item.name)' overlaps the tensor before it at byte \(item.begin)"
                        : "the data has a gap of \(item.begin - position) bytes before tensor '\(item.name)'")
            }
            position = item.end
        }
        guard position == dataSize else {
            throw fail("the tensors cover \(position) bytes but the data holds \(dataSize) (trailing bytes?)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(pending.count)
        bytes.withUnsafeBytes { raw in
            for item in pending.sorted(by: { $0.begin < $1.begin }) {
                let base = raw.baseAddress! + dataStart + item.begin
                var elements = [Float](repeating: 0, count: item.shape.count)
                for k in 0..<elements.count {
                    let bits = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self))
                    elements[k] = Float(bitPattern: bits)
                }
                entries.append(Entry(item.name, Tensor(shape: item.shape, elements: elements)))
            }
        }
        self.metadata = metadata
        self.entries = entries
    }
}
