import Testing
import CurioCatalog
import CurioDialogue
import CurioEngine
import CurioModel
@testable import CurioTraining

/// The synthetic chat turns the model learns to read states from.
@Suite struct ConversationTaskTests {
    static func task(_ catalog: Catalog, preferenceTurns: Bool = true) throws -> ConversationTask {
        let tokenizer = try CatalogTokenizer.build(catalog: catalog, prompts: promptsDirectory, merges: 64)
        let understanding = try Understanding.load(lexiconDirectory: promptsDirectory + "/lexicon",
                                                   titles: TitleSearch(catalog: catalog))
        return try ConversationTask(
            template: try TaskTemplate.load("conversation", prompts: promptsDirectory), tokenizer: tokenizer,
            catalog: catalog, understanding: understanding,
            stateTemplate: try StateTemplate.load(path: promptsDirectory + "/state.txt"), prompts: promptsDirectory,
            preferenceTurns: preferenceTurns)
    }

    /// Requests with a soft preference ("something lighter", "来一部轻松的喜剧") are among
    /// the turns, in both languages, and every item such a turn teaches the model to
    /// recommend fits the preference as prompts/preferences.tsv defines it: otherwise
    /// "prefer lighter" in a state would mean nothing the model could learn.
    @Test func turnsWithAPreferenceTeachOnlyItemsThatFitIt() throws {
        let catalog = tinyCatalog()
        let task = try Self.task(catalog)
        let split = LeaveOneOutSplit(catalog: catalog)
        var random = ModelRandom(seed: 11)
        var kinds: Set<Preference> = [], languages: Set<Language> = [], turns = 0, withPreference = 0
        for history in split.trainingSequences where history.count >= 3 {
            for _ in 0..<20 {
                guard let turn = task.turn(history: history, random: &random) else { continue }
                turns += 1
                guard !turn.state.preferences.isEmpty else { continue }
                withPreference += 1
                languages.insert(turn.state.language)
                for preference in turn.state.preferences {
                    kinds.insert(preference.kind)
                    for target in turn.targets {
                        #expect(task.preferenceFacts.fits(catalog.items[target], preference.kind) != false,
                                "\(turn.request): \(catalog.items[target].title) does not fit \(preference.kind)")
                    }
                }
            }
        }
        #expect(withPreference > turns / 10, "\(withPreference) of \(turns) turns carry a preference")
        #expect(languages == [.english, .chinese])
        // The tiny catalog's items are comedies, dramas, horror films and romances from
        // 1980-2009 of 80-129 minutes, without IMDb facts: a hidden gem needs a rating.
        #expect(kinds.isSuperset(of: [.lighter, .darker, .newer, .older, .shorter, .longer]), "\(kinds)")
        #expect(!kinds.contains(.hiddenGem) && !kinds.contains(.popular))
    }

    /// Without `--preference-turns` (the shipped model's recipe) the task reads only the
    /// lines it read before the preference lines existed.
    @Test func withoutPreferenceTurnsNoRequestCarriesAPreferenceSlot() throws {
        let catalog = tinyCatalog()
        let plain = try Self.task(catalog, preferenceTurns: false)
        let all = try Self.task(catalog)
        for ((language, lines), (_, every)) in zip(plain.requests, all.requests) {
            #expect(!lines.isEmpty && lines.allSatisfy { !$0.contains("{pref}") }, "\(language)")
            #expect(lines == every.filter { !$0.contains("{pref}") } && lines.count < every.count)
        }
    }

    /// A request about a genre keeps only targets of that genre (what the task has always
    /// done, kept while turns became a value of their own).
    @Test func targetsSatisfyTheStatesConstraints() throws {
        let catalog = tinyCatalog()
        let task = try Self.task(catalog)
        var random = ModelRandom(seed: 5)
        var checked = 0
        for history in LeaveOneOutSplit(catalog: catalog).trainingSequences where history.count >= 3 {
            guard let turn = task.turn(history: history, random: &random) else { continue }
            for target in turn.targets {
                #expect(turn.state.constraints.verdict(for: catalog.items[target]).passes, "\(turn.request)")
                #expect(!turn.state.liked.contains(target))
                checked += 1
            }
        }
        #expect(checked > 50)
    }
}
