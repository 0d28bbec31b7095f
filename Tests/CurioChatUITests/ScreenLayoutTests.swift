@testable import CurioChatUI
import Testing

@Suite struct ScreenLayoutTests {
    @Test func wideScreenPutsRecommendationsBesideTheTranscript() throws {
        let screen = ScreenLayout.render(Sample.state(columns: 120, rows: 40))
        try expectSnapshot(screen.grid, named: "wide-120x40")
        // The panel starts right of the separator and shows both lines of item 1.
        let rows = screen.grid.snapshot.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.contains { $0.contains("│ 1. Men in Black (1997) · Comedy, Sci-Fi ·") })
        #expect(screen.cursor?.row == 38)
        #expect(screen.cursor?.column == 2)
    }

    @Test func narrowScreenFoldsRecommendationsIntoTheTranscript() throws {
        let screen = ScreenLayout.render(Sample.state(columns: 60, rows: 20))
        try expectSnapshot(screen.grid, named: "narrow-60x20")
        #expect(!screen.grid.snapshot.contains("│"))
        #expect(screen.grid.snapshot.contains("   Because you liked Galaxy Quest"))
    }

    @Test func chipsLineShowsWhatWasUnderstood() {
        let grid = ScreenLayout.render(Sample.state(columns: 60, rows: 20)).grid
        #expect(grid.text(ofRow: 17) == "──[Comedy]─[1990s]─[≤ 120 min]─[no Horror]" + String(repeating: "─", count: 18))
    }

    @Test func cjkTitlesStayAlignedAndNeverOverlap() throws {
        let reply = ChatReply(text: "Films in other scripts:", items: Sample.cjkItems, chips: [])
        let screen = ScreenLayout.render(Sample.state(columns: 120, rows: 30, reply: reply))
        try expectSnapshot(screen.grid, named: "cjk-120x30")
        // Every row is exactly as wide as the screen: double-width cells are followed by
        // continuation cells, so the panel separator stays in its column on every row.
        for row in 1..<20 {
            var width = 0
            for x in 0..<120 where !screen.grid[row, x].isContinuation { width += DisplayWidth.of(Character(screen.grid[row, x].text)) }
            #expect(width == 120, "row \(row) is \(width) columns wide")
            #expect(screen.grid[row, 71].text == "│")
        }
    }

    @Test func tooSmallScreenAsksToBeMadeBigger() throws {
        let screen = ScreenLayout.render(Sample.state(columns: 39, rows: 11))
        try expectSnapshot(screen.grid, named: "too-small-39x11")
        #expect(screen.cursor == nil)
        #expect(screen.grid.snapshot.contains("Make me bigger"))
        // 40x12 is enough.
        #expect(!ScreenLayout.render(Sample.state(columns: 40, rows: 12)).grid.snapshot.contains("Make me bigger"))
    }

    @Test func explanationIsABarChartOfCauseWeights() throws {
        var s = Sample.state(columns: 70, rows: 24)
        s = ScreenReducer.reduce(s, .submit("/why 1"))
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .turnFinished(ChatReply(text: "", explanation: Explanation(subject: "Men in Black", causes: [
            .init(label: "Galaxy Quest", weight: 0.42),
            .init(label: "Comedy", weight: 0.21),
            .init(label: "1990s", weight: 0.105),
            .init(label: "popularity", weight: -0.02),
        ]))))
        let grid = ScreenLayout.render(s).grid
        try expectSnapshot(grid, named: "explanation-70x24")
        let text = grid.snapshot
        #expect(text.contains("  Galaxy Quest ██████████ 0.42"))
        #expect(text.contains("  Comedy       █████░░░░░ 0.21"))
        #expect(text.contains("  popularity   ░░░░░░░░░░ -0.02"))
    }

    @Test func readingBackKeepsThePlaceAndMarksNewMessages() throws {
        var s = Sample.longConversation(columns: 60, rows: 16)
        s = ScreenReducer.reduce(s, .scroll(.pageUp))
        s = ScreenReducer.reduce(s, .scroll(.pageUp))
        let before = ScreenLayout.render(s).grid
        s = ScreenReducer.reduce(s, .submit("ignored?"))  // submitting returns to the bottom…
        #expect(s.scroll == .following)
        s = ScreenReducer.reduce(s, .scroll(.pageUp))
        s = ScreenReducer.reduce(s, .scroll(.pageUp))
        let reading = ScreenLayout.render(s).grid
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .turnFinished(ChatReply(text: "a late answer")))
        let after = ScreenLayout.render(s).grid
        try expectSnapshot(after, named: "reading-back-60x16")
        // …but an answer arriving while reading back does not move the view.
        for row in 1..<12 { #expect(after.text(ofRow: row) == reading.text(ofRow: row), "row \(row) moved") }
        #expect(after.text(ofRow: 12).contains("new messages below"))
        #expect(!before.snapshot.contains("new messages below"))
        // End goes to the bottom and clears the marker.
        s = ScreenReducer.reduce(s, .scroll(.bottom))
        let bottom = ScreenLayout.render(s).grid.snapshot
        #expect(bottom.contains("a late answer"))
        #expect(!bottom.contains("new messages below"))
    }

    @Test func titleWithAnEscapeSequenceDrawsWithoutEscape() {
        let evil = ChatItem(number: 1, title: "Evil\u{1B}[2J\u{1B}]0;pwned\u{07} Title\u{202E}", year: 2020,
                            genres: ["Drama\u{9B}31m"], reason: "red\u{1B}[31m text")
        let s = Sample.state(columns: 100, rows: 20, reply: ChatReply(text: "x\u{1B}[1m", items: [evil], chips: ["a\u{1B}[5mb"]))
        let grid = ScreenLayout.render(s).grid
        for cell in grid.cells {
            for scalar in cell.text.unicodeScalars {
                #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) && scalar.value != 0x202E,
                        "control U+\(String(scalar.value, radix: 16)) reached a cell")
            }
        }
        #expect(grid.snapshot.contains("1. Evil Title (2020)"))
    }

    @Test func inputBoxGrowsWithPastedLinesAndFollowsTheCursor() {
        var s = Sample.state(columns: 60, rows: 24)
        let text = "first line\nsecond line\n中文 third"
        s = ScreenReducer.reduce(s, .editInput(InputLine(text: text)))
        let screen = ScreenLayout.render(s)
        #expect(screen.grid.text(ofRow: 20) == "› first line")
        #expect(screen.grid.text(ofRow: 21) == "  second line")
        #expect(screen.grid.text(ofRow: 22) == "  中文 third")
        #expect(screen.cursor?.row == 22)
        #expect(screen.cursor?.column == 2 + 4 + 1 + 5)   // "中文" is 4 columns wide
    }

    @Test func spinnerShowsOnlyAfterATick() {
        var s = Sample.state(columns: 80, rows: 20)
        s = ScreenReducer.reduce(s, .submit("more please"))
        s = ScreenReducer.reduce(s, .turnStarted)
        #expect(!ScreenLayout.render(s).grid.text(ofRow: 0).contains("thinking"))
        s = ScreenReducer.reduce(s, .tick)
        #expect(ScreenLayout.render(s).grid.text(ofRow: 0).contains("thinking… Esc stops waiting"))
        s = ScreenReducer.reduce(s, .turnFinished(ChatReply(text: "done")))
        #expect(!ScreenLayout.render(s).grid.text(ofRow: 0).contains("thinking"))
    }
}

@Suite struct TranscriptRendererTests {
    @Test func clarifyingQuestionShowsItsSuggestedAnswers() {
        let reply = ChatReply(text: "I can do that.", question: ClarifyingQuestion(
            text: "Something light or something tense?", suggestedAnswers: ["light", "tense"]))
        let lines = TranscriptRenderer.lines(for: .reply(reply), width: 60, items: .full).map(\.plainText)
        #expect(lines == ["I can do that.", "? Something light or something tense?", "  e.g. “light” · “tense”", ""])
    }

    @Test func detailsAreLabelledRowsWithAWrappedSummary() {
        let details = ItemDetails(title: "Fargo", year: 1996, fields: [
            .init(label: "Director", value: "Joel Coen"), .init(label: "Runtime", value: "98 min"),
        ], summary: "A car salesman hires two criminals to kidnap his wife, and nothing goes to plan.")
        let lines = TranscriptRenderer.lines(for: .reply(ChatReply(text: "", details: details)), width: 40, items: .full)
            .map(\.plainText)
        #expect(lines == ["Fargo (1996)", "  Director  Joel Coen", "  Runtime   98 min",
                          "  A car salesman hires two criminals to", "  kidnap his wife, and nothing goes to",
                          "  plan.", ""])
    }

    @Test func renderingCostDoesNotGrowWithTheTranscript() {
        // 2,000 exchanges: drawing a frame lays out only what is visible.
        var s = ScreenState(header: Sample.header, size: ScreenSize(columns: 120, rows: 40))
        for i in 0..<2000 {
            s.transcript.append(.user("question \(i)"))
            s.transcript.append(.reply(Sample.reply))
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<20 { _ = ScreenLayout.render(s) } }
        print("render 120x40 with 4,000 entries: \(elapsed / 20) per frame")
        #expect(elapsed / 20 < .milliseconds(50))
    }
}
