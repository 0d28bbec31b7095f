/// The phrases `Understanding` knows, loaded from prompts/lexicon/*.tsv.
///
/// Each line maps a phrase to what it means (`LexiconTerm`s), optionally with a second
/// meaning used when the phrase is negated ("violent" → darker; negated → less violent).
/// Phrases are matched greedily, longest first, over utterance tokens, so "不那么悲伤"
/// wins over "不" and "more like" over "more". Format: docs/dialogue.md.
public struct Lexicon: Sendable {
    struct Entry: Sendable {
        var tokens: [String]
        var meaning: [LexiconTerm]
        /// The meaning under negation; nil: negation applies term by term.
        var negated: [LexiconTerm]?
        var source: String
        var line: Int
    }

    /// Entries by their first token, longest phrase first.
    private var entries: [String: [Entry]] = [:]
    /// How many phrases are loaded.
    public private(set) var count = 0

    public init() {}

    /// Parses lexicon text; `source` names it in errors ("prompts/lexicon/en.tsv").
    ///
    /// Lines: `phrase<TAB>meaning[<TAB>negated meaning]`; `#` starts a comment line;
    /// blank lines are skipped. A phrase listed twice (in any file) is an error.
    /// - Throws: `DialogueError.lexicon` naming the file and line.
    public init(parsing text: String, source: String) throws {
        try add(parsing: text, source: source)
    }

    /// Loads every `*.tsv` file of `directory`, in name order.
    /// - Throws: `DialogueError.unreadable` or `.lexicon`.
    public static func load(directory: String) throws -> Lexicon {
        var lexicon = Lexicon()
        let names: [String]
        do {
            names = try FileList.names(in: directory).filter { $0.hasSuffix(".tsv") }.sorted()
        } catch {
            throw DialogueError.unreadable(path: directory, reason: "\(error)")
        }
        if names.isEmpty { throw DialogueError.unreadable(path: directory, reason: "no .tsv lexicon files") }
        for name in names {
            let path = directory + "/" + name
            try lexicon.add(parsing: try FileList.read(path), source: path)
        }
        return lexicon
    }

    /// Adds the phrases of another lexicon file.
    /// - Throws: `DialogueError.lexicon` naming the file and line.
    public mutating func add(parsing text: String, source: String) throws {
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let content = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if content.trimmingSpaces.isEmpty || content.trimmingSpaces.hasPrefix("#") { continue }
            let columns = content.split(separator: "\t", omittingEmptySubsequences: false)
            func fail(_ message: String) -> DialogueError {
                .lexicon(source: source, line: line, message: message)
            }
            guard columns.count == 2 || columns.count == 3 else {
                throw fail("expected 'phrase<TAB>meaning[<TAB>negated meaning]', found \(columns.count) column(s)")
            }
            let tokens = UtteranceTokenizer.tokenize(String(columns[0])).map(\.text)
            guard !tokens.isEmpty else { throw fail("empty phrase") }
            func terms(_ column: Substring) throws -> [LexiconTerm] {
                let words = column.split(separator: " ")
                guard !words.isEmpty else { throw fail("empty meaning for '\(columns[0])'") }
                return try words.map { word in
                    switch LexiconTerm.parse(word) {
                    case .success(let term): return term
                    case .failure(let error): throw fail(error.message)
                    }
                }
            }
            let entry = Entry(tokens: tokens, meaning: try terms(columns[1]),
                              negated: columns.count == 3 ? try terms(columns[2]) : nil,
                              source: source, line: line)
            var list = entries[tokens[0], default: []]
            if let twin = list.first(where: { $0.tokens == tokens }) {
                throw fail("'\(columns[0])' is already defined at \(twin.source):\(twin.line)")
            }
            list.append(entry)
            list.sort { $0.tokens.count > $1.tokens.count }
            entries[tokens[0]] = list
            count += 1
        }
    }

    /// The longest entry whose phrase starts at `tokens[start]`.
    /// - Complexity: O(k·m) for k phrases sharing the first token, m tokens long.
    func longestMatch(in tokens: [UtteranceToken], at start: Int) -> Entry? {
        guard let candidates = entries[tokens[start].text] else { return nil }
        for entry in candidates where start + entry.tokens.count <= tokens.count {
            var matches = true
            for (k, text) in entry.tokens.enumerated() where tokens[start + k].text != text {
                matches = false
                break
            }
            if matches { return entry }
        }
        return nil
    }

    /// Whether `text` alone is a lexicon phrase (used to gate titles).
    func contains(phrase tokens: [String]) -> Bool {
        entries[tokens.first ?? ""]?.contains { $0.tokens == tokens } ?? false
    }

    /// The genre names the lexicon maps to, to check against a catalog's genres.
    public var genres: Set<String> {
        var names: Set<String> = []
        for list in entries.values {
            for entry in list {
                for case .genre(let name) in entry.meaning + (entry.negated ?? []) { names.insert(name) }
            }
        }
        return names
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
