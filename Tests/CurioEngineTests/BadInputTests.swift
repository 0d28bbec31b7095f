import CurioCatalog
import CurioDialogue
import Foundation
import Testing
@testable import CurioEngine

/// Hostile or broken input gets a helpful reply or a clear error, never a crash.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct BadInputTests {
    let engine: Engine
    init() throws { engine = try #require(EngineFixture.engine) }

    @Test func emptyAndBlankLinesAskForARequest() throws {
        var c = Conversation()
        for text in ["", "   ", "\n\t"] {
            let r = try engine.respond(to: text, in: &c)
            #expect(r.text.contains("Say what you feel like watching"))
            #expect(r.items == nil)
        }
        #expect(c.state.turn == 0)
    }

    @Test func aHundredKilobyteLineIsCutWithANote() throws {
        var c = Conversation()
        let line = "a funny 90s movie " + String(repeating: "blah ", count: 20_000)
        let start = Date()
        let r = try engine.respond(to: line, in: &c)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(r.text.hasPrefix("(Your message was 100017 characters long; I read the first 2000.)"))
        #expect(c.state.constraints.includeGenres == ["Comedy"])
        #expect(r.items?.count == 10)
    }

    @Test func controlAndEscapeCharactersNeverReachTheReply() throws {
        var c = Conversation()
        let r = try engine.respond(to: "\u{1B}[31ma funny\u{07} 90s \u{1B}]0;title\u{07}movie\u{0}", in: &c)
        #expect(c.state.constraints.includeGenres == ["Comedy"])
        #expect(!c.state.request.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(!r.text.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func nonsenseGetsHelpAndLeavesTheStateAlone() throws {
        var c = Conversation()
        _ = try engine.respond(to: "a funny 90s movie", in: &c)
        let state = c.state
        let r = try engine.respond(to: "qwzx plonk vrrt", in: &c)
        #expect(r.text.contains("Try"))
        #expect(r.items == nil)
        #expect(c.state == state)
        let hello = try engine.respond(to: "hello", in: &c)
        #expect(hello.text.hasPrefix("Hello!"))
    }

    @Test func referencesToNothingSaySo() throws {
        var c = Conversation()
        let r = try engine.respond(to: "#7 seen", in: &c)
        #expect(r.text.contains("could not tell which item"))
        #expect(c.state.seen.isEmpty)
        let why = try engine.respond(to: "why #4", in: &c)
        #expect(why.explanation == nil && why.text.contains("Which item?"))
    }

    /// A liked title the catalog does not hold is said to be unknown, not counted against the list.
    @Test func anUnknownTitleIsSaidToBeUnknown() throws {
        var c = Conversation()
        for (utterance, expected) in [("I loved \"Blorft Zingo\"", "could not find that film"),
                                      ("我喜欢《盗火线》", "找不到这部电影")] {
            let r = try engine.respond(to: utterance, in: &c)
            #expect(r.text.contains(expected), "\(utterance): \(r.text)")
            #expect(!r.text.contains("0 items") && !r.text.contains("0部"), "\(r.text)")
            #expect(c.state.liked.isEmpty)
        }
    }

    /// Cast and crew are not in the catalog: curio says so instead of ignoring them.
    @Test func askingForAnActorOrDirectorIsAnsweredHonestly() throws {
        var c = Conversation()
        for (utterance, expected) in [("anything starring Tom Hanks?", "not who is in them or who made them"),
                                      ("hi, any suggestions directed by Nolan?", "not who is in them"),
                                      ("诺兰导演的电影", "不知道演员和导演"),
                                      ("a Pixar movie", "not who is in them or who made them"),
                                      ("不要迪士尼的", "不知道演员和导演")] {
            let r = try engine.respond(to: utterance, in: &c)
            #expect(r.text.contains(expected) && r.items == nil, "\(utterance): \(r.text)")
        }
    }
}
