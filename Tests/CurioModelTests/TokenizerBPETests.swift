import Testing
@testable import CurioModel
import CurioRandom

@Suite struct TokenizerBPETests {
    @Test func wordsFollowGPT2Boundaries() {
        func words(_ s: String) -> [String] {
            PreTokenizer.words(in: s).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(words("I loved The Matrix, don't you?") ==
                ["I", " loved", " The", " Matrix", ",", " don", "'t", " you", "?"])
        #expect(words("Toy Story 2  (1999)\n") == ["Toy", " Story", " 2", " ", " (", "1999", ")", "\n"])
        #expect(words("千と千尋 film") == ["千", "と", "千", "尋", " film"])
        #expect(words("Ame\u{301}lie ❤️!") == ["Ame\u{301}lie", " ❤️!"])
        #expect(words("").isEmpty)
    }

    @Test func longWordsAreCutAtCharacterBoundaries() {
        let text = String(repeating: "a", count: 100) + " " + String(repeating: "é", count: 40)
        let words = PreTokenizer.words(in: text)
        #expect(words.map(\.count) == [64, 36, 63, 18])
        #expect(words.allSatisfy { String(validating: $0, as: UTF8.self) != nil })
    }

    @Test func aHugeWordEncodesQuickly() {
        let bpe = BPETrainer(mergeCount: 300).train(on: tokenizerSampleCorpus + ["aaaa aaaa aaaa"])
        // Random letters, so the word cache cannot help: each piece is merged afresh.
        var rng = SeededGenerator(seed: 5)
        let huge = String((0..<200_000).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! })
        let clock = ContinuousClock()
        var tokens: [Int] = []
        let elapsed = clock.measure { tokens = bpe.encode(huge) }
        #expect(bpe.decode(tokens) == huge)
        #expect(elapsed < .seconds(1), "200 kB without a space took \(elapsed)")
    }

    @Test func everyStringRoundTrips() {
        var rng = SeededGenerator(seed: 42)
        let training = (0..<300).map { _ in randomTokenizerText(&rng) } + tokenizerSampleCorpus
        let bpe = BPETrainer(mergeCount: 500).train(on: training)
        #expect(bpe.merges.count > 100)
        for _ in 0..<1_000 {
            let text = randomTokenizerText(&rng, maxPieces: 20)
            let tokens = bpe.encode(text)
            #expect(bpe.decode(tokens) == text, "round trip failed for \(text.unicodeScalars.map(\.value))")
            #expect(tokens.allSatisfy { (0..<bpe.count).contains($0) })
        }
        #expect(bpe.encode("").isEmpty)
    }

    @Test func mergesShortenFrequentWords() {
        let bpe = BPETrainer(mergeCount: 300).train(on: tokenizerSampleCorpus)
        // " Matrix" appears four times in the corpus: one token, not seven bytes.
        #expect(bpe.encode(" Matrix").count == 1)
        #expect(bpe.encode("The Matrix").count < "The Matrix".utf8.count / 2)
        // Unseen text still encodes, byte by byte at worst.
        #expect(bpe.decode(bpe.encode("Zyzzyva 🦖")) == "Zyzzyva 🦖")
    }

    @Test func trainingIsDeterministic() {
        var rng = SeededGenerator(seed: 7)
        let corpus = (0..<200).map { _ in randomTokenizerText(&rng) } + tokenizerSampleCorpus
        let first = BPETrainer(mergeCount: 400).train(on: corpus)
        let second = BPETrainer(mergeCount: 400).train(on: corpus.reversed())
        #expect(first.merges == second.merges)
        #expect(!first.merges.isEmpty)
    }

    @Test func trainingStopsAtTheMinimumFrequency() {
        let bpe = BPETrainer(mergeCount: 10_000, minimumFrequency: 2).train(on: ["abc abd"])
        // Only "ab" occurs twice; nothing else is worth merging.
        #expect(bpe.merges == [BPE.Merge(left: 97, right: 98)])
        let capped = BPETrainer(mergeCount: 3, minimumFrequency: 1).train(on: tokenizerSampleCorpus)
        #expect(capped.merges.count == 3)
    }

    @Test func mergesMustBuildOnEarlierTokens() {
        #expect(throws: TokenizerError.invalidMerge(index: 0, reason: "(256, 97) uses a token not defined before it")) {
            try BPE(merges: [BPE.Merge(left: 256, right: 97)])
        }
        #expect(throws: TokenizerError.self) {
            try BPE(merges: [BPE.Merge(left: 97, right: 98), BPE.Merge(left: 97, right: 98)])
        }
    }

    @Test func encodingAHundredTokenPromptTakesWellUnderAMillisecond() throws {
        var rng = SeededGenerator(seed: 3)
        let bpe = BPETrainer(mergeCount: 2_000).train(
            on: (0..<2_000).map { _ in randomTokenizerText(&rng) } + tokenizerSampleCorpus)
        let prompt = """
            I loved The Matrix and Amélie, hated Titanic; show me a 1990s comedy under two hours, \
            something like Groundhog Day or Toy Story 2 but not animated, maybe with Bill Murray? \
            My partner prefers thrillers (no horror, please) and we've seen Se7en, Heat, Fargo. 電影!
            """
        let clock = ContinuousClock()
        // Best of several trials: the machine is shared, and a trial can lose its core.
        func best(_ trials: Int, _ body: () throws -> Duration) rethrows -> Duration {
            try (0..<trials).map { _ in try body() }.min()!
        }
        let cold = try best(7) {
            let fresh = try BPE(merges: bpe.merges)  // a new BPE starts with an empty word cache
            return clock.measure { _ = fresh.encode(prompt) }
        }
        let count = bpe.encode(prompt).count  // warms the word cache, as a chat does
        #expect(count >= 100)
        let warm = best(7) { clock.measure { for _ in 0..<50 { _ = bpe.encode(prompt) } } / 50 }
        #expect(cold < .microseconds(500), "cold encoding of \(count) tokens took \(cold)")
        #expect(warm < .microseconds(100), "warm encoding of \(count) tokens took \(warm)")
    }
}
