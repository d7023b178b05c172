import Engine
import Foundation
import Testing

@testable import Training

@Suite struct SafeTensorsTests {
    let sample = SafeTensors(
        metadata: [("model", "tiny"), ("note", "ünïcode \"quoted\"")],
        entries: [
            .init("W", Tensor(shape: Shape(2, 3), elements: [1, -2, 0.5, .leastNonzeroMagnitude, -0.0, 3e38])),
            .init("b", Tensor(shape: Shape(3), elements: [0.25, 0, -1])),
            .init("s", Tensor(shape: .scalar, elements: [7])),
        ])

    /// The header's JSON text, without the length and padding.
    func header(_ bytes: [UInt8]) -> String {
        let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        return String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
    }

    @Test func theLayoutIsTheDocumentedOne() {
        let bytes = sample.encoded()
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(length % 8 == 0)
        #expect(bytes.count == 8 + length + 4 * (6 + 3 + 1))
        let text = header(bytes)
        #expect(
            text.trimmingCharacters(in: .whitespaces)
                == #"{"__metadata__":{"model":"tiny","note":"ünïcode \"quoted\""},"#
                + #""W":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"#
                + #""b":{"dtype":"F32","shape":[3],"data_offsets":[24,36]},"#
                + #""s":{"dtype":"F32","shape":[],"data_offsets":[36,40]}}"#)
        // Little-endian IEEE floats: 1.0 is 00 00 80 3F.
        #expect(Array(bytes[(8 + length)..<(12 + length)]) == [0x00, 0x00, 0x80, 0x3F])
    }

    @Test func aRoundTripIsByteForByte() throws {
        let bytes = sample.encoded()
        let decoded = try SafeTensors(decoding: bytes, source: "x.safetensors")
        #expect(decoded == sample)
        #expect(decoded.encoded() == bytes)
        #expect(decoded.tensor(named: "W")?.elements[4].sign == .minus)
        #expect(decoded.metadata("note") == "ünïcode \"quoted\"")
    }

    /// Replaces the header with `json` (re-padded) and keeps the data.
    func withHeader(_ json: String, data: [UInt8]? = nil) -> [UInt8] {
        let original = sample.encoded()
        let length = original[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var headerBytes = Array(json.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var out: [UInt8] = (0..<8).map { UInt8((headerBytes.count >> (8 * $0)) & 0xFF) }
        out += headerBytes
        out += data ?? Array(original[(8 + length)...])
        return out
    }

    func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try SafeTensors(decoding: bytes, source: "ck.safetensors")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func damageIsReportedInOneLineNamingTheFile() {
        let good = sample.encoded()
        let cases: [([UInt8], String)] = [
            ([1, 2, 3], "ck.safetensors: 3 bytes is too short for a safetensors file"),
            (Array(good.prefix(60)), "ck.safetensors: header length says"),
            (
                Array(good.dropLast(4)),
                "ck.safetensors: tensor 's': data_offsets end at byte 40 but the data holds only 36 bytes"
            ),
            (good + [0, 0, 0, 0], "ck.safetensors: the tensors cover 40 bytes but the data holds 44"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] + good.dropFirst(8), "beyond the format's limit"),
            (withHeader("[1, 2]"), "the header does not start with '{'"),
            (withHeader("{\"W\": {"), "the header is not valid JSON"),
            (withHeader(#"{"__metadata__":{"a":1}}"#, data: []), "__metadata__ 'a' is not a string"),
            (
                withHeader(#"{"W":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
                "tensor 'W' has dtype F16; expected F32"
            ),
            (
                withHeader(#"{"W":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
                "hold 4 bytes but shape [2] of F32 needs 8 bytes"
            ),
            (
                withHeader(#"{"W":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
                "shape must list non-negative integers"
            ),
            (
                withHeader(#"{"W":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]),
                "data_offsets must be [begin, end]"
            ),
            (
                withHeader(
                    #"{"W":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: Array(repeating: 0, count: 8)),
                "a gap of 4 bytes before tensor 'W'"
            ),
            (
                withHeader(
                    #"{"W":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                    data: Array(repeating: 0, count: 8)), "tensor 'b' overlaps"
            ),
            (
                withHeader(
                    #"{"W":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"W":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                    data: [0, 0, 0, 0]), "names 'W' twice"
            ),
            (withHeader(#"{"W":{"shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "tensor 'W' has no dtype"),
        ]
        for (bytes, expected) in cases {
            let text = message(bytes)
            #expect(text.contains(expected), "\(text)")
            #expect(text.hasPrefix("ck.safetensors: "))
            #expect(!text.contains("\n"))
        }
    }
}
