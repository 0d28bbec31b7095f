import CurioDialogue
import CurioModel
import Testing
@testable import CurioEngine

/// An ensemble's logits are its members' mean on every path the engine reads them
/// through (batched scoring, the KV-cached list search), and an ensemble of copies of
/// one model recommends exactly what that model does.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct EnsembleLanguageModelTests {
    func members() throws -> (LanguageModel, TransformerModel, TransformerModel) {
        let single = try #require(EngineFixture.engine?.languageModel)
        let a = single.members[0]
        let b = try TransformerModel(config: a.config, seed: 8, threads: 1)
        return (single, a, b)
    }

    @Test func scoringAndTheListSearchReadTheMembersMean() throws {
        let (single, a, b) = try members()
        let ensemble = try LanguageModel(members: [a, b], tokenizer: single.tokenizer)
        let prompt = single.historyPrompt([3, 1, 4, 1, 5])
        let rowA = try a.scoreBatch(contexts: [prompt], selection: single.itemMask)[0]
        let rowB = try b.scoreBatch(contexts: [prompt], selection: single.itemMask)[0]
        let mean = zip(rowA, rowB).map { ($0 + $1) * 0.5 }
        #expect(try ensemble.itemLogits(contexts: [prompt])[0] == mean)
        #expect(rowA != rowB)

        // The list search's cached decoding: the same mean after the prompt and after an item.
        let generator = try ModelListGenerator(languageModel: ensemble, prompt: prompt, room: 3)
        let alone = try [a, b].map { try ModelListGenerator(languageModel: LanguageModel(model: $0, tokenizer: single.tokenizer),
                                                            prompt: prompt, room: 3) }
        let next = generator.extend(generator.start(), with: 9)
        let nextAlone = alone.map { $0.extend($0.start(), with: 9) }
        let expected = zip(alone[0].itemLogits(nextAlone[0]), alone[1].itemLogits(nextAlone[1])).map { ($0 + $1) * 0.5 }
        #expect(generator.itemLogits(next) == expected)
        let afterPrompt = zip(alone[0].itemLogits(alone[0].start()), alone[1].itemLogits(alone[1].start())).map { ($0 + $1) * 0.5 }
        let worst = zip(afterPrompt, generator.itemLogits(generator.start())).map { abs($0 - $1) }.max() ?? 1
        #expect(worst == 0)
    }

    @Test func anEnsembleOfCopiesRecommendsWhatTheModelDoes() throws {
        let (single, a, _) = try members()
        let engine = try #require(EngineFixture.engine)
        let copies = try Engine(catalog: engine.catalog, languageModel: LanguageModel(members: [a, a], tokenizer: single.tokenizer),
                                understanding: engine.understanding, prompts: EngineFixture.prompts)
        var state = DialogueState()
        state.liked = [10, 20]
        state.constraints.includeGenres = ["Comedy"]
        #expect(try copies.generate(state: state, utterance: "").list == engine.generate(state: state, utterance: "").list)
        #expect(try copies.itemLogProbabilities(states: [state]) == engine.itemLogProbabilities(states: [state]))
    }

    @Test func membersOfDifferentShapesAreRefused() throws {
        let (single, a, _) = try members()
        var config = a.config
        config.ffnHidden = 32
        let other = try TransformerModel(config: config, seed: 9, threads: 1)
        #expect(throws: EngineError.self) { _ = try LanguageModel(members: [a, other], tokenizer: single.tokenizer) }
        #expect(throws: EngineError.self) { _ = try LanguageModel(members: [], tokenizer: single.tokenizer) }
    }
}
