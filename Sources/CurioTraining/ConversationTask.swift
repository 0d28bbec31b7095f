import Foundation
import CurioCatalog
import CurioDialogue
import CurioEngine
import CurioModel

/// The *conversational* task (prompts/tasks/conversation.txt): synthetic chat turns
/// built from real histories.
///
/// For a user and a random point in their training history: up to five earlier items
/// they liked, a request rendered from prompts/tasks/utterances.*.txt about the item
/// they really watched next (its genres, decade, length, "like" an earlier item, a
/// genre it lacks and, with `preferenceTurns`, a soft preference it fits such as "lighter"
/// or "a hidden gem"), the
/// dialogue state that curio's own understanding and tracker derive from that request
/// (rendered by prompts/state.txt exactly as in the chat), and as targets the items they
/// really watched next that satisfy the state (and fit its preferences,
/// prompts/preferences.tsv). The model thus learns to read the same state it is given
/// at run time.
public struct ConversationTask: Sendable {
    public let template: TaskTemplate
    public let tokenizer: Tokenizer
    public let catalog: Catalog
    public let understanding: Understanding
    public let stateTemplate: StateTemplate
    /// Request templates per language.
    public let requests: [(Language, [String])]
    /// Words for each genre per language, from the dialogue lexicon.
    public let genreWords: [Language: [String: [String]]]
    /// Words for each soft preference per language, from the dialogue lexicon.
    public let preferenceWords: [Language: [Preference: [String]]]
    /// What each soft preference means in an item's facts.
    public let preferenceFacts: PreferenceFacts
    /// Targets per example at most.
    public var targetsPerExample = 3

    /// Whether requests with a soft preference are rendered (`TrainingOptions.preferenceTurns`).
    public let preferenceTurns: Bool

    /// - Parameter preferenceTurns: also render the request lines with a `{pref}` slot
    ///   (and keep only targets that fit the preferences of a turn's state); without it the
    ///   task reads the lines it read before those existed.
    public init(template: TaskTemplate, tokenizer: Tokenizer, catalog: Catalog, understanding: Understanding,
                stateTemplate: StateTemplate, prompts: String, preferenceTurns: Bool = false) throws {
        self.preferenceTurns = preferenceTurns
        self.template = template
        self.tokenizer = tokenizer
        self.catalog = catalog
        self.understanding = understanding
        self.stateTemplate = stateTemplate
        var requests: [(Language, [String])] = []
        var words: [Language: [String: [String]]] = [:]
        var preferenceWords: [Language: [Preference: [String]]] = [:]
        for language in [Language.english, .chinese] {
            let path = "\(prompts)/tasks/utterances.\(language.rawValue).txt"
            guard let text = readTextFile(path) else { throw TrainingError.template(path, "cannot read the file") }
            requests.append((language, text.split(separator: "\n").map(String.init)
                .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .filter { preferenceTurns || !$0.contains("{pref}") }))
            let lexicon = "\(prompts)/lexicon/\(language.rawValue).tsv"
            words[language] = try Self.genreWords(lexicon: lexicon)
            preferenceWords[language] = try Self.preferenceWords(lexicon: lexicon)
        }
        self.requests = requests
        self.genreWords = words
        self.preferenceWords = preferenceWords
        self.preferenceFacts = try PreferenceFacts.load(path: "\(prompts)/preferences.tsv", catalog: catalog)
    }

    /// Every phrase of a lexicon file with its meaning's terms (the file's errors are the
    /// dialogue's to report; here unreadable lines are skipped).
    static func phrases(lexicon path: String) throws -> [(phrase: String, meaning: [Substring])] {
        guard let text = readTextFile(path) else { throw TrainingError.template(path, "cannot read the file") }
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard !line.hasPrefix("#"), cells.count >= 2 else { return nil }
            return (String(cells[0]), cells[1].split(separator: " "))
        }
    }

    /// Lexicon phrases that mean exactly one genre and nothing else, per genre.
    static func genreWords(lexicon path: String) throws -> [String: [String]] {
        var words: [String: [String]] = [:]
        for (phrase, meaning) in try phrases(lexicon: path) where meaning.count == 1 && meaning[0].hasPrefix("genre:") {
            words[String(meaning[0].dropFirst(6)), default: []].append(phrase)
        }
        return words
    }

    /// Lexicon phrases that mean one soft preference (and at most a rating floor with it,
    /// as "hidden gem" does), per preference; complaints ("too long", "太长") are left out,
    /// since "something too long" would be a strange request.
    static func preferenceWords(lexicon path: String) throws -> [Preference: [String]] {
        var words: [Preference: [String]] = [:]
        for (phrase, meaning) in try phrases(lexicon: path) {
            guard let first = meaning.first, first.hasPrefix("pref:"),
                  let preference = Preference(rawValue: String(first.dropFirst(5))),
                  meaning.dropFirst().allSatisfy({ $0.hasPrefix("rating:") }),
                  !phrase.hasPrefix("too "), !phrase.hasPrefix("太") else { continue }
            words[preference, default: []].append(phrase)
        }
        return words
    }

    /// `perUser` synthetic turns for every user with a long enough history.
    public func examples(split: LeaveOneOutSplit, perUser: Int,
                         random: inout ModelRandom) throws -> [TrainingExample] {
        var out: [TrainingExample] = []
        for history in split.trainingSequences where history.count >= 3 {
            for _ in 0..<perUser {
                if let example = try example(history: history, random: &random) { out.append(example) }
            }
        }
        return out
    }

    /// One synthetic turn before it becomes tokens: what the user said, the state curio
    /// derived from it, and the items they really watched next that satisfy it.
    struct Turn {
        var liked: [Int]
        var request: String
        var state: DialogueState
        var targets: [Int]
    }

    /// One turn from one history, or nil when the request's constraints leave none of
    /// the items actually watched next.
    func example(history: [Int], random: inout ModelRandom) throws -> TrainingExample? {
        guard let turn = turn(history: history, random: &random) else { return nil }
        let stateText = StatePrompt.render(turn.state, catalog: catalog, template: stateTemplate)
        return try template.render(tokenizer: tokenizer, values: [
            "liked": .init(tokens: turn.liked.map { tokenizer.token(forItemIndex: $0) }, isItems: true),
            "utterance": .init(tokens: tokenizer.encode(text: " " + turn.request)),
            "state": .init(tokens: try tokenizer.encode(template: stateText, source: "prompts/state.txt")),
            "targets": .init(tokens: turn.targets.map { tokenizer.token(forItemIndex: $0) }, isItems: true),
        ])
    }

    /// The turn `example(history:random:)` renders.
    func turn(history: [Int], random: inout ModelRandom) -> Turn? {
        let cut = Int.random(in: 1..<history.count, using: &random)
        let earlier = history[..<cut]
        let likedCount = Int.random(in: 0...min(5, earlier.count), using: &random)
        let liked = Array(earlier.shuffled(using: &random).prefix(likedCount))
        let target = catalog.items[history[cut]]

        let (language, lines) = requests[Int.random(in: 0..<requests.count, using: &random)]
        guard let request = render(lines.randomElement(using: &random)!, about: target, liked: liked,
                                   language: language, random: &random) else { return nil }
        var state = DialogueState()
        state.liked = liked
        let interpretation = understanding.interpret(request)
        (state, _) = DialogueTracker.update(state, interpretation.acts, text: request,
                                            language: interpretation.language, facts: catalog)
        let excluded = Set(state.liked + state.disliked + state.seen)
        let targets = history[cut...].lazy
            .filter {
                let item = self.catalog.items[$0]
                return !excluded.contains($0) && state.constraints.verdict(for: item).passes
                    && (!self.preferenceTurns || self.preferenceFacts.fitsAll(item, state))
            }
            .prefix(targetsPerExample)
        guard !targets.isEmpty else { return nil }
        return Turn(liked: liked, request: request, state: state, targets: Array(targets))
    }

    /// The request line with its slots filled, or nil when a slot has no value for
    /// this item (no runtime known, no liked item to name, no preference it fits…).
    func render(_ line: String, about item: Item, liked: [Int], language: Language,
                random: inout ModelRandom) -> String? {
        let words = genreWords[language] ?? [:]
        var text = line
        func fill(_ slot: String, _ value: () -> String?) -> Bool {
            guard text.contains("{\(slot)}") else { return true }
            guard let v = value() else { return false }
            text = text.replacingOccurrences(of: "{\(slot)}", with: v)
            return true
        }
        let ok = fill("genre") {
            let known = item.genres.filter { words[$0] != nil }
            guard let g = known.randomElement(using: &random) else { return nil }
            return words[g]!.randomElement(using: &random)
        } && fill("not_genre") {
            let absent = words.keys.sorted().filter { !item.genres.contains($0) }
            guard let g = absent.randomElement(using: &random) else { return nil }
            return words[g]!.randomElement(using: &random)
        } && fill("pref") {
            let known = (preferenceWords[language] ?? [:]).filter { preferenceFacts.fits(item, $0.key) == true }
            guard let p = known.keys.sorted(by: { $0.rawValue < $1.rawValue }).randomElement(using: &random) else { return nil }
            return known[p]!.randomElement(using: &random)
        } && fill("decade") {
            guard let year = item.year else { return nil }
            let decade = year / 10 * 10
            let short = decade < 2000 ? String(decade % 100) : String(decade)
            return language == .chinese ? "\(short)年代" : "\(short)s"
        } && fill("runtime") {
            guard let runtime = item.runtime else { return nil }
            return String((runtime / 10 + 1) * 10 + Int.random(in: 0...2, using: &random) * 10)
        } && fill("title") {
            guard let l = liked.randomElement(using: &random) else { return nil }
            let title = catalog.items[l].title
            return Bool.random(using: &random) ? title.lowercased() : title
        }
        return ok ? text : nil
    }
}
