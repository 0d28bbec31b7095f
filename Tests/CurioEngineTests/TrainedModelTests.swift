import CurioCatalog
import CurioDialogue
import Foundation
import Testing
@testable import CurioEngine

/// Behaviour only a trained model shows; skipped (with the reason) without one.
@Suite struct TrainedModelTests {
    /// Liking an item moves the list towards items co-watched with it.
    ///
    /// "Co-watched" is measured with the popularity-normalised count (cosine: users of
    /// both / √(users of each)), because raw counts reward blockbusters whatever the user
    /// liked. Averaged over eight well-known liked items across genres, for one request.
    /// Single items can go the other way (Toy Story: in MovieLens, bulk ratings ordered by
    /// movie id make "the next id" its strongest next-item association) — see
    /// docs/engine.md.
    @Test(.enabled(if: EngineFixture.trainedModelPresent,
                   "no trained model at catalogs/movielens/model.safetensors: train one with `curio train`"))
    func likingItemsMovesListsTowardsTheirCoWatchers() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var state = DialogueState()
        state.constraints.includeGenres = ["Comedy"]
        let before = try engine.generate(state: state, utterance: "a comedy").list.items
        var sumBefore = 0.0, sumAfter = 0.0
        for id in ["1580", "2571", "1", "260", "356", "296", "318", "480"] {
            let liked = try #require(engine.catalog.indexByID[id])
            var withLike = state
            withLike.liked = [liked]
            let after = try engine.generate(state: withLike, utterance: "a comedy").list.items
            func affinity(_ items: [Int]) -> Double {
                items.map { item -> Double in
                    let both = Double(engine.coWatch.count(liked, item))
                    return both / (Double(engine.coWatch.userCount(liked)) * Double(engine.coWatch.userCount(item))).squareRoot()
                }.reduce(0, +) / Double(max(1, items.count))
            }
            sumBefore += affinity(before)
            sumAfter += affinity(after)
        }
        #expect(sumAfter > sumBefore * 1.05, "mean co-watch affinity before \(sumBefore / 8), after \(sumAfter / 8)")
    }
}
