import CurioDialogue
import Foundation

/// What curio says, per language: prompts/replies.en.txt and replies.zh.txt.
///
/// Format: `key<TAB>text` per line, `#` lines are comments; `{name}` in a text is a
/// value filled by `text(_:_:)`. Keeping replies in files lets them be reworded (or a
/// language added) without touching code. Loading checks that every English key has
/// a Chinese text, so a reply can never silently fall back to a key name.
public struct ReplyTemplates: Sendable {
    private let texts: [Language: [String: String]]
    /// Per language, the word for each catalog genre (from the dialogue lexicon).
    private let genreWords: [Language: [String: String]]

    public init(texts: [Language: [String: String]], genreWords: [Language: [String: String]] = [:]) {
        self.texts = texts
        self.genreWords = genreWords
    }

    /// Loads prompts/replies.*.txt and the genre words of prompts/lexicon/zh.tsv.
    /// - Throws: `EngineError.template` naming the file and line of a malformed entry,
    ///   or a key missing from one language.
    public static func load(prompts: String) throws -> ReplyTemplates {
        var texts: [Language: [String: String]] = [:]
        for language in [Language.english, .chinese] {
            let path = "\(prompts)/replies.\(language.rawValue).txt"
            guard let content = readTextFile(path) else { throw EngineError.template(path, "cannot read the file") }
            var table: [String: String] = [:]
            for (n, raw) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
                if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
                guard let tab = line.firstIndex(of: "\t") else {
                    throw EngineError.template("\(path):\(n + 1)", "expected key<TAB>text")
                }
                let key = String(line[..<tab])
                guard !key.isEmpty, table[key] == nil else {
                    throw EngineError.template("\(path):\(n + 1)", key.isEmpty ? "empty key" : "duplicate key \(key)")
                }
                table[key] = String(line[line.index(after: tab)...])
            }
            texts[language] = table
        }
        let missing = Set(texts[.english]!.keys).subtracting(texts[.chinese]!.keys)
        if let key = missing.sorted().first {
            throw EngineError.template("\(prompts)/replies.zh.txt", "no text for \(key) (replies.en.txt has one)")
        }
        // Every soft preference a why may cite needs its own words (not its code name).
        if let key = Preference.allCases.map(causeKey).first(where: { texts[.english]![$0] == nil }) {
            throw EngineError.template("\(prompts)/replies.en.txt", "no text for \(key)")
        }
        var words: [Language: [String: String]] = [:]
        if let lexicon = readTextFile(prompts + "/lexicon/zh.tsv") {
            var zh: [String: String] = [:]
            for line in lexicon.split(separator: "\n") where !line.hasPrefix("#") {
                let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard cells.count >= 2, !cells[1].contains(" "), cells[1].hasPrefix("genre:") else { continue }
                let genre = String(cells[1].dropFirst(6))
                if zh[genre] == nil { zh[genre] = String(cells[0]) }
            }
            words[.chinese] = zh
        }
        return ReplyTemplates(texts: texts, genreWords: words)
    }

    /// The text for `key` in `language` with `{name}` replaced by `values[name]`.
    /// An unknown key gives the key itself (only a programming error can ask for one).
    public func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        var out = texts[language]?[key] ?? texts[.english]?[key] ?? key
        for (name, value) in values { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }

    /// The key of the words a why cites a soft preference with ("you wanted something lighter").
    public static func causeKey(_ preference: Preference) -> String { "cause.preference.\(preference.rawValue)" }

    /// Whether `language` has a text for `key`.
    public func has(_ key: String, _ language: Language) -> Bool { texts[language]?[key] != nil }

    /// A catalog genre as shown in `language` ("Comedy", "喜剧").
    public func genre(_ name: String, _ language: Language) -> String {
        genreWords[language]?[name] ?? name
    }

    /// Alternative genres as said in `language`: "Comedy or Horror", "喜剧或恐怖".
    public func alternatives(_ genres: [String], _ language: Language) -> String {
        genres.map { genre($0, language) }.joined(separator: text("list.or", language))
    }

    /// `parts` joined by the language's list separator.
    public func list(_ parts: [String], _ language: Language) -> String {
        parts.joined(separator: text("list.separator", language))
    }
}
