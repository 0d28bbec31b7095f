import Testing
@testable import CurioCatalog
import CurioRandom

@Suite struct EditDistanceTests {
    func distance(_ a: String, _ b: String) -> Int {
        var rows: [Int32] = []
        return optimalStringAlignmentDistance(Array(a.utf8)[...], Array(b.utf8)[...], rows: &rows)
    }

    @Test func handComputedDistances() {
        #expect(distance("matirx", "matrix") == 1) // one swap
        #expect(distance("matrix", "matrix") == 0)
        #expect(distance("", "heat") == 4)
        #expect(distance("heat", "") == 4)
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("ca", "abc") == 3) // OSA, unlike true Damerau (2), edits no substring twice
        #expect(distance("termnator", "terminator") == 1)
    }

    /// The bit-parallel algorithm agrees with the dynamic programme on random strings
    /// over a small alphabet (many repeats and swaps), lengths 0...64 and beyond.
    @Test func bitParallelAgreesWithDynamicProgramme() {
        var rng = SeededGenerator(seed: 20_240_601)
        var rows: [Int32] = []
        var mismatches: [String] = []
        for trial in 0..<3_000 {
            let n = Int(rng.next() % (trial < 2_900 ? 65 : 90)), m = Int(rng.next() % 70)
            let a = (0..<n).map { _ in UInt8(0x61 + rng.next() % 4) }[...]
            let b = (0..<m).map { _ in UInt8(0x61 + rng.next() % 4) }[...]
            let expected = optimalStringAlignmentDistance(a, b, rows: &rows)
            let fast = PreparedPattern(a).distance(to: b, rows: &rows)
            if fast != expected, mismatches.count < 5 {
                mismatches.append("\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self)): \(fast) vs \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches)")
    }

    @Test func wordTypoRules() {
        var rows: [Int32] = []
        func similar(_ a: String, _ b: String) -> Bool { wordsMatch(Array(a.utf8)[...], Array(b.utf8)[...], rows: &rows) }
        #expect(similar("matirx", "matrix"))
        #expect(similar("heat", "heat"))
        #expect(!similar("heat", "beat")) // short words must be exact
        #expect(!similar("2", "3"))
        #expect(!similar("2001", "2002")) // numbers are never typos of each other
        #expect(similar("terminaotr", "terminator") && similar("termnator", "terminator"))
        #expect(!similar("matrix", "matilda"))
    }
}

