@testable import CurioChatUI
import Testing

@Suite struct ScreenReducerTests {
    @Test func aReplyUpdatesListAndChipsOnlyWhenItCarriesThem() {
        var s = Sample.state(columns: 80, rows: 24)
        #expect(s.recommendations.count == 3)
        #expect(s.chips == ["Comedy", "1990s", "≤ 120 min", "no Horror"])
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .turnFinished(ChatReply(text: "Because…")))   // /why: keeps both
        #expect(s.recommendations.count == 3)
        #expect(s.chips.count == 4)
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .turnFinished(ChatReply(text: "Starting over.", items: [], chips: [])))
        #expect(s.recommendations.isEmpty)
        #expect(s.chips.isEmpty)
    }

    @Test func pendingTurnsDriveTheSpinnerAndEscStopsWaiting() {
        var s = Sample.state(columns: 80, rows: 24)
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .tick)
        #expect(s.pendingTurns == 2 && s.busyVisible)
        let count = s.transcript.count
        s = ScreenReducer.reduce(s, .interrupt)
        #expect(s.pendingTurns == 0 && !s.busyVisible)
        #expect(s.transcript.count == count + 1)   // the conversation is kept, a notice added
        #expect(ScreenReducer.reduce(s, .interrupt) == s)   // nothing to stop: no change
    }

    @Test func failuresAreShownAndTheChatContinues() {
        var s = Sample.state(columns: 80, rows: 24)
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .turnFailed("The model file is missing: run curio train."))
        #expect(s.transcript.last == .error("The model file is missing: run curio train."))
        #expect(s.pendingTurns == 0)
        #expect(ScreenLayout.render(s).grid.snapshot.contains("! The model file is missing"))
    }

    @Test func scrollingMovesByPagesAndStopsAtBothEnds() {
        var s = Sample.longConversation(columns: 60, rows: 16)
        #expect(s.scroll == .following)
        s = ScreenReducer.reduce(s, .scroll(.pageUp))
        guard case .anchored(let e1, _) = s.scroll else { Issue.record("not anchored"); return }
        s = ScreenReducer.reduce(s, .scroll(.top))
        #expect(s.scroll == .anchored(entry: 0, line: 0))
        #expect(ScreenLayout.render(s).grid.text(ofRow: 1) == "› question number 1")
        s = ScreenReducer.reduce(s, .scroll(.lines(-5)))
        #expect(s.scroll == .anchored(entry: 0, line: 0))
        for _ in 0..<20 { s = ScreenReducer.reduce(s, .scroll(.pageDown)) }
        #expect(s.scroll == .following)
        #expect(e1 > 0)
    }

    @Test func resizeKeepsTheEntryBeingReadAtTheTop() {
        var s = Sample.longConversation(columns: 120, rows: 30)
        s = ScreenReducer.reduce(s, .scroll(.top))
        s = ScreenReducer.reduce(s, .scroll(.lines(7)))
        let anchored = s.scroll
        s = ScreenReducer.reduce(s, .resize(ScreenSize(columns: 60, rows: 20)))
        s = ScreenReducer.reduce(s, .resize(ScreenSize(columns: 120, rows: 30)))
        #expect(s.scroll == anchored)
        #expect(s.transcript.count == 24)
    }

    @Test func restoringASessionRebuildsListAndChips() {
        let saved = Sample.state(columns: 80, rows: 24).transcript
        var s = ScreenState(header: Sample.header, size: ScreenSize(columns: 80, rows: 24))
        s = ScreenReducer.reduce(s, .restore(saved))
        #expect(s.transcript == saved)
        #expect(s.recommendations == Sample.items)
        #expect(s.chips.count == 4)
    }
}
