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
    static let likedIDs = ["1580", "2571", "1", "260", "356", "296", "318", "480"]

    /// The mean cosine (`CoWatch.cosine`) of `items` with `liked`.
    static func affinity(_ items: [Int], to liked: Int, in engine: Engine) -> Double {
        let row = engine.coWatch.cosine(liked)
        return items.map { Double(row[$0]) }.reduce(0, +) / Double(max(1, items.count))
    }

    @Test(.enabled(if: EngineFixture.trainedModelPresent,
                   "no trained model at catalogs/movielens/model.safetensors: train one with `curio train`"))
    func likingItemsMovesListsTowardsTheirCoWatchers() throws {
        var engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        engine.coWatchWeight = 0  // the model alone
        var state = DialogueState()
        state.constraints.includeGenres = ["Comedy"]
        let before = try engine.generate(state: state, utterance: "a comedy").list.items
        var sumBefore = 0.0, sumAfter = 0.0
        for id in Self.likedIDs {
            let liked = try #require(engine.catalog.indexByID[id])
            var withLike = state
            withLike.liked = [liked]
            let after = try engine.generate(state: withLike, utterance: "a comedy").list.items
            sumBefore += Self.affinity(before, to: liked, in: engine)
            sumAfter += Self.affinity(after, to: liked, in: engine)
        }
        #expect(sumAfter > sumBefore * 1.05, "mean co-watch affinity before \(sumBefore / 8), after \(sumAfter / 8)")
    }

    /// The co-watch expert (`Engine.coWatchWeight`) moves none of the eight lists away
    /// from what the liked item's watchers also watched and the eight together clearly
    /// towards it, and the lists still satisfy the request.
    @Test(.enabled(if: EngineFixture.trainedModelPresent,
                   "no trained model at catalogs/movielens/model.safetensors: train one with `curio train`"))
    func theCoWatchExpertMovesNoListAwayFromCoWatchersAndTheEightTogetherTowardsThem() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        #expect(engine.coWatchWeight > 0)
        var modelOnly = engine
        modelOnly.coWatchWeight = 0
        var state = DialogueState()
        state.constraints.includeGenres = ["Comedy"]
        var sumWith = 0.0, sumWithout = 0.0
        for id in Self.likedIDs {
            let liked = try #require(engine.catalog.indexByID[id])
            state.liked = [liked]
            let with = try engine.generate(state: state, utterance: "a comedy").list.items
            let without = try modelOnly.generate(state: state, utterance: "a comedy").list.items
            let a = Self.affinity(with, to: liked, in: engine), b = Self.affinity(without, to: liked, in: engine)
            #expect(a >= b, "\(engine.catalog.items[liked].title): affinity \(a) with the expert, \(b) without")
            #expect(with.count == 10 && with.allSatisfy { engine.catalog.items[$0].genres.contains("Comedy") })
            sumWith += a
            sumWithout += b
        }
        #expect(sumWith > sumWithout * 1.1, "mean affinity \(sumWith / 8) with the expert, \(sumWithout / 8) without")
    }

    /// An evaluation's engine counts co-watching over the training interactions only:
    /// a user's held-out item is not counted as watched with their training items (nor
    /// anyone else's).
    @Test(.enabled(if: EngineFixture.trainedModelPresent,
                   "no trained model at catalogs/movielens/model.safetensors: train one with `curio train`"))
    func anEvaluationsCoWatchLeavesTheHeldOutItemsOut() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        let split = LeaveOneOutSplit(catalog: engine.catalog)
        let heldOut = engine.heldOut(split)
        for user in 0..<20 {
            let history = split.trainingSequences[user]
            guard let target = split.testItems[user], let watched = history.last else { continue }
            #expect(heldOut.coWatch.count(watched, target) <= engine.coWatch.count(watched, target) - 1)
            #expect(heldOut.coWatch.userCount(target) < engine.coWatch.userCount(target))
        }
    }
}
