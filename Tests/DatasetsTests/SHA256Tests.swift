import Testing

@testable import Datasets

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    /// One million 'a': fed in uneven pieces, which also exercises the carry buffer.
    /// Cheap enough in release; in debug only a slice of it is streamed (the full vector runs in release).
    @Test func millionA() {
        var h = SHA256()
        #if DEBUG
        let total = 64 * 1024
        #else
        let total = 1_000_000
        #endif
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var fed = 0
        while fed < total {
            let n = min(piece.count, total - fed)
            h.update(Array(piece[0..<n]))
            fed += n
        }
        let digest = SHA256.hexString(h.finalize())
        #if DEBUG
        #expect(digest == SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: total)))
        #else
        #expect(digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #endif
    }

    /// Streaming in any split gives the one-shot digest (around block and padding boundaries).
    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 200])
    func splitsAgree(length: Int) {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let oneShot = SHA256.hash(data)
        for cut in [0, 1, length / 2, max(0, length - 1), length] where cut <= length {
            var h = SHA256()
            h.update(Array(data[0..<cut]))
            h.update(Array(data[cut...]))
            #expect(h.finalize() == oneShot, "cut at \(cut) of \(length)")
        }
        #expect(oneShot.count == 32)
    }
}
