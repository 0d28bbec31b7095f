import CurioCatalog
import CurioDialogue
import CurioEvaluation
import Testing
@testable import CurioEngine

/// "why": what an explanation cites moves the score, what it states is true, its chart
/// shows its weights, and the faithfulness rates are what a recount finds.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct ExplanationTests {
    func item(_ engine: Engine, _ id: String) -> Int { engine.catalog.indexByID[id]! }

    /// A few states a person could reach: liked items, genres, a decade, a preference.
    func states(_ engine: Engine) -> [DialogueState] {
        var a = DialogueState()
        a.liked = [item(engine, "1580")] // Men in Black
        a.constraints.includeGenres = ["Comedy"]
        var b = DialogueState()
        b.liked = [item(engine, "6"), item(engine, "2571"), item(engine, "296")] // Heat, The Matrix, Pulp Fiction
        var c = DialogueState()
        c.liked = [item(engine, "1"), item(engine, "356")] // Toy Story, Forrest Gump
        c.constraints.year = Bounds(min: 1990, max: 1999)
        c.constraints.excludeGenres = ["Horror"]
        c.preferences = [SoftPreference(.lighter)]
        return [a, b, c]
    }

    @Test(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
    func removingTheTopNamedCauseLowersTheItemsScore() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        for state in states(engine) {
            let list = try engine.generate(state: state, utterance: "").list.items
            for position in [0, 4] {
                let explanation = try engine.explain(item: list[position], state: state, language: .english)
                let top = try #require(explanation.causes.first)
                // The heaviest cause is named, unless the hard constraints together were
                // confirmed to take the item off the list: the citation tries them first,
                // since they act through the mask, which the weights do not see.
                #expect(top.cited || explanation.decisive
                            && explanation.cited.allSatisfy { cause in
                                switch cause.part { case .liked, .preference: false; default: true }
                            },
                        "the heaviest cause is named: \(explanation.causes)")
                // The score the weights are drops of: the item's chance against the list's candidates.
                let pair = [state, state.removing([top.part])]
                let scores = engine.candidateLogProbabilities(of: list[position],
                                                              rows: try engine.itemLogProbabilities(states: pair), states: pair)
                #expect(scores[1] < scores[0],
                        "removing \(top.label) should lower \(engine.titleWithYear(list[position]))")
            }
        }
    }

    @Test func everyStatedFactIsTrueInTheCatalog() throws {
        let engine = try #require(EngineFixture.trainedEngine ?? EngineFixture.engine)
        let catalog = engine.catalog
        // Users per item, recounted from the interactions (not through CoWatch).
        var users: [Int: Set<Int32>] = [:]
        for k in 0..<catalog.interactions.count { users[Int(catalog.interactions.items[k]), default: []].insert(catalog.interactions.users[k]) }
        var checked = 0
        for state in states(engine) {
            for recommended in try engine.generate(state: state, utterance: "").list.items.prefix(5) {
                let explanation = try engine.explain(item: recommended, state: state, language: .english)
                let it = catalog.items[recommended]
                #expect(!explanation.facts.isEmpty)
                for fact in explanation.facts {
                    checked += 1
                    switch fact {
                    case .requestedGenres(let genres):
                        #expect(genres.allSatisfy { it.genres.contains($0) && state.constraints.includeGenres.contains($0) })
                    case .sharedGenres(let genres, let liked):
                        #expect(state.liked.contains(liked) && !genres.isEmpty)
                        #expect(genres.allSatisfy { it.genres.contains($0) && catalog.items[liked].genres.contains($0) })
                        #expect(explanation.factText.contains(catalog.items[liked].title))
                    case .coWatch(let count, let liked):
                        #expect(state.liked.contains(liked))
                        #expect(count == users[recommended, default: []].intersection(users[liked, default: []]).count)
                        #expect(explanation.factText.contains("\(count) people who watched \(catalog.items[liked].title)"))
                    case .watchers(let count): #expect(count == users[recommended, default: []].count)
                    case .year(let year): #expect(year == it.year); #expect(explanation.factText.contains("from \(year)"))
                    case .runtime(let minutes): #expect(minutes == it.runtime); #expect(explanation.factText.contains("\(minutes) min"))
                    case .rating(let rating):
                        #expect(rating == it.imdbRating)
                        #expect(explanation.factText.contains("IMDb \(ReasonWriter.decimal(rating))"))
                    case .unknown(let facet):
                        #expect(state.constraints.constrainedFacets.contains(facet))
                        #expect(state.constraints.verdict(for: it).unknownFacets.contains(facet))
                    }
                }
            }
        }
        #expect(checked > 30)
    }

    @Test func theBarChartDrawsTheWeightsInOrder() throws {
        let engine = try #require(EngineFixture.engine)
        let causes = [
            WhyCause(label: "you liked Toy Story (1995)", weight: 0.62, part: .liked(0), cited: true),
            WhyCause(label: "you asked for Comedy", weight: 0.31, part: .includeGenre("Comedy")),
            WhyCause(label: "bad\u{1B}[31m label", weight: 0.07, part: .bound(.year)),
            WhyCause(label: "no Horror", weight: -0.05, part: .excludeGenre("Horror")),
        ]
        let lines = WhyChart.lines(causes, replies: engine.replies, language: .english)
        #expect(lines.count == 4)
        #expect(lines[0] == "  • you liked Toy Story (1995)  ██████░░░░ 0.62")
        #expect(lines[1].hasSuffix("███░░░░░░░ 0.31") && lines[1].hasPrefix("    you asked for Comedy "))
        #expect(lines[2].contains("bad label") && !lines[2].contains("\u{1B}"))
        #expect(lines[3].hasSuffix("░░░░░░░░░░ -0.05"))
        // The bars start in the same column, so the weights read top to bottom.
        let columns = lines.map { line in line.prefix { $0 != "█" && $0 != "░" }.count }
        #expect(Set(columns).count == 1, "\(lines)")
        // Chinese labels are two cells wide per character and still line up.
        let zh = WhyChart.lines([WhyCause(label: "你喜欢玩具总动员", weight: 0.7, part: .liked(0), cited: true),
                                 WhyCause(label: "you asked for Comedy", weight: 0.3, part: .includeGenre("Comedy"))],
                                replies: engine.replies, language: .chinese)
        let cells = zh.map { WhyChart.cells(String($0.prefix { $0 != "█" && $0 != "░" })) }
        #expect(cells[0] == cells[1], "\(zh)")
    }

    @Test(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
    func whyRepliesCarryTheChartInTheUsersLanguage() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        for (utterances, heading, label) in [(["a funny 90s movie", "I loved Men in Black"], "Why ", "you liked Men in Black"),
                                             (["九十年代的喜剧"], "为什么推荐", "你要")] {
            var c = Conversation()
            for utterance in utterances { _ = try engine.respond(to: utterance, in: &c) }
            let why = try engine.why(item: c.state.lastShown[0], in: c)
            let explanation = try #require(why.explanation)
            #expect(why.text.hasPrefix(heading), "\(why.text)")
            #expect(why.text.contains(label), "\(why.text)")
            #expect(why.text.split(separator: "\n").count == 1 + explanation.chart.count)
            #expect(explanation.chart.allSatisfy { $0.contains("█") || $0.contains("░░░░░░░░░░") })
            let claim = explanation.decisive ? (heading == "Why " ? "it would drop out of the top 10" : "掉出前10名")
                : (heading == "Why " ? "no single part of what you said decides it" : "没有哪一项单独决定它")
            #expect(explanation.cited.isEmpty || why.text.contains(claim), "\(why.text)")
        }
    }

    /// The reply's grammar follows the number of causes it cites: "without that … that alone"
    /// for one, "without them … they alone" for several, in both languages.
    @Test(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
    func theWhySentenceAgreesWithHowManyCausesItCites() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        var seen: Set<Int> = []
        for state in states(engine) {
            let list = try engine.generate(state: state, utterance: "").list.items
            for item in list {
                for language in [Language.english, .chinese] {
                    let e = try engine.explain(item: item, state: state, language: language)
                    guard e.decisive && e.sufficient else { continue }
                    let one = e.cited.count == 1
                    seen.insert(e.cited.count)
                    let (single, plural) = language == .english ? ("without that", "without them") : ("没有这一点", "没有它们")
                    #expect(e.sentence.contains(one ? single : plural) && !e.sentence.contains(one ? plural : single), "\(e.sentence)")
                }
            }
        }
        #expect(seen.contains(1) && seen.contains { $0 > 1 }, "cited counts seen: \(seen)")
    }

    /// "It would drop out of the top 10" is only said of an item that is in: asked about
    /// an item its state's list does not hold, why names the heaviest parts and claims nothing.
    @Test(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
    func anItemOffTheListGetsNoCounterfactualClaim() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        let state = states(engine)[1]
        let list = try engine.generate(state: state, utterance: "").list.items
        let outsider = try #require(engine.catalog.items.indices.first { !list.contains($0) && !state.liked.contains($0) })
        let explanation = try engine.explain(item: outsider, state: state, language: .english)
        #expect(!explanation.decisive && !explanation.sufficient)
        #expect(!explanation.sentence.contains("drop out"), "\(explanation.sentence)")
        #expect(explanation.cited.isEmpty || explanation.sentence.contains("no single part of what you said decides it"))
        // The same item on its list: checking by regeneration and trusting the caller agree.
        let listed = try engine.explain(item: list[0], state: state, language: .english, listed: true)
        #expect(listed == (try engine.explain(item: list[0], state: state, language: .english)))
    }

    @Test(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
    func aSmallFaithfulnessRunMatchesARecount() throws {
        let engine = try #require(EngineFixture.trainedEngine)
        let split = LeaveOneOutSplit(catalog: engine.catalog)
        let report = try ExplanationFaithfulness(engine: engine).run(split: split, count: 18, seed: 11)
        #expect(report.cases.count >= 18)
        #expect((0...1).contains(report.necessity.mean) && (0...1).contains(report.sufficiency.mean))
        var necessary = 0, sufficient = 0
        for c in report.cases {
            // By hand: take the cited parts out of (or keep only them in) the state.
            var without = c.state, alone = c.state
            for part in c.cited {
                switch part {
                case .liked(let i): without.liked.removeAll { $0 == i }
                case .includeGenre(let g): without.constraints.includeGenres.removeAll { $0 == g }
                case .anyGenres: without.constraints.anyGenres = []
                case .excludeGenre(let g): without.constraints.excludeGenres.removeAll { $0 == g }
                case .bound(let f): without.constraints = without.constraints.relaxing(f)
                case .preference(let p): without.preferences.removeAll { $0 == p }
                }
            }
            alone.liked = c.state.liked.filter { liked in c.cited.contains(.liked(liked)) || liked == c.item }
            alone.constraints.includeGenres = c.state.constraints.includeGenres.filter { c.cited.contains(.includeGenre($0)) }
            if !c.cited.contains(.anyGenres(c.state.constraints.anyGenres)) { alone.constraints.anyGenres = [] }
            alone.constraints.excludeGenres = c.state.constraints.excludeGenres.filter { c.cited.contains(.excludeGenre($0)) }
            for facet in [Facet.year, .runtime, .rating, .mpaa] where !c.cited.contains(.bound(facet)) {
                alone.constraints = alone.constraints.relaxing(facet)
            }
            alone.preferences = c.state.preferences.filter { c.cited.contains(.preference($0)) }
            // The user has still seen what they liked: those stay off the list.
            let seen = Set(c.state.liked + c.state.disliked + c.state.seen)
            if !c.cited.isEmpty, try !engine.generate(state: without, utterance: "", alsoExcluded: seen).list.items.contains(c.item) {
                necessary += 1
            }
            if try engine.generate(state: alone, utterance: "", alsoExcluded: seen).list.items.contains(c.item) { sufficient += 1 }
        }
        #expect(necessary == report.necessaryCount && sufficient == report.sufficientCount)
        #expect(abs(report.necessity.mean - Double(necessary) / Double(report.cases.count)) < 1e-12)
        #expect(abs(report.sufficiency.mean - Double(sufficient) / Double(report.cases.count)) < 1e-12)
        // A decisive explanation was confirmed by the same regeneration the check makes.
        #expect(report.cases.filter { $0.decisive }.allSatisfy { $0.necessary })
        #expect(report.cases.filter { $0.claimedSufficient }.allSatisfy { $0.sufficient })
    }
}
