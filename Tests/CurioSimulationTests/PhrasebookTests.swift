import CurioDialogue
import Foundation
import Testing
@testable import CurioSimulation

/// The simulator's phrasings are its own: none is, contains, or sits inside a training
/// template, so the conversational figure measures understanding, not memory.
@Suite struct PhrasebookTests {
    /// A template reduced to what a model could memorise: lower case, punctuation and
    /// spacing dropped, every slot one placeholder, an article before a slot folded
    /// into it (the simulator's decade words carry their own "the").
    static func skeleton(_ line: String) -> String {
        var s = ""
        var inSlot = false
        for ch in line.lowercased() {
            if ch == "{" { inSlot = true; s.append("§"); continue }
            if ch == "}" { inSlot = false; continue }
            if inSlot { continue }
            if ch.isLetter || ch.isNumber || ch == "'" { s.append(ch) } else { s.append(" ") }
        }
        var words = s.split(separator: " ").map(String.init)
        words = words.enumerated().filter { i, w in !(["the", "a", "an"].contains(w) && i + 1 < words.count && words[i + 1].hasPrefix("§")) }
            .map(\.element)
        return words.joined(separator: " ")
    }

    /// `outer` holds `inner` as whole words (or as characters, for Chinese).
    static func contains(_ outer: String, _ inner: String) -> Bool {
        if inner.unicodeScalars.contains(where: { $0.value >= 0x3400 }) { return outer.contains(inner) }
        return (" " + outer + " ").contains(" " + inner + " ")
    }

    static func trainingLines() throws -> [String] {
        let folder = SimulationFixture.prompts + "/tasks"
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.flatMap { name in
            try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
    }

    @Test func noSimulatorPhrasingIsOrContainsATrainingTemplate() throws {
        let books = try #require(SimulationFixture.phrasebooks)
        #expect(books.map(\.language) == [.english, .chinese])
        let training = try Self.trainingLines().map(Self.skeleton).filter { !$0.isEmpty }
        #expect(training.count > 30, "expected the task templates, found \(training.count) lines")
        for book in books {
            for (section, lines) in book.lines {
                for line in lines {
                    let mine = Self.skeleton(line)
                    for theirs in training {
                        #expect(mine != theirs, "[\(section.rawValue)] \"\(line)\" is a training template")
                        #expect(!Self.contains(mine, theirs), "[\(section.rawValue)] \"\(line)\" contains training line \"\(theirs)\"")
                        // A line that is just a slot and a word could sit inside anything.
                        let fixedWords = mine.split(separator: " ").filter { !$0.contains("§") }.count
                        if fixedWords >= 2 || mine.unicodeScalars.count >= 5 && mine.unicodeScalars.contains(where: { $0.value >= 0x3400 }) {
                            #expect(!Self.contains(theirs, mine), "[\(section.rawValue)] \"\(line)\" is inside training line \"\(theirs)\"")
                        }
                    }
                }
            }
        }
    }

    @Test func theSeparationCheckWouldCatchACopiedTemplate() {
        #expect(Self.skeleton("I'm in the mood for {genre}") == Self.skeleton("i'm in the mood for {genre}!"))
        #expect(Self.contains(Self.skeleton("honestly, something {genre} from the {decade} please"),
                              Self.skeleton("something {genre} from the {decade}")))
        #expect(!Self.contains(Self.skeleton("i'm in the mood for something from {decade}"),
                               Self.skeleton("I'm in the mood for {genre}")))
        #expect(Self.contains(Self.skeleton("像{title}那样的电影吧"), Self.skeleton("像{title}那样的电影")))
    }

    @Test(arguments: [
        ("[genre]\nsomething {decade}\n", 2, "slot {decade} does not belong in [genre]"),
        ("[liked]\nmore please\n", 2, "a [liked] line needs {name} or {title}"),
        ("hello\n", 1, "a line before any [section]"),
        ("[moods]\n", 1, "unknown section [moods]"),
        ("[genre-words]\nHorror scary\n", 2, "expected KEY<TAB>word|word|…"),
        ("[decade-words]\n1985\tthe eighties\n", 2, "\"1985\" is not a new decade's first year (1980)"),
    ])
    func badFilesAreRejectedWithTheirLine(text: String, line: Int, problem: String) {
        #expect(throws: SimulationError.phrasebook(file: "x.txt", line: line, problem: problem)) {
            try Phrasebook.parse(text, path: "x.txt", language: .english)
        }
    }

    @Test func aMissingSectionOrFileIsNamed() throws {
        let withoutRuntime = "[genre]\nsome {genre}\n[decade]\nfrom {decade}\n[liked]\nlike {title}\n[answer.year]\n{year}\n"
            + "[answer.number]\nit's #{number}\n[answer.either]\neither\n[answer.unknown]\nno idea\n"
            + "[genre-words]\nHorror\thorror\n[decade-words]\n1980\tthe eighties\n"
        #expect(throws: SimulationError.phrasebook(file: "en.txt", line: 0, problem: "section [runtime] is missing or empty")) {
            try Phrasebook.parse(withoutRuntime, path: "en.txt", language: .english)
        }
        #expect(throws: SimulationError.phrasebook(file: "/nonexistent/en.txt", line: 0, problem: "cannot read the file")) {
            try Phrasebook.load(path: "/nonexistent/en.txt", language: .english)
        }
    }
}
