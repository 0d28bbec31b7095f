import CurioCatalog
import CurioDialogue
import Testing
@testable import CurioEngine

/// A refined request shows new items instead of the list the user just passed over,
/// without ever hiding an item that is still the only fit.
@Suite(.enabled(if: EngineFixture.trainedModelPresent, "no trained model next to the catalog"))
struct PassedOverTests {
    func items(_ reply: EngineReply) -> [Int] { (reply.items ?? []).map(\.item) }

    /// The list after "a funny 90s movie" then "under 2 hours", and the first list.
    func refine(with engine: Engine) throws -> (first: [Int], second: [Int]) {
        var c = Conversation()
        let first = items(try engine.respond(to: "a funny 90s movie", in: &c))
        let second = items(try engine.respond(to: "under 2 hours", in: &c))
        return (first, second)
    }

    @Test func aRefinedRequestShowsMoreNewItemsThanWithoutThePenalty() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var unpenalised = engine
        unpenalised.passedOverPenalty = 0
        let with = try refine(with: engine)
        let without = try refine(with: unpenalised)
        #expect(with.first == without.first)  // nothing was passed over yet
        let repeatsWith = Set(with.second).intersection(with.first).count
        let repeatsWithout = Set(without.second).intersection(without.first).count
        #expect(repeatsWith < repeatsWithout, "repeats \(repeatsWith) with the penalty, \(repeatsWithout) without")
        // Still the refined request: 10 comedies of the 1990s under two hours.
        let catalog = engine.catalog
        #expect(with.second.count == 10)
        #expect(with.second.allSatisfy { item in
            let it = catalog.items[item]
            return it.genres.contains("Comedy") && (1990...1999).contains(it.year ?? 0) && (it.runtime ?? 0) <= 120
        })
    }

    @Test func passedOverItemsComeBackWhenNothingElseFits() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var c = Conversation()
        let first = items(try engine.respond(to: "animated films from the 1950s", in: &c))
        let fitting = engine.catalog.items.filter { $0.genres.contains("Animation") && (1950...1959).contains($0.year ?? 0) }
        #expect(Set(first) == Set(fitting.map(\.index)), "the catalog has \(fitting.count) such films")
        let second = items(try engine.respond(to: "something darker", in: &c))
        #expect(Set(second) == Set(first))
    }
}
