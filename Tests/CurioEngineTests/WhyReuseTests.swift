import CurioCatalog
import CurioDialogue
import Testing
@testable import CurioEngine

/// What makes "why" fast computes what it did before: the ablated states scored past the
/// full state's prompts equal each state scored on its own, the citation's forward reuses
/// the first forward's rows unchanged, and a list check stopped early answers as the
/// whole list does.
@Suite(.enabled(if: EngineFixture.catalogPresent && EngineFixture.trainedModelPresent, "no trained model"))
struct WhyReuseTests {
    /// A long liked history (older items than the conversation prompt shows) and a genre.
    func state(_ engine: Engine) -> DialogueState {
        var state = DialogueState()
        state.liked = ["1", "6", "32", "47", "50", "110", "150", "260", "296", "318", "356", "457", "480", "527",
                       "589", "593", "1196", "1198", "1210", "2571", "2858", "2959", "4993", "5952", "7153"]
            .map { engine.catalog.indexByID[$0]! }
        state.constraints.includeGenres = ["Action"]
        return state
    }

    /// The item explained: not one of the liked items.
    func jumanji(_ engine: Engine) -> Int { engine.catalog.indexByID["2"]! }

    @Test func ablationsScoredPastTheSharedPrefixEqualEachStateAlone() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        let full = state(engine)
        let parts = full.removableParts(explaining: jumanji(engine))
        let states = [full] + parts.map { full.removing([$0]) }
        let together = try engine.itemLogProbabilities(states: states)
        // Alone, a state is its own prefix: every prompt runs whole. The oldest, middle and
        // newest liked items and the genre cover a change at every depth of the prompts.
        for k in [0, 1, 12, parts.count - 1, parts.count] {
            let alone = try engine.itemLogProbabilities(states: [states[k]])[0]
            let worst = zip(together[k], alone).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-4, "state \(k): worst difference \(worst)")
        }
    }

    @Test func theCitationsForwardReusesTheFirstForwardsRows() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        let full = state(engine)
        let parts = full.removableParts(explaining: jumanji(engine))
        var scores = ContextScores()
        let first = try engine.itemLogProbabilities(states: [full] + parts.map { full.removing([$0]) }, reusing: &scores)
        let scored = scores.rows.count
        let again = try engine.itemLogProbabilities(states: [full.removing([parts[3]]), full], reusing: &scores)
        #expect(scores.rows.count == scored, "nothing new was scored")
        #expect(again[0] == first[4] && again[1] == first[0])
        // A new state adds its prompts, and scores as it does alone.
        let kept = full.keepingOnly([parts[0]], explaining: jumanji(engine))
        let added = try engine.itemLogProbabilities(states: [kept], reusing: &scores)[0]
        #expect(scores.rows.count > scored)
        let alone = try engine.itemLogProbabilities(states: [kept])[0]
        #expect((zip(added, alone).map { abs($0 - $1) }.max() ?? 0) < 1e-4)
    }

    @Test func aListCheckStoppedEarlyAnswersAsTheWholeList() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        let full = state(engine)
        var plain = DialogueState()
        plain.liked = [full.liked[3]]
        var checked = (held: 0, notHeld: 0)
        for state in [full, full.removing([.liked(full.liked.last!)]), plain] {
            let list = try engine.generate(state: state, utterance: "").list.items
            let others = try engine.generate(state: state, utterance: "", alsoExcluded: Set(list)).list.items
            for item in list.prefix(3) + list.suffix(2) + others.prefix(3) {
                let holds = try engine.listHolds(item, state: state)
                #expect(holds == list.contains(item), "item \(item)")
                if holds { checked.held += 1 } else { checked.notHeld += 1 }
            }
        }
        #expect(checked.held > 0 && checked.notHeld > 0)
    }
}
