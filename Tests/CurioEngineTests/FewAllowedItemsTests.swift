import CurioDialogue
import Testing
@testable import CurioEngine

/// When a request allows few items, the list search scores only their rows of the output
/// layer: the lists must be the ones scoring every item gives.
@Suite(.enabled(if: EngineFixture.trainedModelPresent, "no trained model next to the catalog"))
struct FewAllowedItemsTests {
    /// The same generator, seen only through the one-beam calls: every item scored.
    struct EveryRow<Base: ListGenerator>: ListGenerator {
        let base: Base
        func start() -> Base.Context { base.start() }
        func itemLogits(_ context: Base.Context) -> [Float] { base.itemLogits(context) }
        func extend(_ context: Base.Context, with item: Int) -> Base.Context { base.extend(context, with: item) }
    }

    @Test func listsOverFewAllowedItemsEqualListsThatScoreEveryItem() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        let lm = try #require(engine.languageModel)
        let catalog = engine.catalog
        for (genre, decade, liked) in [("Comedy", 1990, [Int]()), ("Horror", 1980, [0]), ("Documentary", 2000, [10, 20])] {
            var state = DialogueState()
            state.constraints.includeGenres = [genre]
            state.constraints.year.min = decade
            state.constraints.year.max = decade + 9
            state.liked = liked
            let mask = ConstraintMask.relaxed(catalog: catalog, state: state, minimum: 1, genres: engine.genreIndex).mask
            #expect(mask.allowedCount * 3 < catalog.items.count, "\(genre) \(decade) allows too many items to test the short path")
            let prompt = try engine.prompt.tokens(state: state, utterance: "", catalog: catalog, tokenizer: lm.tokenizer,
                                                  budget: lm.config.contextLength - 10)
            let conversation = try ModelListGenerator(languageModel: lm, prompt: prompt, room: 10)
            let search = ListBeamSearch(width: 3, length: min(10, mask.allowedCount))
            let pairs: [([ScoredList], [ScoredList])]
            if liked.isEmpty {
                pairs = [(search.run(conversation, allowed: mask.allowed), search.run(EveryRow(base: conversation), allowed: mask.allowed))]
            } else {
                let history = try ModelListGenerator(languageModel: lm, prompt: lm.historyPrompt(liked, reserve: 10), room: 10)
                let combined = CombinedListGenerator(conversation: conversation, history: history)
                pairs = [(search.run(combined, allowed: mask.allowed), search.run(EveryRow(base: combined), allowed: mask.allowed))]
            }
            for (short, every) in pairs {
                #expect(short.map(\.items) == every.map(\.items), "\(genre) \(decade)")
                for (a, b) in zip(short, every) {
                    let worst = zip(a.stepLogProbabilities, b.stepLogProbabilities).map { abs($0 - $1) }.max() ?? 0
                    #expect(worst < 1e-4, "\(genre) \(decade): step log-probabilities differ by \(worst)")
                }
            }
        }
    }
}
