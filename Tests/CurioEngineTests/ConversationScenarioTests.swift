import CurioCatalog
import CurioDialogue
import Testing
@testable import CurioEngine

/// Whole conversations through `Engine.respond`: state and list properties per turn.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct ConversationScenarioTests {
    let engine: Engine
    init() throws { engine = try #require(EngineFixture.engine) }

    func item(_ id: String) -> Int { engine.catalog.indexByID[id]! }
    func items(_ reply: EngineReply) -> [Int] { (reply.items ?? []).map(\.item) }

    @Test func likeRefineCritiqueSeenChangeOfMindUndoReset() throws {
        var c = Conversation()
        let catalog = engine.catalog
        // 1. A request: 10 comedies from the 1990s.
        var r = try engine.respond(to: "a funny 90s movie", in: &c)
        #expect(c.state.constraints.includeGenres == ["Comedy"])
        #expect(c.state.constraints.year == Bounds(min: 1990, max: 1999))
        #expect(items(r).count == 10)
        #expect(items(r).allSatisfy { catalog.items[$0].genres.contains("Comedy") && (1990...1999).contains(catalog.items[$0].year ?? 0) })
        #expect(r.text.hasPrefix("Here are 10 Comedy movies from the 1990s"))
        #expect(c.state.lastShown == items(r))

        // 2. A liked title: never recommended back, named in the reasons' co-watch facts.
        let mib = item("1580")
        r = try engine.respond(to: "I loved Men in Black", in: &c)
        #expect(c.state.liked == [mib])
        #expect(!items(r).contains(mib))

        // 3. A refinement: a runtime bound; unknown runtimes pass and say so.
        r = try engine.respond(to: "under 2 hours", in: &c)
        #expect(c.state.constraints.runtime.max == 120)
        for rec in r.items ?? [] {
            let it = catalog.items[rec.item]
            if let runtime = it.runtime { #expect(runtime <= 120) } else { #expect(rec.reason.contains("runtime unknown")) }
        }

        // 4. "#3 seen": that item is never shown again.
        let third = items(r)[2]
        r = try engine.respond(to: "#3 seen", in: &c)
        #expect(c.state.seen == [third])
        #expect(!items(r).contains(third))

        // 5. A critique: a soft preference, the hard constraints stay.
        r = try engine.respond(to: "something darker", in: &c)
        #expect(c.state.preferences.map(\.kind) == [.darker])
        #expect(c.state.constraints.includeGenres == ["Comedy"])

        // 6. A change of mind: the 80s instead.
        r = try engine.respond(to: "actually from the 80s", in: &c)
        #expect(c.state.constraints.year == Bounds(min: 1980, max: 1989))
        #expect(items(r).allSatisfy { (1980...1989).contains(catalog.items[$0].year ?? 0) })

        // 7. Undo: back to the 90s, and a list for that state.
        r = try engine.respond(to: "undo", in: &c)
        #expect(c.state.constraints.year == Bounds(min: 1990, max: 1999))
        #expect(r.text.hasPrefix("Undone."))
        #expect(items(r).allSatisfy { (1990...1999).contains(catalog.items[$0].year ?? 0) })

        // 8. More: ten new ones, none shown before in this conversation.
        let before = Set(c.shown)
        r = try engine.respond(to: "more", in: &c)
        #expect(items(r).count == 10)
        #expect(before.isDisjoint(with: items(r)))

        // 9. Why #1: causes with weights, the liked item among them.
        r = try engine.respond(to: "why #1", in: &c)
        let why = try #require(r.explanation)
        #expect(why.item == c.state.lastShown[0])
        #expect(why.causes.contains { $0.label.hasPrefix("you liked Men in Black") }, "\(why.causes) \(c.state.liked)")
        let movement = why.causes.map { abs($0.weight) }.reduce(0, +)
        #expect(movement == 0 || abs(movement - 1) < 1e-6)
        #expect(r.items == nil) // the list on screen stays

        // 10. Reset: a clean state and the list cleared.
        r = try engine.respond(to: "start over", in: &c)
        #expect(c.state.liked.isEmpty && c.state.seen.isEmpty && c.state.constraints.isEmpty)
        #expect(r.items == [])
    }

    /// "I've seen Heat": a list for the likeliest Heat (1995, far the most watched) and
    /// the question which one; answering with another takes the assumption back.
    @Test func anAmbiguousTitleGetsAListForItsLikeliestReadingAndAQuestionWhoseAnswerPicksOne() throws {
        var c = Conversation()
        let heat = item("6")
        var r = try engine.respond(to: "I've seen Heat", in: &c)
        let question = try #require(r.question)
        #expect(question.contains("Heat (1995)") && question.contains("(2013)"))
        #expect(question.hasSuffix("This list takes it as Heat (1995)."), "\(question)")
        #expect(c.state.seen == [heat], "assumed until the user says otherwise")
        #expect(items(r).count == 10 && !items(r).contains(heat), "a list, without the film already seen")
        #expect(c.state.lastShown == items(r))

        // "why #2" is about the list on screen, and leaves the question open.
        let why = try engine.respond(to: "why #2", in: &c)
        #expect(why.explanation?.item == items(r)[1])

        // The answer picks a candidate by its number in the question, not in the list.
        let other = try #require(r.candidates.first { $0 != heat && engine.catalog.items[$0].year == 2013 })
        r = try engine.respond(to: "#\(r.candidates.firstIndex(of: other)! + 1)", in: &c)
        #expect(c.state.seen == [other], "the assumed Heat (1995) is taken back")
        #expect(c.state.pendingChoice == nil)
        #expect(!items(r).contains(other))
    }

    /// Two ambiguous titles in one sentence: both are assumed, and the question is about the
    /// one whose answer is pending (the later), so its answer lands where it was asked.
    @Test func twoAmbiguousTitlesAskAboutThePendingOne() throws {
        var c = Conversation()
        let r = try engine.respond(to: "I loved Heat and Titanic", in: &c)
        let question = try #require(r.question)
        #expect(question.contains("Titanic (1997)") && question.contains("Titanic (1953)") && !question.contains("The Heat"),
                "\(question)")
        #expect(Set(c.state.liked) == [item("6"), item("1721")])
        _ = try engine.respond(to: "the 1953 one", in: &c)
        #expect(Set(c.state.liked) == [item("6"), item("3404")])
    }

    @Test func anAmbiguousTitleAnsweredInChineseByYear() throws {
        var c = Conversation()
        let r = try engine.respond(to: "我喜欢Heat", in: &c)
        #expect(r.question?.contains("这份列表先按Heat (1995)推荐") == true, "\(r.question ?? "no question")")
        #expect(c.state.liked == [item("6")])
        _ = try engine.respond(to: "2013年那部", in: &c)
        let theHeat = try #require(r.candidates.first { engine.catalog.items[$0].year == 2013 })
        #expect(c.state.liked == [theHeat])
    }

    @Test func chineseInChineseOut() throws {
        var c = Conversation()
        let r = try engine.respond(to: "九十年代的喜剧", in: &c)
        #expect(c.state.constraints.includeGenres == ["Comedy"])
        #expect(r.text.hasPrefix("为你推荐10部"))
        #expect(r.items?.first?.reason.contains("正如你要求的") == true)
    }

    /// "a comedy or a horror movie" lists films of either genre, not only horror comedies,
    /// and says so; "no horror" then leaves the comedies.
    @Test func genresJoinedByOrAreAlternatives() throws {
        for (request, header) in [("a comedy or a horror movie", "Comedy or Horror movies"), ("喜剧或者恐怖片", "喜剧或恐怖")] {
            var c = Conversation()
            let r = try engine.respond(to: request, in: &c)
            #expect(c.state.constraints.anyGenres == ["Comedy", "Horror"] && c.state.constraints.includeGenres.isEmpty)
            let genres = items(r).map { engine.catalog.items[$0].genres }
            #expect(genres.count == 10 && genres.allSatisfy { $0.contains("Comedy") || $0.contains("Horror") }, "\(genres)")
            #expect(genres.contains { !($0.contains("Comedy") && $0.contains("Horror")) }, "only horror comedies: \(genres)")
            #expect(r.text.contains(header), "\(r.text)")
            #expect(StateSummary.chips(c.state, catalog: engine.catalog).contains("Comedy or Horror"))
            #expect(StateSummary.snapshot(c.state, catalog: engine.catalog).genres.any == ["Comedy", "Horror"])
        }
        var c = Conversation()
        _ = try engine.respond(to: "a comedy or a horror movie", in: &c)
        let r = try engine.respond(to: "no horror", in: &c)
        #expect(c.state.constraints.includeGenres == ["Comedy"] && c.state.constraints.anyGenres.isEmpty)
        #expect(items(r).allSatisfy { engine.catalog.items[$0].genres.contains("Comedy") && !engine.catalog.items[$0].genres.contains("Horror") })
    }

    /// A single year reads as one: "from 2015", "2015年的".
    @Test func aSingleYearIsSaidOnce() throws {
        for (request, said) in [("a comedy from 2015", "Comedy movies from 2015:"), ("2015年的喜剧", "2015年的喜剧")] {
            var c = Conversation()
            let r = try engine.respond(to: request, in: &c)
            #expect(c.state.constraints.year == Bounds(min: 2015, max: 2015))
            #expect(r.text.contains(said) && !r.text.contains("2015 to 2015") && !r.text.contains("2015到2015"), "\(r.text)")
        }
    }

    /// Asking about an item on the list ("is #2 any good?", "第二部怎么样？") explains it,
    /// instead of answering with a new list.
    @Test func askingAboutAListedItemExplainsIt() throws {
        for (request, question, heading) in [("a funny 90s movie", "is #2 any good?", "Why "),
                                              ("a funny 90s movie", "tell me about #3", "Why "),
                                              ("九十年代的喜剧", "第二部怎么样？", "为什么推荐")] {
            var c = Conversation()
            let list = try engine.respond(to: request, in: &c)
            let r = try engine.respond(to: question, in: &c)
            let number = question.contains("3") ? 3 : 2
            #expect(r.explanation?.item == items(list)[number - 1], "\(question): \(r.text)")
            #expect(r.text.hasPrefix(heading) && r.items == nil, "\(question): \(r.text)")
            #expect(c.state.lastShown == items(list), "the list on screen stays")
        }
    }

    @Test func theSameConversationGivesTheSameLists() throws {
        let turns = ["a thriller from the 2000s", "I liked Heat", "more", "under 100 minutes"]
        var a = Conversation(), b = Conversation()
        for t in turns {
            let x = try engine.respond(to: t, in: &a)
            let y = try engine.respond(to: t, in: &b)
            #expect(x == y, "\(t)")
        }
        let state = a.state
        let one = try engine.generate(state: state, utterance: "x").list
        let two = try engine.generate(state: state, utterance: "x").list
        #expect(one == two)
    }

    @Test func whenNothingFitsTheLeastImportantConstraintIsRelaxedAndNamed() throws {
        var c = Conversation()
        let r = try engine.respond(to: "a documentary from the 1930s rated above 9", in: &c)
        #expect(!r.relaxed.isEmpty)
        #expect(r.relaxed.first == .rating)
        #expect(r.text.contains("set aside the rating constraint"))
        #expect(!(r.items ?? []).isEmpty)
    }
}
