import CurioCatalog
import CurioDialogue
import CurioEvaluation
import Foundation
import Testing
@testable import CurioEngine

/// The engine recommending with a non-autoregressive generator (`EngineGenerator.scorer`):
/// the same masks, relaxation, chat turns, "why" and serve protocol as the language model.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct ScorerGeneratorTests {
    let engine: Engine
    let scorer: ItemKNN
    init() throws {
        engine = try #require(ScorerEngineFixture.engine)
        scorer = try #require(ScorerEngineFixture.scorer)
    }

    /// 200 random states (genres, bounds, strict facets, liked/disliked/seen items, items
    /// shown before): never an item outside the catalog, a repeat, an excluded item or a
    /// constraint violation, and the list is as long as the mask allows.
    @Test func randomStatesNeverGetAViolatingList() throws {
        let catalog = engine.catalog
        let genres = Set(catalog.items.flatMap(\.genres)).sorted()
        let mpaa = Set(catalog.items.compactMap(\.mpaa)).sorted()
        var g = SeededRandom(seed: 2026)
        var audit = ListAudit()
        for _ in 0..<200 {
            let state = randomState(catalog, genres: genres, mpaa: mpaa, using: &g)
            try audit.audit(engine, state: state, shownBefore: randomShownBefore(catalog, using: &g))
        }
        #expect(audit.faults.isEmpty, "\(audit.faults)")
        #expect(audit.lists > 150)  // the states are satisfiable often enough for this to mean something
    }

    /// A list is the scorer's masked top-k for the liked items: liking Toy Story turns the
    /// list into item-kNN's neighbours of Toy Story, best first.
    @Test func likingAnItemChangesTheListTheWayTheScorerSays() throws {
        var conversation = Conversation()
        let before = try #require(try engine.respond(to: "a comedy", in: &conversation).items).map(\.item)
        let reply = try engine.respond(to: "I loved Toy Story", in: &conversation)
        let toyStory = try #require(engine.catalog.indexByID["1"])
        #expect(conversation.state.liked == [toyStory])
        let after = try #require(reply.items).map(\.item)
        let mask = ConstraintMask(catalog: engine.catalog, state: conversation.state, genres: engine.genreIndex)
        #expect(after == ScorerEngineFixture.maskedTopK(scorer, liked: [toyStory], allowed: mask.allowed, count: 10))
        #expect(after != before)
        #expect(after.allSatisfy { engine.catalog.items[$0].genres.contains("Comedy") })
    }

    /// "more" gives the next ten of the same ranking, none shown before.
    @Test func moreContinuesTheScorersRanking() throws {
        var conversation = Conversation()
        let first = try #require(try engine.respond(to: "a comedy, I loved Toy Story", in: &conversation).items).map(\.item)
        let second = try #require(try engine.respond(to: "more", in: &conversation).items).map(\.item)
        let mask = ConstraintMask(catalog: engine.catalog, state: conversation.state, genres: engine.genreIndex)
        let ranking = ScorerEngineFixture.maskedTopK(scorer, liked: conversation.state.liked, allowed: mask.allowed, count: 20)
        #expect(first == Array(ranking.prefix(10)))
        #expect(second == Array(ranking.dropFirst(10)))
    }

    /// A state's distribution is the log-softmax of the scorer's scores for its liked
    /// items; the batch gives every state its own row.
    @Test func itemLogProbabilitiesAreTheScorersSoftmax() throws {
        var a = DialogueState(), b = DialogueState()
        a.liked = [0, 5]
        b.liked = [2]
        b.constraints.includeGenres = ["Drama"]  // a scorer reads only liked items
        let rows = try engine.itemLogProbabilities(states: [a, b, DialogueState()])
        #expect(rows.count == 3 && rows.allSatisfy { $0.count == engine.catalog.items.count })
        for (row, liked) in zip(rows, [[0, 5], [2], []]) {
            var scores = [Float](repeating: 0, count: engine.catalog.items.count)
            scorer.score(history: liked, into: &scores)
            let expected = MaskedSoftmax.logProbabilities(scores)
            #expect(zip(row, expected).map { abs($0 - $1) }.max()! < 1e-5)
            let total = row.reduce(0.0) { $0 + exp(Double($1)) }
            #expect(abs(total - 1) < 1e-3)
        }
        var c = b
        c.constraints.includeGenres = []
        #expect(try engine.itemLogProbabilities(states: [c])[0] == rows[1])
    }

    /// "why #1" after two likes: the causes that carry weight are the liked items.
    @Test func whyNamesTheLikedItems() throws {
        var conversation = Conversation()
        _ = try engine.respond(to: "I loved Toy Story and Heat", in: &conversation)
        #expect(conversation.state.liked.count == 2)
        let reply = try engine.respond(to: "why #1", in: &conversation)
        let explanation = try #require(reply.explanation)
        let liked = explanation.causes.filter { $0.label.hasPrefix("you liked") }
        #expect(liked.count == 2)
        #expect(liked.contains { $0.weight > 0 })
        #expect(explanation.causes.filter { !$0.label.hasPrefix("you liked") }.allSatisfy { $0.weight == 0 })
    }

    /// With nothing said that helps, "why" must not claim the generator read the request:
    /// a scorer never does, so the reply names it and what it does rank by.
    @Test func aFlatWhyNamesTheGeneratorNotTheRequest() throws {
        var conversation = Conversation()
        _ = try engine.respond(to: "a comedy", in: &conversation)
        let item = try #require(conversation.state.lastShown.first)
        let reply = try engine.why(item: item, in: Conversation())
        #expect(reply.text.contains(engine.generator.displayName), "\(reply.text)")
        #expect(!reply.text.contains("for the request as a whole"), "\(reply.text)")
    }

    /// `recommend` of the serve protocol ranks with the scorer too, never a history item.
    @Test func rankNextIsTheScorersRanking() throws {
        let history = [0, 1]
        let ranked = try engine.rankNext(history: history, k: 5)
        let all = [Bool](repeating: true, count: engine.catalog.items.count).enumerated().map { !history.contains($0.offset) }
        #expect(ranked == ScorerEngineFixture.maskedTopK(scorer, liked: history, allowed: all, count: 5))
    }

    /// The serve protocol's `info` names the generator.
    @Test func serveInfoNamesTheGenerator() throws {
        var sessions = ServeSessions(engine: engine)
        let line = sessions.answer(.line(Array(#"{"session": "i", "op": "info"}"#.utf8)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let info = try #require(object["info"] as? [String: Any])
        #expect(info["generator"] as? String == "vae")
        #expect(info["generator_name"] as? String == "Mult-VAE")
        #expect(info["items"] as? Int == ScorerEngineFixture.itemCount)
        #expect(engine.generator.displayName == "Mult-VAE")
        #expect(engine.languageModel == nil)
    }
}
