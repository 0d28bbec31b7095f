import Foundation
import Testing
@testable import CurioDialogue

/// Whole conversations: utterances, lists the engine shows in between, and the state
/// checked along the way.
@Suite struct ScenarioTests {
    struct Conversation {
        var tracker = DialogueTracker()
        var notes: [TrackerNote] = []
        mutating func say(_ text: String) {
            notes = tracker.apply(TestCatalog.understanding.interpret(text), facts: TestCatalog.facts)
            #expect(tracker.state.check().isEmpty, "\(text): \(tracker.state.check())")
        }
        mutating func show(_ titles: [String]) {
            tracker.recordShown(titles.map { TestCatalog.index($0) })
        }
        var state: DialogueState { tracker.state }
    }

    @Test func likeRefineCritiqueSeenChangeMindUndoReset() {
        var c = Conversation()
        c.say("I loved the matrix and back to the future")
        #expect(c.state.liked == [0, 1])
        c.show(["Inception", "The Dark Knight", "Jurassic Park", "Star Wars", "Aliens"])
        c.say("something from the 90s, under two and a half hours")
        #expect(c.state.constraints.year == Bounds(min: 1990, max: 1999))
        #expect(c.state.constraints.runtime == Bounds(min: nil, max: 150))
        c.show(["Jurassic Park", "Heat", "Seven", "Toy Story"])
        c.say("#3 seen")
        #expect(c.state.seen == [TestCatalog.index("Seven")])
        c.say("like #1 but shorter")
        #expect(c.state.liked.last == TestCatalog.index("Jurassic Park"))
        #expect(c.state.constraints.runtime.max == 126)  // Jurassic Park runs 127 minutes
        c.say("no horror")
        #expect(c.state.constraints.excludeGenres == ["Horror"])
        c.say("actually horror is fine")
        #expect(c.state.constraints.excludeGenres.isEmpty)
        #expect(c.notes.contains(.changedMind("Horror")))
        c.say("forget the decade")
        #expect(c.state.constraints.year.isUnbounded)
        c.say("undo")
        #expect(c.state.constraints.year == Bounds(min: 1990, max: 1999))
        #expect(c.state.lastShown.count == 4, "undo keeps the list on screen")
        c.say("start over")
        #expect(c.state.liked.isEmpty && c.state.constraints.isEmpty && c.state.seen.isEmpty)
        c.say("undo")
        #expect(c.state.liked.count == 3, "a reset can be undone")
    }

    @Test func ambiguousTitleIsAssumedAskedThenAnswered() {
        var c = Conversation()
        c.say("hated titanic")
        #expect(c.notes.contains(.askWhich([3, 4])))
        #expect(c.state.disliked == [3], "the likeliest reading, until the user picks")
        #expect(c.state.pendingChoice?.assumed == 3)
        c.say("the 1953 one")
        #expect(c.state.disliked == [4], "the other reading, and the assumed one taken back")
        #expect(c.state.pendingChoice == nil)
    }

    @Test func pickingTheAssumedReadingOrMovingOnKeepsIt() {
        var c = Conversation()
        c.say("I loved titanic")
        c.say("the 1997 one")
        #expect(c.state.liked == [3] && c.state.pendingChoice == nil)
        var d = Conversation()
        d.say("I loved titanic")
        d.say("something from the 90s")
        #expect(d.state.liked == [3] && d.state.pendingChoice == nil, "not answering keeps the likeliest reading")
        #expect(d.state.constraints.year == Bounds(min: 1990, max: 1999))
    }

    @Test func chineseConversation() {
        var c = Conversation()
        c.say("我想看90年代的喜剧")
        #expect(c.state.constraints.includeGenres == ["Comedy"])
        #expect(c.state.language == .chinese)
        c.show(["Toy Story", "Clueless", "Groundhog Day"])
        c.say("第二部看过了")
        #expect(c.state.seen == [TestCatalog.index("Clueless")])
        c.say("不要爱情片，两个小时以内")
        #expect(c.state.constraints.excludeGenres == ["Romance"])
        #expect(c.state.constraints.runtime.max == 120)
        c.say("其实爱情片也可以")
        #expect(c.state.constraints.excludeGenres.isEmpty)
        c.say("撤销")
        #expect(c.state.constraints.excludeGenres == ["Romance"])
        c.say("重新开始")
        #expect(c.state.constraints.isEmpty && c.state.seen.isEmpty)
    }

    @Test func somethingCompletelyDifferentAvoidsWhatWasShown() {
        var c = Conversation()
        c.show(["Alien", "Aliens", "The Shining"])
        c.say("something completely different")
        #expect(Set(c.state.avoid) == Set([7, 8, 20]))
        #expect(c.state.preferences.map(\.kind) == [.different])
    }

    @Test func referencesOutsideTheListAreReportedNotGuessed() {
        var c = Conversation()
        c.show(["Alien", "Aliens"])
        c.say("#7")
        #expect(c.notes.contains(.unresolved(.shown(7))))
        #expect(c.state.focus == nil)
        c.say("the second one. seen it")
        #expect(c.state.seen == [8])
    }

    @Test func historyIsCappedAndUndoStopsAtTheStart() {
        var c = Conversation()
        for _ in 0..<(DialogueTracker.historyLimit + 10) { c.say("a comedy") }
        #expect(c.tracker.history.count == DialogueTracker.historyLimit)
        var fresh = Conversation()
        fresh.say("undo")
        #expect(fresh.notes == [.nothingToUndo])
    }

    @Test func stateRoundTripsThroughJSON() throws {
        var c = Conversation()
        c.say("I loved the matrix, no horror, from the 90s, something lighter, strictly under 2 hours")
        let data = try JSONEncoder().encode(c.state)
        #expect(try JSONDecoder().decode(DialogueState.self, from: data) == c.state)
    }
}

