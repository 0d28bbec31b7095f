import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real full-screen chat (`curio-tui-fixture`: CurioTerminal over a deterministic
/// test backend) driven under tmux. Serialized: each test runs its own tmux server and
/// the machine has two cores.
@Suite(.serialized, .enabled(if: TmuxDriver.isAvailable, "tmux is not installed: skipping the end-to-end chat tests"))
struct TerminalChatTmuxTests {
    /// The fixture binary, built beside this test bundle.
    static var fixture: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("curio-tui-fixture").path),
              dir.path != "/" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("curio-tui-fixture").path
    }

    /// A fresh state directory, so history and sessions never touch the real ones.
    static func stateDirectory() -> String {
        let path = NSTemporaryDirectory() + "curio-tmux-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts the chat inside a shell that reports its exit status and then stays, so
    /// a test can see what the terminal looks like after curio exits.
    static func start(_ name: String, columns: Int = 120, rows: Int = 40, state: String = stateDirectory(),
                      arguments: String = "") throws -> TmuxDriver {
        let command = "echo shell-before-curio; env LANG=C.UTF-8 INPUTRC=/dev/null XDG_STATE_HOME=\(state) "
            + "\(fixture) \(arguments); echo \"curio exited with $?\"; exec sleep 600"
        let driver = try TmuxDriver(name: name, columns: columns, rows: rows, shellCommand: command)
        let ready = driver.waitFor("Tell me what you feel like watching")
        #expect(ready.ok, "the chat did not start:\n\(ready.screen)")
        return driver
    }

    static func line(_ screen: String, startingWith prefix: String) -> String? {
        screen.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test func numberedItemsAppearAndARefinementChangesTheChips() throws {
        let t = try Self.start("items")
        defer { t.stop() }
        t.type("a funny 90s movie")
        t.press("Enter")
        let list = t.waitFor(all: ["│ 1. Toy Story (1995) · Animation, Comedy", "──[Comedy]─[1990s]──"])
        #expect(list.ok, "no list or chips:\n\(list.screen)")
        t.type("shorter")
        t.press("Enter")
        let refined = t.waitFor("──[Comedy]─[1990s]─[≤ 120 min]──")
        #expect(refined.ok, "chips unchanged:\n\(refined.screen)")
    }

    @Test func resizingReLaysOutWithoutLosingTheTranscript() throws {
        let t = try Self.start("resize")
        defer { t.stop() }
        t.type("a funny 90s movie")
        t.press("Enter")
        let wide = t.waitFor(all: ["│ 5. Scream (1996)", "──[Comedy]─[1990s]──", "Enter send"])
        #expect(wide.ok, "\(wide.screen)")
        t.resize(columns: 60, rows: 20)
        let narrow = t.waitFor(seconds: 5) {
            $0.contains("   Because you asked for Comedy, 1990s") && !$0.contains("│") && $0.contains("› a funny 90s movie")
        }
        #expect(narrow.ok, "narrow layout missing:\n\(narrow.screen)")
        for row in narrow.screen.split(separator: "\n") { #expect(row.count <= 60, "row wider than the screen: \(row)") }
        t.resize(columns: 120, rows: 40)
        let back = t.waitFor { $0 == wide.screen }
        #expect(back.ok, "the wide screen differs after the round trip:\n\(back.screen)")
    }

    @Test func chineseInputIsEchoedWithTheCursorAfterIt() throws {
        let t = try Self.start("cjk")
        defer { t.stop() }
        t.type("我想看 卧虎")
        let typed = t.waitFor("› 我想看 卧虎")
        #expect(typed.ok, "\(typed.screen)")
        #expect(t.cursor() == (x: 2 + 6 + 1 + 4, y: 38))
        t.press("Tab")
        let completed = t.waitFor("› 我想看 卧虎藏龙")
        #expect(completed.ok, "\(completed.screen)")
        #expect(t.cursor() == (x: 2 + 6 + 1 + 8, y: 38))
        t.press("C-a")
        #expect(t.waitFor(seconds: 2) { _ in t.cursor() == (x: 2, y: 38) }.ok)
    }

    @Test func tabCompletesAPartialTitleAndListsTheChoices() throws {
        let t = try Self.start("tab")
        defer { t.stop() }
        t.type("something like men in b")
        t.press("Tab")
        let done = t.waitFor(all: ["› something like Men in Black", "Tab: Men in Black · Men in Black II"])
        #expect(done.ok, "\(done.screen)")
        t.press("C-u")
        t.type("/wh")
        t.press("Tab")
        #expect(t.waitFor("› /why").ok)
        #expect(t.waitFor(seconds: 2) { _ in t.cursor().x == 7 }.ok, "no space after the completed command")
    }

    @Test func historyIsRecalledWithUpAfterARestart() throws {
        let state = Self.stateDirectory()
        let first = try Self.start("history1", state: state)
        first.type("a funny 90s movie")
        first.press("Enter")
        #expect(first.waitFor("1. Toy Story").ok)
        first.type("first part")
        first.press("M-Enter")   // a multi-line entry survives too
        first.type("second line")
        #expect(first.waitFor("\n› first part\n  second line\n").ok, "Alt-Enter did not start a new line")
        first.press("Enter")
        #expect(first.waitFor("› first part").ok)
        first.press("C-d")
        #expect(first.waitFor("curio exited with 0").ok)
        first.stop()

        let second = try Self.start("history2", state: state)
        defer { second.stop() }
        second.press("Up")
        let multi = second.waitFor { $0.contains("\n› first part\n  second line\n") }
        #expect(multi.ok, "multi-line entry not recalled:\n\(multi.screen)")
        second.press("Up")
        let recalled = second.waitFor { Self.line($0, startingWith: "› a funny 90s movie") != nil && !$0.contains("  second line") }
        #expect(recalled.ok, "history not recalled:\n\(recalled.screen)")
    }

    @Test func twoChatsOpenAtOnceBothKeepTheirHistory() throws {
        let state = Self.stateDirectory()
        let a = try Self.start("twoA", state: state)
        let b = try Self.start("twoB", state: state)
        a.type("crime from A")
        a.press("Enter")
        #expect(a.waitFor("› crime from A").ok)
        b.type("comedy from B")
        b.press("Enter")
        #expect(b.waitFor("› comedy from B").ok)
        a.press("C-d")
        b.press("C-d")
        #expect(a.waitFor("curio exited with 0").ok && b.waitFor("curio exited with 0").ok)
        a.stop()
        b.stop()

        let c = try Self.start("twoC", state: state)
        defer { c.stop() }
        c.press("Up")
        #expect(c.waitFor { Self.line($0, startingWith: "› comedy from B") != nil }.ok)
        c.press("Up")
        #expect(c.waitFor { Self.line($0, startingWith: "› crime from A") != nil }.ok, "A's line was lost")
    }

    @Test func ctrlCClearsThenQuitsAndTheTerminalIsRestored() throws {
        let t = try Self.start("ctrlc")
        defer { t.stop() }
        t.type("half a thought")
        #expect(t.waitFor("› half a thought").ok)
        t.press("C-c")
        let cleared = t.waitFor { !$0.contains("half a thought") }
        #expect(cleared.ok, "\(cleared.screen)")
        t.press("C-c")
        #expect(t.waitFor("Press Ctrl-C again to quit").ok)
        t.press("C-c")
        let exited = t.waitFor(all: ["curio exited with 0", "shell-before-curio"])
        #expect(exited.ok, "\(exited.screen)")
        // The shell's screen is back: no curses remnants.
        #expect(!exited.screen.contains("Enter send"))
        #expect(!exited.screen.contains("Tell me what"))
    }

    @Test func ctrlDOnAnEmptyLineQuitsButDeletesOtherwise() throws {
        let t = try Self.start("ctrld")
        defer { t.stop() }
        t.type("ab")
        t.press("Left", "C-d")
        #expect(t.waitFor { Self.line($0, startingWith: "› a") == "› a" }.ok)
        t.press("C-u", "C-d")
        let exited = t.waitFor("curio exited with 0")
        #expect(exited.ok, "\(exited.screen)")
        #expect(!exited.screen.contains("Enter send"))
    }

    @Test func typingContinuesDuringASlowTurnAndEscStopsWaiting() throws {
        let t = try Self.start("esc")
        defer { t.stop() }
        t.type("tell me slowly")
        t.press("Enter")
        #expect(t.waitFor("thinking… Esc stops waiting").ok)
        t.type("typed while waiting")
        #expect(t.waitFor(seconds: 1) { $0.contains("› typed while waiting") }.ok, "typing was blocked")
        t.press("Escape")
        let stopped = t.waitFor { $0.contains("Stopped waiting") && !$0.contains("thinking…")
            && $0.contains("› typed while waiting") }
        #expect(stopped.ok, "\(stopped.screen)")
    }

    @Test func aPastedBlockWaitsInTheInputBoxUntilSent() throws {
        let t = try Self.start("paste")
        defer { t.stop() }
        t.paste("line one\nline two")
        let shown = t.waitFor(all: ["\n› line one\n", "\n  line two\n"])
        #expect(shown.ok, "\(shown.screen)")
        #expect(!shown.screen.contains("What are you in the mood"))   // not sent yet
        t.press("Enter")
        #expect(t.waitFor("What are you in the mood").ok)
    }

    @Test func plainModeAnswersPipedInput() throws {
        let command = "echo 'a funny 90s movie' | env LANG=C.UTF-8 \(Self.fixture); echo \"plain exited with $?\"; exec sleep 600"
        let t = try TmuxDriver(name: "plain", columns: 100, rows: 30, shellCommand: command)
        defer { t.stop() }
        let out = t.waitFor(all: ["plain exited with 0", "1. Toy Story (1995) · Animation, Comedy · 81 min · ★ 8.3",
                                  "[Comedy] [1990s]"])
        #expect(out.ok, "\(out.screen)")
    }
}
