import CurioModel
import Testing
@testable import CurioEngine

/// Beams share a prefilled prompt: a copied cache must continue exactly like the
/// original, and extending the copy must leave the original as it was.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct ModelListGeneratorTests {
    @Test func aCopiedCacheContinuesLikeTheOriginalAndLeavesItAlone() throws {
        let engine = try #require(EngineFixture.engine)
        let lm = try #require(engine.languageModel)
        let prompt = lm.historyPrompt([0, 1, 2])
        let generator = try ModelListGenerator(languageModel: lm, prompt: prompt, room: 4)
        let start = generator.start()
        let before = generator.itemLogits(start)
        let a = generator.extend(start, with: 5)
        let b = generator.extend(start, with: 5)
        #expect(generator.itemLogits(start) == before)       // the prefix is untouched
        #expect(generator.itemLogits(a) == generator.itemLogits(b))
        #expect(generator.itemLogits(a) != before)
        // The same as scoring the whole sequence at once (up to summation order).
        let whole = try lm.itemLogits(contexts: [prompt + [Int32(lm.tokenizer.token(forItemIndex: 5))]])[0]
        let worst = zip(whole, generator.itemLogits(a)).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-3)
    }
}
