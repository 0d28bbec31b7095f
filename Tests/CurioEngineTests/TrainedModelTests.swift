import CurioCatalog
import CurioDialogue
import Testing
@testable import CurioEngine

/// Behaviour only a trained model shows; skipped (with the reason) without one.
@Suite struct TrainedModelTests {
    /// Liking an item moves the list towards items co-watched with it: the new list's
    /// mean co-watch count with the liked item is higher than the list's before.
    @Test(.enabled(if: EngineFixture.trainedModelPresent,
                   "no trained model at catalogs/movielens/model.safetensors: train one with `curio train`"),
          arguments: ["1580", "2571", "1"])
    func likingAnItemMovesTheListTowardsItsCoWatchers(id: String) throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        let liked = try #require(engine.catalog.indexByID[id])
        var state = DialogueState()
        state.constraints.includeGenres = ["Comedy"]
        let before = try engine.generate(state: state, utterance: "a comedy").list.items
        state.liked = [liked]
        let after = try engine.generate(state: state, utterance: "a comedy").list.items
        func mean(_ items: [Int]) -> Double {
            Double(items.map { engine.coWatch.count(liked, $0) }.reduce(0, +)) / Double(max(1, items.count))
        }
        #expect(mean(after) > mean(before), "before \(mean(before)), after \(mean(after))")
    }
}
