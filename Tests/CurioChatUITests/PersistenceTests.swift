@testable import CurioChatUI
import Foundation
import Testing

@Suite struct PersistenceTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "curio-chatui-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func stateDirectoryFollowsXdgAndIgnoresRelativePaths() {
        #expect(StateFiles.directory(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/h"]) == "/x/state/curio")
        #expect(StateFiles.directory(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/curio")
        #expect(StateFiles.directory(environment: ["HOME": "/h"]) == "/h/.local/state/curio")
    }

    @Test func sessionRoundTripsAndBadFilesAreNamed() throws {
        let dir = try temporaryDirectory()
        let store = SessionStore(directory: dir + "/curio")
        #expect(try store.load() == nil)
        let session = SavedSession(header: Sample.header, transcript: Sample.state(columns: 80, rows: 24).transcript)
        try store.save(session)
        #expect(try store.load() == session)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/curio") == ["last-session.json"])
        try "{ not json".write(toFile: store.path, atomically: true, encoding: .utf8)
        #expect(throws: ChatUIError.self) { try store.load() }
        do { _ = try store.load() } catch { #expect("\(error)".contains(store.path)) }
    }

    @Test func markdownExportEscapesAndIsWrittenAtomically() throws {
        var transcript = Sample.state(columns: 80, rows: 24).transcript
        transcript.append(.reply(ChatReply(text: "", explanation: Explanation(subject: "Men | in Black",
                                                                                causes: [.init(label: "#1 fan", weight: 0.5)]))))
        let markdown = MarkdownExport.render(transcript, header: Sample.header)
        #expect(markdown.contains("> a funny 90s movie"))
        #expect(markdown.contains("1. **Men in Black** (1997) · Comedy, Sci-Fi · 98 min · ★ 7.3"))
        #expect(markdown.contains("| \\#1 fan | 0.50 |"))
        #expect(markdown.contains("Why **Men \\| in Black**"))
        let dir = try temporaryDirectory()
        try MarkdownExport.write(markdown, to: dir + "/chat.md")
        #expect(try String(contentsOfFile: dir + "/chat.md", encoding: .utf8) == markdown)
        #expect(throws: ChatUIError.self) { try MarkdownExport.write(markdown, to: dir) }
        #expect(throws: ChatUIError.self) { try MarkdownExport.write(markdown, to: dir + "/missing/dir/chat.md") }
    }
}

/// A backend whose answers are scripted: for the plain chat's own tests.
final class ScriptedBackend: ChatBackend {
    var header: ChatHeader { Sample.header }
    var received: [String] = []
    func respond(to text: String) throws -> ChatReply {
        received.append(text)
        if text == "break" { throw ChatUIError.exportFailed(path: "x", reason: "scripted failure") }
        return Sample.reply
    }
    func perform(_ command: ChatCommand) throws -> ChatReply {
        received.append("\(command)")
        return ChatReply(text: "performed")
    }
    func completions(forTitlePrefix prefix: String, limit: Int) -> [String] { [] }
}

@Suite struct PlainChatTests {
    func run(_ input: [String]) -> (out: String, err: String, status: Int32, backend: ScriptedBackend) {
        let backend = ScriptedBackend()
        var lines = input[...]
        var out = "", err = ""
        let status = PlainChat(backend: backend).run(readLine: { lines.popFirst() }, output: { out += $0 },
                                                     errors: { err += $0 })
        return (out, err, status, backend)
    }

    @Test func answersEachLineWithNumberedItemsAndChips() {
        let r = run(["a funny 90s movie"])
        #expect(r.out.hasPrefix("Here are three light comedies from the 90s:\n1. Men in Black (1997) · Comedy, Sci-Fi · 98 min · ★ 7.3\n   Because you liked"))
        #expect(r.out.contains("[Comedy] [1990s] [≤ 120 min] [no Horror]"))
        #expect(!r.out.contains("\u{00A0}"))
        #expect(r.status == 0)
    }

    @Test func commandsAreCheckedAndErrorsGoToStandardError() {
        let r = run(["/why 1", "hello", "/why 9", "/help", "break"])
        #expect(r.backend.received == ["hello", "break"])   // /why 1 before any list is refused
        #expect(r.err.contains("curio: /why 1: there is no list yet"))
        #expect(r.err.contains("curio: /why 9: the list has only 3 items."))
        #expect(r.out.contains("Commands (N is an item number from the list)"))
        #expect(r.status == 1)
    }

    @Test func quitStopsReadingAndOutputIsSanitised() {
        let backend = ScriptedBackend()
        var lines = ["/quit", "never read"][...]
        var out = ""
        _ = PlainChat(backend: backend).run(readLine: { lines.popFirst() }, output: { out += $0 }, errors: { _ in })
        #expect(lines.count == 1)
        let evil = PlainChat.format(ChatReply(text: "hi\u{1B}]0;title\u{07} there\u{1B}[2J"))
        #expect(evil == "hi there\n")
    }
}
