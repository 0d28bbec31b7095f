import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Whether the repository holds the shipped model the real binary needs.
enum ShippedModel {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: repository.appendingPathComponent("catalogs/movielens/model.safetensors").path)
    }
}

/// The real `curio` binary — the shipped catalog, the shipped model, the real engine — in
/// its full-screen chat under tmux, asserting what a person sees. Skipped (with the
/// reason) without tmux or without the shipped model.
@Suite(.serialized, .enabled(if: TmuxDriver.isAvailable && ShippedModel.isPresent,
                             "needs tmux and catalogs/movielens/model.safetensors"))
struct RealCurioTmuxTests {

    /// The `curio` binary built beside this test bundle.
    static var curio: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("curio").path),
              dir.path != "/" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("curio").path
    }

    static func start(_ name: String, columns: Int = 120, rows: Int = 40,
                      state: String = TerminalChatTmuxTests.stateDirectory(), arguments: String = "") throws -> TmuxDriver {
        let command = "echo shell-before-curio; env LANG=C.UTF-8 INPUTRC=/dev/null XDG_STATE_HOME=\(state) XDG_DATA_HOME=\(state) "
            + "\(curio) \(arguments); echo \"curio exited with $?\"; exec sleep 600"
        let driver = try TmuxDriver(name: name, columns: columns, rows: rows, shellCommand: command)
        // The key-hint line shows once the engine is loaded and the screen is up.
        let ready = driver.waitFor(seconds: 30) { $0.contains("Enter send") }
        #expect(ready.ok, "curio did not start:\n\(ready.screen)")
        return driver
    }

    @Test func aRequestGetsANumberedListAndARefinementChangesChipsAndList() throws {
        let t = try Self.start("real-list")
        defer { t.stop() }
        t.type("something funny from the 90s like Men in Black")
        t.press("Enter")
        let first = t.waitFor(seconds: 30) { $0.contains("│ 1. ") && $0.contains("[Comedy]─[1990s]") }
        #expect(first.ok, "no numbered list with chips:\n\(first.screen)")
        let firstItem = TerminalChatTmuxTests.line(first.screen, startingWith: "1. ")
        t.type("nothing over 90 minutes")
        t.press("Enter")
        let refined = t.waitFor(seconds: 30) { $0.contains("[≤ 90 min]") }
        #expect(refined.ok, "the chips did not follow the refinement:\n\(refined.screen)")
        // Every length shown on screen (the list's facts and reasons) is now at most 90 minutes.
        let regex = try Regex(#"(\d+) min"#)
        let runtimes = refined.screen.matches(of: regex).compactMap { Int($0.output[1].substring ?? "") }
        #expect(!runtimes.isEmpty && runtimes.allSatisfy { $0 <= 90 }, "runtimes \(runtimes):\n\(refined.screen)")
        #expect(TerminalChatTmuxTests.line(refined.screen, startingWith: "1. ") != firstItem || firstItem == nil)
    }

    @Test func whyShowsTheNamedCausesAsBars() throws {
        let t = try Self.start("real-why")
        defer { t.stop() }
        t.type("a comedy from the 90s, I loved Men in Black")
        t.press("Enter")
        #expect(t.waitFor(seconds: 30) { $0.contains("│ 2. ") }.ok)
        t.type("/why 2")
        t.press("Enter")
        let why = t.waitFor(seconds: 30) { $0.contains("Why ") && $0.contains("█") }
        #expect(why.ok, "no explanation with bars:\n\(why.screen)")
        #expect(why.screen.contains("Men in Black") || why.screen.contains("Comedy"), "\(why.screen)")
    }

    /// A cold start is asked a question first, with numbered answers; a bare "2" answers it
    /// and the list follows, narrowed to the chosen genre.
    @Test func aColdStartIsAskedFirstAndABareNumberAnswers() throws {
        let t = try Self.start("real-clarify")
        defer { t.stop() }
        t.type("recommend me a movie")
        t.press("Enter")
        let asked = t.waitFor(seconds: 30) { $0.contains("? ") && $0.contains("2) ") }
        #expect(asked.ok, "no clarifying question:\n\(asked.screen)")
        #expect(!asked.screen.contains("│ 1. "), "a cold start got a list before the question:\n\(asked.screen)")
        // The second option's label, e.g. "Sci-Fi" in "1) Crime, 2) Sci-Fi, 3) Romance".
        let option = try Regex(#"2\) ([A-Za-z-]+)"#)
        let genre = asked.screen.firstMatch(of: option).flatMap { $0.output[1].substring.map(String.init) }
        t.type("2")
        t.press("Enter")
        let listed = t.waitFor(seconds: 30) { $0.contains("│ 1. ") }
        #expect(listed.ok, "no list after answering:\n\(listed.screen)")
        // The shipped model asks about genre first (docs/engine.md); another facet has other chips.
        if asked.screen.contains("What kind of movie"), let genre { #expect(listed.screen.contains("[\(genre)]"), "the answer did not become the \(genre) chip:\n\(listed.screen)") }
    }

    @Test func chineseIsAnsweredInChinese() throws {
        let t = try Self.start("real-zh")
        defer { t.stop() }
        t.type("我想要一部不那么悲伤的爱情片")
        #expect(t.waitFor(seconds: 5) { $0.contains("› 我想要一部不那么悲伤的爱情片") }.ok)
        // 14 double-width characters after the two-column prompt: the cursor sits right after them.
        #expect(t.cursor() == (x: 2 + 28, y: 38))
        t.press("Enter")
        let answer = t.waitFor(seconds: 30) { $0.contains("为你推荐") && $0.contains("│ 1. ") }
        #expect(answer.ok, "no Chinese answer:\n\(answer.screen)")
        #expect(answer.screen.contains("› 我想要一部不那么悲伤的爱情片"), "the input was not echoed:\n\(answer.screen)")
    }

    @Test func tabCompletesATitleAndCtrlDRestoresTheTerminal() throws {
        let t = try Self.start("real-tab")
        defer { t.stop() }
        t.type("I loved Back to the Fu")
        t.press("Tab")
        let completed = t.waitFor(seconds: 10) { $0.contains("› I loved Back to the Future") }
        #expect(completed.ok, "Tab did not complete the title:\n\(completed.screen)")
        t.press("C-u")
        t.press("C-d")
        let after = t.waitFor(seconds: 10) { $0.contains("curio exited with 0") }
        #expect(after.ok, "curio did not exit on Ctrl-D:\n\(after.screen)")
        #expect(after.screen.contains("shell-before-curio"), "the shell's screen was not restored:\n\(after.screen)")
        #expect(!after.screen.contains("Recommendations"), "curses remnants after exit:\n\(after.screen)")
    }

    @Test func resumeBringsBackTheConversationAndItsStateAndUpRecallsHistory() throws {
        let state = TerminalChatTmuxTests.stateDirectory()
        do {
            let t = try Self.start("real-resume-1", state: state)
            defer { t.stop() }
            t.type("a comedy from the 90s")
            t.press("Enter")
            #expect(t.waitFor(seconds: 30) { $0.contains("│ 2. ") && $0.contains("[Comedy]─[1990s]") }.ok)
            t.press("C-d")
            #expect(t.waitFor(seconds: 10) { $0.contains("curio exited with 0") }.ok)
        }
        let t = try Self.start("real-resume-2", state: state, arguments: "--resume")
        defer { t.stop() }
        let back = t.waitFor(seconds: 10) { $0.contains("› a comedy from the 90s") && $0.contains("[Comedy]─[1990s]") }
        #expect(back.ok, "the transcript and chips did not come back:\n\(back.screen)")
        // The dialogue state came back too: "#2" still means the second item of that list.
        t.type("why #2")
        t.press("Enter")
        let why = t.waitFor(seconds: 30) { $0.contains("Why ") && $0.contains("█") }
        #expect(why.ok, "the restored list could not be referred to:\n\(why.screen)")
        t.press("Up")
        #expect(t.waitFor(seconds: 5) { $0.hasSuffix("› why #2") || $0.contains("\n› why #2\n") }.ok)
        t.press("Up")
        let recalled = t.waitFor(seconds: 5) { $0.contains("\n› a comedy from the 90s\n") }
        #expect(recalled.ok, "Up did not recall the previous session's line:\n\(recalled.screen)")
    }

    @Test func resizingKeepsTheTranscriptAndCtrlCClearsThenQuits() throws {
        let t = try Self.start("real-resize")
        defer { t.stop() }
        t.type("a comedy from the 90s")
        t.press("Enter")
        let wide = t.waitFor(seconds: 30) { $0.contains("│ 5. ") && $0.contains("[Comedy]─[1990s]") }
        #expect(wide.ok, "no list:\n\(wide.screen)")
        t.resize(columns: 60, rows: 20)
        let narrow = t.waitFor(seconds: 10) { !$0.contains("│") && $0.contains("Comedy") }
        #expect(narrow.ok, "no narrow layout:\n\(narrow.screen)")
        for row in narrow.screen.split(separator: "\n") { #expect(row.count <= 60, "row wider than the screen: \(row)") }
        t.resize(columns: 120, rows: 40)
        let back = t.waitFor(seconds: 10) { $0 == wide.screen }
        #expect(back.ok, "the wide screen differs after the round trip:\n\(back.screen)")

        t.type("half a thought")
        #expect(t.waitFor(seconds: 5) { $0.contains("› half a thought") }.ok)
        t.press("C-c")
        #expect(t.waitFor(seconds: 5) { !$0.contains("half a thought") }.ok, "Ctrl-C did not clear the input")
        t.press("C-c")
        t.press("C-c")
        let exited = t.waitFor(seconds: 10) { $0.contains("curio exited with 0") && $0.contains("shell-before-curio") }
        #expect(exited.ok, "two Ctrl-C on an empty line did not quit cleanly:\n\(exited.screen)")
        #expect(!exited.screen.contains("Enter send"), "curses remnants after exit:\n\(exited.screen)")
    }
}
