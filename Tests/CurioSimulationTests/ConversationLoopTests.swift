import CurioCatalog
import CurioDialogue
import Testing
@testable import CurioSimulation

/// A system that answers from a script, one reply per turn.
struct ScriptedCounterpart: Counterpart {
    var name = "scripted"
    var setting = ""
    var script: [TurnReply]
    var heard: [SimulatedTurn] = []
    mutating func startConversation() { heard = [] }
    mutating func respond(to turn: SimulatedTurn) throws -> TurnReply {
        heard.append(turn)
        return script[heard.count - 1]
    }
}

/// The loop's counts against a hand count, and the references' lists against the facts.
@Suite(.enabled(if: SimulationFixture.catalogPresent, "the MovieLens catalog is not imported"))
struct ConversationLoopTests {
    static func list(_ items: [Int], constraints: HardConstraints = HardConstraints(), excluded: Set<Int> = []) -> TurnReply {
        TurnReply(items: items, constraints: constraints, excluded: excluded)
    }

    @Test func scriptedRunsMatchAHandCountOnThreeUsers() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let catalog = simulator.catalog
        let loop = ConversationLoop(catalog: catalog, simulator: simulator)
        let users = try simulator.users(seed: 1)
        let a = users[0]
        let b = try #require(users.first { $0.user != a.user && !$0.facts.likedItems.isEmpty
            && catalog.items[$0.facts.likedItems[0]].year != nil })
        let c = try #require(users.first { ![a.user, b.user].contains($0.user) && $0.facts.count >= 5 })
        let targets = Set([a.target, b.target, c.target])
        let documentaries = Set(catalog.items.filter { $0.genres.contains("Documentary") }.map(\.index))
        let fillers = catalog.items.indices.filter { !targets.contains($0) && !documentaries.contains($0) }
        let x = Array(fillers.prefix(10)), y = Array(fillers.dropFirst(10).prefix(10))

        // A: turn 1 has one invalid id; turn 2 repeats x[0], x[1] and shows the target.
        var scriptA = ScriptedCounterpart(script: [Self.list(Array(x.prefix(9)) + [-1]),
                                                   Self.list([x[0], x[1], a.target])])
        // B: turn 1 asks which of two titles it meant (its liked item second); turn 2
        // recommends its liked item (a violation); turn 3 finds the target.
        let liked = b.facts.likedItems[0]
        let other = catalog.items.indices.first { $0 != liked && catalog.items[$0].year != catalog.items[liked].year }!
        var question = Self.list([])
        question.question = "Which one did you mean?"
        question.candidates = [other, liked]
        var scriptB = ScriptedCounterpart(script: [question, Self.list([liked, y[0]], excluded: [liked]),
                                                   Self.list([b.target])])
        // C: five lists of the same ten items, never the target; on turn 3 the system
        // itself requires documentaries, which none of them is.
        var documentary = HardConstraints()
        documentary.includeGenres = ["Documentary"]
        var scriptC = ScriptedCounterpart(script: [Self.list(y), Self.list(y), Self.list(y, constraints: documentary),
                                                   Self.list(y), Self.list(y)])
        let ra = try loop.run(a, with: &scriptA)
        let rb = try loop.run(b, with: &scriptB)
        let rc = try loop.run(c, with: &scriptC)

        #expect(ra.successTurn == 2 && rb.successTurn == 3 && rc.successTurn == nil)
        #expect(ra.turns.map(\.utterance) == Array(a.utterances.prefix(2)), "A says its first two facts")
        #expect(rc.turns.map(\.utterance) == Array(c.utterances.prefix(5)))
        let answer = rb.turns[1].utterance
        #expect(answer.contains("\(catalog.items[liked].year!)"), "B names its own title by its year: \(answer)")
        #expect(rb.turns[2].utterance == b.utterances[1], "after the answer, B goes on with its next fact")
        #expect(scriptB.heard[2].stated == Array(b.facts.prefix(2)), "an answer to \"which\" states no new fact")

        let scripted = SystemRecords(name: "scripted", role: .system, records: [ra, rb, rc])
        let report = ConversationReport(records: [scripted], maxTurns: 5, seed: 1, resamples: 200)
        let s = report.systems[0]
        let third: Double = 1.0 / 3, twoThirds: Double = 2.0 / 3
        let expected: [Double] = [0, third, twoThirds, twoThirds, twoThirds]
        #expect(s.successRate == expected)
        #expect(s.meanTurnsToSuccess == 2.5)
        #expect(s.invalid == 1)
        #expect(s.violations == 1 + 10)
        #expect(s.repeats == 2 + 4 * 10)
        #expect(s.questions == 1)
        #expect(s.turns == 2 + 3 + 5 && s.listsShown == 2 + 2 + 5)
        #expect(s.itemsShown == 13 + 3 + 50)
        #expect(report.table().contains("42/66"))
    }

    @Test func aClarifyingQuestionIsAnsweredWithTheFactItAsksFor() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let loop = ConversationLoop(catalog: simulator.catalog, simulator: simulator)
        let user = try #require(try simulator.users(seed: 1).first { user in
            user.facts.count >= 3 && user.facts.dropFirst().contains { $0.kind == "decade" } && user.facts[0].kind != "decade"
        })
        let decade = user.facts.first { $0.kind == "decade" }!
        var question = Self.list([])
        question.question = "Any particular decade?"
        question.askedFacet = .year
        var unknown = Self.list([])
        unknown.question = "Any particular MPAA rating?"
        unknown.askedFacet = .mpaa
        var script = ScriptedCounterpart(script: [question, unknown, Self.list([]), Self.list([]), Self.list([])])
        let record = try loop.run(user, with: &script)
        let said = Array(zip(user.facts, user.utterances))
        #expect(record.turns[1].utterance == said.first { $0.0 == decade }!.1, "the decade is told when asked")
        #expect(record.turns[1].newFacts == [decade])
        #expect(simulator.phrasebook(user.language).lines[.answerUnknown]!.contains(record.turns[2].utterance))
        #expect(record.turns[3].utterance == said.first { $0.0 != user.facts[0] && $0.0 != decade }!.1)
    }

    @Test func referencesObeyEveryStatedFilterAndNeverShowLikedItems() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let references = try #require(SimulationFixture.references)
        let catalog = simulator.catalog
        let loop = ConversationLoop(catalog: catalog, simulator: simulator)
        let users = try simulator.users(count: 60, seed: 2)
        var hits = 0
        for reference in references {
            var system = reference
            for user in users {
                let record = try loop.run(user, with: &system)
                var stated: [Fact] = []
                for turn in record.turns {
                    stated += turn.newFacts
                    #expect(turn.items.count == 10)
                    let liked = Set(stated.likedItems)
                    for item in turn.items {
                        let it = catalog.items[item]
                        #expect(!liked.contains(item))
                        for fact in stated {
                            switch fact {
                            case .genre(let g): #expect(it.genres.contains(g), "\(it.title) lacks \(g)")
                            case .decade(let d): #expect(it.year.map { $0 / 10 * 10 == d } ?? true, "\(it.title) not from \(d)")
                            case .maximumRuntime(let m): #expect(it.runtime.map { $0 < m } ?? true, "\(it.title) too long")
                            case .liked: break
                            }
                        }
                    }
                    #expect(turn.invalid == 0 && turn.violations == 0)
                }
                if record.successTurn != nil { hits += 1 }
            }
        }
        #expect(hits > 0, "with every fact as a filter some targets are found")
    }

    @Test func aReferenceThatDemotesShownItemsRepeatsOnlyWhenNothingNewFits() throws {
        let simulator = try #require(SimulationFixture.simulator)
        let references = try #require(SimulationFixture.references)
        let catalog = simulator.catalog
        let loop = ConversationLoop(catalog: catalog, simulator: simulator)
        let users = try simulator.users(count: 60, seed: 2)
        var plainRepeats = 0
        var demotingRepeats = 0
        for user in users {
            var plain = references[1]
            var demoting = references[1]
            demoting.demotesShown = true
            #expect(demoting.name == "item-kNN, shown demoted")
            plainRepeats += try loop.run(user, with: &plain).turns.reduce(0) { $0 + $1.repeats }
            let record = try loop.run(user, with: &demoting)
            var shown = Set<Int>()
            var stated: [Fact] = []
            for turn in record.turns {
                stated += turn.newFacts
                let fitting = catalog.items.indices.filter { i in
                    !stated.likedItems.contains(i) && stated.constraints.verdict(for: catalog.items[i]).passes
                }
                let fresh = fitting.filter { !shown.contains($0) }.count
                #expect(turn.repeats == max(0, min(10, fitting.count) - fresh), "user \(user.user): a repeat while new items fit")
                demotingRepeats += turn.repeats
                shown.formUnion(turn.items)
            }
        }
        #expect(demotingRepeats < plainRepeats)
    }
}
