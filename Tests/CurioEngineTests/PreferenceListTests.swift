import CurioCatalog
import CurioDialogue
import Foundation
import Testing
@testable import CurioEngine

/// Soft preferences ("lighter", "less violent", "a hidden gem", "older"…) reach the model
/// only as words in its prompt; the shipped model learnt them from synthetic turns whose
/// targets fit them (prompts/preferences.tsv). Here a person's view: asking for a drama
/// or an adventure "but lighter" must give a list with clearly more lighter films in it
/// than the plain request does: either 30 points more of the list fits, or at least half
/// of what did not fit is gone (a list that mostly fits already has little room to gain).
@Suite struct PreferenceListTests {
    static let requests = ["a drama", "an adventure movie"]

    /// Share of `items` that fit `preference`.
    static func share(_ items: [Int], _ preference: Preference, _ facts: PreferenceFacts, _ catalog: Catalog) -> Double {
        Double(items.filter { facts.fits(catalog.items[$0], preference) == true }.count) / Double(max(1, items.count))
    }

    @Test(.enabled(if: EngineFixture.trainedModelPresent,
                   "no trained model at catalogs/movielens/model.safetensors: train one with `curio train`"))
    func aPreferenceMovesTheListTowardsItemsThatFitIt() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        let facts = engine.preferenceFacts
        var table: [String] = []
        for preference in Preference.allCases where facts.rules[preference] != nil {
            var before = 0.0, after = 0.0
            for request in Self.requests {
                var state = DialogueState()
                var tracker = DialogueTracker()
                tracker.apply(engine.understanding.interpret(request), facts: engine.catalog)
                state = tracker.state
                let plain = try engine.generate(state: state, utterance: request).list.items
                state.preferences = [SoftPreference(preference)]
                let steered = try engine.generate(state: state, utterance: request).list.items
                before += Self.share(plain, preference, facts, engine.catalog) / Double(Self.requests.count)
                after += Self.share(steered, preference, facts, engine.catalog) / Double(Self.requests.count)
            }
            table.append("\(preference.rawValue)\t\((before * 100).rounded())%\t→ \((after * 100).rounded())%")
            #expect(after >= before + 0.3 || 1 - after <= (1 - before) / 2,
                    "\(preference.rawValue): \(before) of the list fit it before, \(after) after")
        }
        print(table.joined(separator: "\n"))
    }
}
