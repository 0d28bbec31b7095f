import CurioCatalog
import CurioDialogue
import Testing
@testable import CurioSimulation

/// Simulated users tell only the truth about their target, in their own words, and are
/// the same for the same seed.
@Suite(.enabled(if: SimulationFixture.catalogPresent, "the MovieLens catalog is not imported"))
struct SimulatedUserTests {
    @Test func everyStatedFactIsTrueOfTheTargetAndSaidInTheSentence() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let catalog = simulator.catalog
        let users = try simulator.users(seed: 1)
        #expect(users.count == 671)
        for user in users {
            let target = catalog.items[user.target]
            let history = simulator.history(of: user.user)
            let book = simulator.phrasebook(user.language)
            #expect(!user.facts.isEmpty && user.facts.count == user.utterances.count)
            #expect(user.target == simulator.split.testItems[user.user])
            for (fact, sentence) in zip(user.facts, user.utterances) {
                #expect(fact.isTrue(of: target, history: history), "user \(user.user): \(fact) is false of \(target.title)")
                let said = sentence.lowercased()
                switch fact {
                case .genre(let g):
                    #expect(book.genreWords[g]!.contains { said.contains($0.lowercased()) }, "\(sentence) does not say \(g)")
                case .decade(let d):
                    #expect(book.decadeWords[d]!.contains { said.contains($0.lowercased()) }, "\(sentence) does not say \(d)")
                case .maximumRuntime(let m):
                    #expect(said.contains("\(m)") && target.runtime! < m)
                case .liked(let item):
                    #expect(said.contains(catalog.items[item].title.lowercased()), "\(sentence) does not name item \(item)")
                }
            }
            #expect(Set(user.facts).count == user.facts.count, "user \(user.user) repeats a fact")
        }
    }

    @Test func validationUsersLookForTheirValidationItemAndTellOnlyTrainingFacts() throws {
        var simulator = try #require(SimulationFixture.simulator)
        simulator.target = .validation
        let users = try simulator.users(count: 60, seed: 1)
        #expect(users.count == 60)
        for user in users {
            #expect(user.target == simulator.split.validationItems[user.user])
            #expect(user.target != simulator.split.testItems[user.user])
            let history = simulator.history(of: user.user)
            for fact in user.facts {
                #expect(fact.isTrue(of: simulator.catalog.items[user.target], history: history))
            }
        }
    }

    @Test func theSameSeedGivesTheSameUsersAndAnotherSeedOthers() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let a = try simulator.users(count: 40, seed: 3)
        let b = try simulator.users(count: 40, seed: 3)
        let c = try simulator.users(count: 40, seed: 4)
        #expect(a == b)
        #expect(a.map(\.user) != c.map(\.user))
        #expect(a.map(\.user) == a.map(\.user).sorted() && Set(a.map(\.user)).count == 40)
        let all = try simulator.users(seed: 3)
        #expect(all.first { $0.user == a[0].user } == a[0], "a sampled user is the same person as in the full run")
    }

    @Test func aMinorityOfUsersSpeakChineseAndFactsVary() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let users = try simulator.users(seed: 1)
        let chinese = users.filter { $0.language == .chinese }.count
        #expect((67...135).contains(chinese), "\(chinese) of 671 speak Chinese")
        let firstKinds = Set(users.map { $0.facts[0].kind })
        #expect(firstKinds == ["genre", "decade", "liked", "runtime"])
        #expect(Set(users.flatMap(\.utterances)).count > 1_500, "sentences should vary (3,400 said)")
    }

    @Test func badUserCountsAreRefused() throws {
        let simulator = try #require(SimulationFixture.simulator)
        #expect(throws: SimulationError.invalidUserCount(0)) { try simulator.users(count: 0, seed: 1) }
        #expect(try simulator.users(count: 10_000, seed: 1).count == 671)
    }
}
