import Testing
@testable import CurioSimulation

/// curio itself under the simulator: deterministic, and every list it shows is valid.
@Suite(.enabled(if: SimulationFixture.modelPresent && SimulationFixture.catalogPresent,
                "no catalog or trained model at catalogs/movielens"))
struct EngineConversationTests {
    @Test func aSeededRunIsTheSameTwiceAndShowsOnlyValidItems() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let engine = try #require(SimulationFixture.engine, "the shipped model does not load")
        let evaluation = ConversationEvaluation(simulator: simulator)
        let users = try simulator.users(count: 4, seed: 11)
        var firstTranscript: [ConversationRecord] = []
        let first = try evaluation.run(users: users, systems: [(EngineCounterpart(engine: engine), .system)], seed: 11, resamples: 100,
                                       records: { _, records in firstTranscript = records })
        var transcript: [ConversationRecord] = []
        let second = try evaluation.run(users: users, systems: [(EngineCounterpart(engine: engine), .system)], seed: 11, resamples: 100,
                                        records: { _, records in transcript = records })
        var again = first
        again.systems[0].seconds = second.systems[0].seconds
        #expect(again == second, "same seed, same numbers")
        #expect(firstTranscript == transcript, "same seed, same conversation word for word")
        #expect(transcript.map(\.user) == users.map(\.user))
        #expect(transcript.flatMap(\.turns).map(\.utterance).count == first.systems[0].turns)
        #expect(first.systems[0].invalid == 0 && first.systems[0].violations == 0)
        #expect(first.systems[0].listsShown > 0)
        let understood = first.systems[0].understood.values.reduce(0) { $0 + $1.understood }
        #expect(understood > 0, "curio's state reflects what the users said")
    }
}
