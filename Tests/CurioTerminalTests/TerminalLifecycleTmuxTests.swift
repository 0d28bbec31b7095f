import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Signals, colours, scrollback and resuming, on the real chat under tmux.
@Suite(.serialized, .enabled(if: TmuxDriver.isAvailable, "tmux is not installed: skipping the end-to-end chat tests"))
struct TerminalLifecycleTmuxTests {
    typealias Chat = TerminalChatTmuxTests

    @Test func sigtermRestoresTheTerminalAndExitsWith143() throws {
        let t = try Chat.start("sigterm")
        defer { t.stop() }
        // The pane runs sh, whose child is the chat.
        let shell = t.tmux("display", "-p", "-t", "t", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        let pid = try #require(children.split(separator: " ").first.flatMap { pid_t($0) }, "no chat process under the shell")
        kill(pid, SIGTERM)
        let exited = t.waitFor(all: ["curio exited with 143", "shell-before-curio"])
        #expect(exited.ok, "\(exited.screen)")
        #expect(!exited.screen.contains("Enter send"))
    }

    @Test func noColorMeansNoColourCodes() throws {
        let colour = try Chat.start("colour")
        colour.waitFor("Enter send")
        let coloured = colour.tmux("capture-pane", "-p", "-e", "-t", "t")
        colour.stop()
        #expect(coloured.contains("\u{1B}[36m"), "no accent colour without NO_COLOR:\n\(coloured)")

        let command = "env NO_COLOR=1 LANG=C.UTF-8 INPUTRC=/dev/null XDG_STATE_HOME=\(Chat.stateDirectory()) \(Chat.fixture)"
        let mono = try TmuxDriver(name: "nocolor", columns: 100, rows: 30, shellCommand: command)
        defer { mono.stop() }
        #expect(mono.waitFor(all: ["Tell me what", "Enter send"]).ok)
        let plain = mono.tmux("capture-pane", "-p", "-e", "-t", "t")
        for code in ["[31m", "[32m", "[33m", "[34m", "[35m", "[36m", "38;5;"] {
            #expect(!plain.contains(code), "colour code \(code) with NO_COLOR set")
        }
        #expect(plain.contains("\u{1B}[1m"))   // roles still show, as bold
    }

    @Test func pageUpReadsBackAndANewAnswerShowsAMarker() throws {
        let t = try Chat.start("scroll", columns: 60, rows: 16)
        defer { t.stop() }
        for i in 1...4 {
            t.type("crime drama \(i)")
            t.press("Enter")
            #expect(t.waitFor("› crime drama \(i)").ok)
        }
        #expect(t.waitFor("Fargo (1996)").ok)
        t.press("PPage", "PPage")
        let reading = t.waitFor("Reading back")
        #expect(reading.ok, "\(reading.screen)")
        t.type("tell me slowly about crime")
        t.press("Enter")   // sending returns to the bottom…
        #expect(t.waitFor("› tell me slowly about crime").ok)
        t.press("PPage")   // …reading back while the slow answer is on its way
        #expect(t.waitFor("Reading back").ok)
        let marker = t.waitFor(seconds: 6) { $0.contains("new messages below") }
        #expect(marker.ok, "no marker:\n\(marker.screen)")
        t.press("End")
        let bottom = t.waitFor { !$0.contains("new messages below") && !$0.contains("Reading back") }
        #expect(bottom.ok, "\(bottom.screen)")
    }

    @Test func mouseWheelScrollsOnlyWithTheMouseOption() throws {
        let t = try Chat.start("mouse", columns: 60, rows: 16, arguments: "--mouse")
        defer { t.stop() }
        for i in 1...3 {
            t.type("crime drama \(i)")
            t.press("Enter")
            #expect(t.waitFor("› crime drama \(i)").ok)
        }
        // An X10 wheel-up report (ESC [ M, button 64+32, column, row), as tmux's terminfo describes.
        t.tmux("send-keys", "-t", "t", "-H", "1b", "5b", "4d", "60", "2a", "25")
        let up = t.waitFor("Reading back")
        #expect(up.ok, "the wheel did not scroll:\n\(up.screen)")
        t.tmux("send-keys", "-t", "t", "-H", "1b", "5b", "4d", "61", "2a", "25")
        t.tmux("send-keys", "-t", "t", "-H", "1b", "5b", "4d", "61", "2a", "25")
        let down = t.waitFor { !$0.contains("Reading back") }
        #expect(down.ok, "the wheel did not scroll back down:\n\(down.screen)")
    }

    @Test func exportWritesMarkdownToAFileAndToStandardOutputOnExit() throws {
        let state = Chat.stateDirectory()
        let t = try Chat.start("export", state: state)
        defer { t.stop() }
        t.type("a funny 90s movie")
        t.press("Enter")
        #expect(t.waitFor("1. Toy Story").ok)
        t.type("/export \(state)/chat.md")
        t.press("Enter")
        #expect(t.waitFor("Exported the conversation to").ok)
        let markdown = try String(contentsOfFile: state + "/chat.md", encoding: .utf8)
        #expect(markdown.contains("> a funny 90s movie"))
        #expect(markdown.contains("1. **Toy Story** (1995)"))
        t.type("/export -")
        t.press("Enter")
        #expect(t.waitFor("printed on standard output when curio exits").ok)
        t.press("C-d")
        let exited = t.waitFor(all: ["# curio conversation", "curio exited with 0"])
        #expect(exited.ok, "\(exited.screen)")
    }

    @Test func anUnknownTerminalFallsBackToThePlainChat() throws {
        let command = "env TERM=no-such-terminal LANG=C.UTF-8 XDG_STATE_HOME=\(Chat.stateDirectory()) \(Chat.fixture)"
        let t = try TmuxDriver(name: "badterm", columns: 100, rows: 20, shellCommand: command)
        defer { t.stop() }
        #expect(t.waitFor("using the plain line-by-line chat").ok)
        t.type("crime")
        t.press("Enter")
        let answer = t.waitFor(all: ["1. Heat (1995) · Crime, Drama · 170 min · ★ 8.3", "[Crime]"])
        #expect(answer.ok, "\(answer.screen)")
    }

    @Test func resumeShowsTheLastConversationAgain() throws {
        let state = Chat.stateDirectory()
        let first = try Chat.start("resume1", state: state)
        first.type("a funny 90s movie")
        first.press("Enter")
        #expect(first.waitFor("1. Toy Story").ok)
        first.press("C-d")
        #expect(first.waitFor("curio exited with 0").ok)
        first.stop()

        let command = "env LANG=C.UTF-8 INPUTRC=/dev/null XDG_STATE_HOME=\(state) \(Chat.fixture) --resume"
        let second = try TmuxDriver(name: "resume2", columns: 120, rows: 40, shellCommand: command)
        defer { second.stop() }
        let resumed = second.waitFor(all: ["Resumed the last session.", "› a funny 90s movie",
                                           "│ 1. Toy Story (1995)", "──[Comedy]─[1990s]──"])
        #expect(resumed.ok, "\(resumed.screen)")
    }
}
