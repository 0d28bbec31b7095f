import CurioDialogue
import Foundation
import Testing
@testable import CurioEngine

/// A soft preference reaches people as words, never as its code name: "why" cites it in
/// the user's language and the chat's state line names it.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct PreferenceWordsTests {
    @Test func whyCitesEveryPreferenceInWordsInBothLanguages() throws {
        let engine = try #require(EngineFixture.engine)
        for preference in Preference.allCases {
            let english = engine.label(.preference(SoftPreference(preference)), .english)
            let chinese = engine.label(.preference(SoftPreference(preference)), .chinese)
            #expect(english.hasPrefix("you wanted ") && english.hasSuffix(preference.words), "\(preference): \(english)")
            #expect(chinese.hasPrefix("你想要") && !chinese.contains { $0.isASCII && $0.isLetter }, "\(preference): \(chinese)")
        }
        #expect(engine.label(.preference(SoftPreference(.lessViolent)), .english) == "you wanted something less violent")
        #expect(engine.label(.preference(SoftPreference(.lighter)), .chinese) == "你想要轻松一点的")
    }

    @Test func theStateLineNamesPreferencesAsPeopleSayThem() throws {
        let engine = try #require(EngineFixture.engine)
        var state = DialogueState()
        state.preferences = [SoftPreference(.lessViolent), SoftPreference(.hiddenGem), SoftPreference(.newer)]
        let chips = StateSummary.chips(state, catalog: engine.catalog)
        #expect(chips == ["less violent", "hidden gem", "newer"])
        // Programs keep matching the raw values.
        #expect(StateSummary.snapshot(state, catalog: engine.catalog).moods == ["lessViolent", "hiddenGem", "newer"])
    }

    /// A replies file without the words for one preference is refused at load, naming the key.
    @Test func repliesMissingAPreferencesWordsAreRefused() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("curio-replies-\(getpid())").path
        try? FileManager.default.removeItem(atPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for language in ["en", "zh"] {
            let text = try String(contentsOfFile: EngineFixture.prompts + "/replies.\(language).txt", encoding: .utf8)
            let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("cause.preference.hiddenGem\t") }
            try kept.joined(separator: "\n").write(toFile: copy + "/replies.\(language).txt", atomically: true, encoding: .utf8)
        }
        #expect {
            _ = try ReplyTemplates.load(prompts: copy)
        } throws: { "\($0)".contains("cause.preference.hiddenGem") }
    }
}
