@testable import CurioChatUI
import Testing

@Suite struct InputCompletionTests {
    let titles = ["Men in Black", "Men in Black II", "Memento", "卧虎藏龙"]
    func lookup(_ prefix: String, _ limit: Int) -> [String] {
        Array(titles.filter { $0.lowercased().hasPrefix(prefix.lowercased()) }.prefix(limit))
    }

    @Test func completesCommandNamesAtTheStartOfTheLine() {
        let edit = InputCompletion.plan(line: "/wh", cursorByteOffset: 3, titles: nil)
        #expect(edit?.replacement == "/why ")
        #expect(InputCompletion.plan(line: "/mor", cursorByteOffset: 4, titles: nil)?.replacement == "/more")
        let ambiguous = InputCompletion.plan(line: "/", cursorByteOffset: 1, titles: nil)
        #expect(ambiguous?.candidates.count == SlashCommand.names.count)
    }

    @Test func completesAMultiWordTitleAfterOtherWords() throws {
        let line = "something like men in bl"
        let edit = try #require(InputCompletion.plan(line: line, cursorByteOffset: line.utf8.count, titles: lookup))
        #expect(edit.replaceFrom == "something like ".utf8.count)
        #expect(edit.replacement == "Men in Black")          // common prefix of the two sequels
        #expect(edit.candidates == ["Men in Black", "Men in Black II"])
    }

    @Test func singleMatchTakesTheTitlesSpellingAndCjkWorks() throws {
        let edit = try #require(InputCompletion.plan(line: "i liked meme", cursorByteOffset: 12, titles: lookup))
        #expect(edit.replacement == "Memento")
        let cjk = "like 卧虎"
        let c = try #require(InputCompletion.plan(line: cjk, cursorByteOffset: cjk.utf8.count, titles: lookup))
        #expect(c.replacement == "卧虎藏龙")
        #expect(c.replaceFrom == 5)
    }

    @Test func nothingToCompleteGivesNoEditAndBusyBackendIsNotAsked() {
        #expect(InputCompletion.plan(line: "zzz qqq", cursorByteOffset: 7, titles: lookup) == nil)
        #expect(InputCompletion.plan(line: "men in", cursorByteOffset: 6, titles: nil) == nil)
    }
}
