import Foundation
import Testing
@testable import CurioDialogue

/// Answers to a pending clarifying question: positions, directions along the facet,
/// offered genres and "no preference", in English and Chinese; anything else is no
/// answer, and "the first" means list item #1 again once no question is pending.
@Suite struct PendingQuestionTests {
    static let era = PendingQuestion(facet: .year, options: [
        .init(label: "a classic (before 1980)", acts: [.setYearRange(min: nil, max: 1979)]),
        .init(label: "from 1980 to 1999", acts: [.setYearRange(min: 1980, max: 1999)]),
        .init(label: "something recent (2000 on)", acts: [.setYearRange(min: 2000, max: nil)]),
    ])
    static let genre = PendingQuestion(facet: .genre, options: [
        .init(label: "Comedy", acts: [.includeGenre("Comedy")]),
        .init(label: "Drama", acts: [.includeGenre("Drama")]),
    ])
    static let length = PendingQuestion(facet: .runtime, options: [
        .init(label: "under 100 minutes", acts: [.setRuntimeRange(min: nil, max: 99)]),
        .init(label: "100 minutes or longer", acts: [.setRuntimeRange(min: 100, max: nil)]),
    ])

    /// utterance → the acts it answers with (nil: not an answer).
    static let cases: [(PendingQuestion, String, [DialogueAct]?)] = [
        (era, "recent", [.setYearRange(min: 2000, max: nil)]),
        (era, "something recent please", [.setYearRange(min: 2000, max: nil)]),
        (era, "a classic", [.setYearRange(min: nil, max: 1979)]),
        (era, "the first", [.setYearRange(min: nil, max: 1979)]),
        (era, "the second one", [.setYearRange(min: 1980, max: 1999)]),
        (era, "#3", [.setYearRange(min: 2000, max: nil)]),
        (era, "2", [.setYearRange(min: 1980, max: 1999)]),
        (era, "２", [.setYearRange(min: 1980, max: 1999)]),
        (era, "the last one", [.setYearRange(min: 2000, max: nil)]),
        (era, "either", []),
        (era, "I don't care", []),
        (era, "whatever", []),
        (era, "any era", []),
        (era, "the first, but no horror", [.setYearRange(min: nil, max: 1979), .excludeGenre("Horror")]),
        (era, "最近的", [.setYearRange(min: 2000, max: nil)]),
        (era, "经典的", [.setYearRange(min: nil, max: 1979)]),
        (era, "第一个", [.setYearRange(min: nil, max: 1979)]),
        (era, "随便", []),
        (era, "无所谓", []),
        (era, "a comedy", nil),
        (era, "I loved the matrix", nil),
        (era, "5", nil),
        (era, "#4", nil),
        (era, "shorter", nil),
        (genre, "comedy", [.includeGenre("Comedy")]),
        (genre, "the second", [.includeGenre("Drama")]),
        (genre, "horror", nil),
        (genre, "recent", nil),
        (length, "shorter", [.setRuntimeRange(min: nil, max: 99)]),
        (length, "longer", [.setRuntimeRange(min: 100, max: nil)]),
        (length, "any length", []),
    ]

    @Test(arguments: cases.indices) func answers(_ n: Int) {
        let (question, utterance, expected) = Self.cases[n]
        let answer = question.answer(to: TestCatalog.understanding.interpret(utterance))
        #expect(answer?.acts == expected, "\(utterance) → \(String(describing: answer?.acts))")
    }

    @Test func aBareChoiceIsReadAsItsLabel() {
        #expect(Self.era.answer(to: TestCatalog.understanding.interpret("2"))?.text == "from 1980 to 1999")
        #expect(Self.era.answer(to: TestCatalog.understanding.interpret("the first, but no horror"))?.text
            == "the first, but no horror")
    }

    @Test func theFirstAnswersAPendingQuestionAndOtherwisePointsAtTheList() {
        var tracker = DialogueTracker()
        tracker.recordShown([TestCatalog.index("Heat"), TestCatalog.index("Seven")])
        tracker.ask(Self.era)
        let heard = TestCatalog.understanding.interpret("the first")
        // What the engine does: the pending question takes the utterance first.
        let answered = try! #require(tracker.state.pendingQuestion?.answer(to: heard))
        tracker.apply(answered, facts: TestCatalog.facts)
        #expect(tracker.state.constraints.year == Bounds(min: nil, max: 1979))
        #expect(tracker.state.focus == nil)
        #expect(tracker.state.pendingQuestion == nil)
        // No question pending now: "the first" is list item #1 again.
        #expect(tracker.state.pendingQuestion?.answer(to: heard) == nil)
        tracker.apply(heard, facts: TestCatalog.facts)
        #expect(tracker.state.focus == TestCatalog.index("Heat"))
    }

    @Test func askedFacetsSurviveUndoAndResetAndOldStatesDecode() throws {
        var tracker = DialogueTracker()
        tracker.apply(TestCatalog.understanding.interpret("something funny"), facts: TestCatalog.facts)
        tracker.ask(Self.era)
        #expect(tracker.state.askedFacets == [.year])
        tracker.apply(TestCatalog.understanding.interpret("undo"), facts: TestCatalog.facts)
        #expect(tracker.state.askedFacets == [.year])
        #expect(tracker.state.pendingQuestion == nil)
        tracker.apply(TestCatalog.understanding.interpret("start over"), facts: TestCatalog.facts)
        #expect(tracker.state.askedFacets == [.year])

        // A state saved before pending questions existed has no such key.
        let old = #"{"liked":[1],"disliked":[],"seen":[],"constraints":{"includeGenres":[],"excludeGenres":[],"year":{},"runtime":{},"mpaaAllowed":[],"mpaaExcluded":[],"strictFacets":[]},"preferences":[],"avoid":[],"request":"hi","lastShown":[],"askedFacets":[],"language":"en","turn":1}"#
        let decoded = try JSONDecoder().decode(DialogueState.self, from: Data(old.utf8))
        #expect(decoded.liked == [1] && decoded.pendingQuestion == nil)
        // And one with a pending question round-trips.
        var s = DialogueState()
        s.pendingQuestion = Self.era
        #expect(try JSONDecoder().decode(DialogueState.self, from: JSONEncoder().encode(s)) == s)
    }

    @Test func requestsWithNothingInThemAreRequests() {
        for text in ["recommend me a movie", "hi, any suggestions?", "what should I watch", "推荐一部电影"] {
            #expect(TestCatalog.understanding.interpret(text).acts == [.chitChat("request")], "\(text)")
        }
        #expect(TestCatalog.understanding.interpret("recommend me a comedy").acts == [.includeGenre("Comedy")])
        #expect(TestCatalog.understanding.interpret("don't care about the decade").acts == [.relax(.year, value: nil)])
    }
}
