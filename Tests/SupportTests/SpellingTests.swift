import Support
import Testing

@Suite struct SpellingTests {
    @Test func editDistance() {
        #expect(Spelling.distance("kitten", "sitting") == 3)
        #expect(Spelling.distance("", "abc") == 3)
        #expect(Spelling.distance("abc", "") == 3)
        #expect(Spelling.distance("relu", "relu") == 0)
        // A swap of neighbours is two edits, or one when swaps count.
        #expect(Spelling.distance("trian", "train") == 2)
        #expect(Spelling.distance("trian", "train", countingSwaps: true) == 1)
        #expect(Spelling.distance("ca", "abc", countingSwaps: true) == 3)
        #expect(Spelling.distance("kitten", "sitting", countingSwaps: true) == 3)
    }

    @Test func closestGuessesTyposAndPrefixesOnly() {
        let names = ["relu", "sigmoid", "softmax", "sum", "tanh"]
        #expect(Spelling.closest(to: "sigmiod", among: names) == "sigmoid")
        #expect(Spelling.closest(to: "rel", among: names) == "relu")
        #expect(Spelling.closest(to: "tanx", among: names) == "tanh")
        #expect(Spelling.closest(to: "so", among: names) == nil)
        #expect(Spelling.closest(to: "banana", among: names) == nil)
        #expect(Spelling.closest(to: "sam", among: ["sum", "sim"]) == "sim")
        #expect(Spelling.closest(to: String(repeating: "x", count: 65), among: names) == nil)
    }
}
