import CurioCatalog

/// What each soft preference means in an item's facts (prompts/preferences.tsv):
/// "lighter" is a comedy, animation, children's film or musical with no horror, thriller,
/// war, crime or noir in it; "newer" is from the catalog's newest third; "a hidden gem" is
/// rated 7+ on IMDb with fewer votes than the catalog's most voted tenth (which is about
/// half of what people watch: MovieLens users watch well-known films).
///
/// Soft preferences reach the model only as words in its prompt ("prefer lighter"), so
/// it can follow them only if it was trained on them: with `curio train
/// --preference-turns` the conversation task renders requests with a preference about
/// items that fit it (docs/training.md). The engine's preference expert leans every list
/// towards the items that fit (docs/engine.md), and tests check the shipped model's lists
/// against the same definition. Quantile thresholds are
/// resolved against one catalog's items when the file is loaded; in a catalog that lacks
/// a fact altogether, no item fits a rule about it.
public struct PreferenceFacts: Sendable {
    /// One condition on an item's facts.
    public enum Clause: Sendable, Equatable {
        case genresAny(Set<String>)
        case genresNone(Set<String>)
        case mpaaNone(Set<String>)
        /// Its MPAA rating is known and one of these.
        case mpaaAny(Set<String>)
        /// `fact` ≥ `value` (or ≤ when `atMost`), the quantile already resolved.
        case bound(fact: NumericFact, value: Double, atMost: Bool)
    }

    /// The item facts a bound may be about.
    public enum NumericFact: String, Sendable, CaseIterable {
        case year, runtime, rating, votes

        func value(of item: Item) -> Double? {
            switch self {
            case .year: item.year.map(Double.init)
            case .runtime: item.runtime.map(Double.init)
            case .rating: item.imdbRating
            case .votes: item.imdbVotes.map(Double.init)
            }
        }
    }

    /// A preference's rule, by preference: alternatives (one per line of the file), each
    /// a list of clauses that must all hold; preferences without a rule are absent.
    public let rules: [Preference: [[Clause]]]

    /// Parses the file's text, resolving quantiles over `items`.
    /// - Throws: `DialogueError.lexicon` naming `source`, the line and what is wrong.
    public init(parsing text: String, source: String, items: [Item]) throws {
        var rules: [Preference: [[Clause]]] = [:]
        var sortedFacts: [NumericFact: [Double]] = [:]
        func quantile(_ fact: NumericFact, _ p: Double) -> Double? {
            if sortedFacts[fact] == nil { sortedFacts[fact] = items.compactMap { fact.value(of: $0) }.sorted() }
            let values = sortedFacts[fact]!
            guard !values.isEmpty else { return nil }
            return values[min(values.count - 1, Int((p * Double(values.count - 1)).rounded()))]
        }
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if content.trimmingSpaces.isEmpty || content.trimmingSpaces.hasPrefix("#") { continue }
            func fail(_ message: String) -> DialogueError { .lexicon(source: source, line: offset + 1, message: message) }
            let columns = content.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 2 else { throw fail("expected 'preference<TAB>clauses', found \(columns.count) column(s)") }
            guard let preference = Preference(rawValue: String(columns[0])) else {
                throw fail("unknown preference '\(columns[0])' (known: \(Preference.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let words = columns[1].split(separator: " ")
            guard !words.isEmpty else { throw fail("'\(preference.rawValue)' has no clause") }
            rules[preference, default: []].append(try words.map { word in
                for (prefix, make) in [("genres-any:", Clause.genresAny), ("genres-none:", Clause.genresNone),
                                       ("mpaa-none:", Clause.mpaaNone), ("mpaa-any:", Clause.mpaaAny)]
                where word.hasPrefix(prefix) {
                    let names = word.dropFirst(prefix.count).split(separator: ",").map(String.init)
                    guard !names.isEmpty else { throw fail("'\(word)' names nothing") }
                    return make(Set(names))
                }
                let atMost = word.contains("<=")
                let parts = word.split(separator: atMost ? "<=" : ">=", maxSplits: 1).map(String.init)
                guard parts.count == 2, word.contains(atMost ? "<=" : ">=") else {
                    throw fail("cannot read the clause '\(word)' (genres-any:…, genres-none:…, mpaa-any:…, mpaa-none:…, FACT>=VALUE, FACT<=VALUE)")
                }
                guard let fact = NumericFact(rawValue: parts[0]) else {
                    throw fail("unknown fact '\(parts[0])' (known: year, runtime, rating, votes)")
                }
                let value: Double
                if parts[1].hasPrefix("q") {
                    guard let p = Double(parts[1].dropFirst()), (0...1).contains(p) else {
                        throw fail("'\(parts[1])' is not a quantile q0…q1")
                    }
                    // A catalog without this fact (no IMDb votes…): no item can fit the rule.
                    value = quantile(fact, p) ?? (atMost ? -.infinity : .infinity)
                } else {
                    guard let v = Double(parts[1]), v.isFinite else { throw fail("'\(parts[1])' is not a number") }
                    value = v
                }
                return .bound(fact: fact, value: value, atMost: atMost)
            })
        }
        self.rules = rules
    }

    /// Loads prompts/preferences.tsv for `catalog`.
    /// - Throws: `DialogueError.unreadable` or `.lexicon`.
    public static func load(path: String, catalog: Catalog) throws -> PreferenceFacts {
        try PreferenceFacts(parsing: try FileList.read(path), source: path, items: catalog.items)
    }

    /// Whether `item` fits `preference` (meets every clause of one of its lines); nil when
    /// the preference has no rule.
    public func fits(_ item: Item, _ preference: Preference) -> Bool? {
        guard let alternatives = rules[preference] else { return nil }
        return alternatives.contains { clauses in
            clauses.allSatisfy { clause in
                switch clause {
                case .genresAny(let names): item.genres.contains { names.contains($0) }
                case .genresNone(let names): !item.genres.contains { names.contains($0) }
                case .mpaaNone(let ratings): item.mpaa.map { !ratings.contains($0) } ?? true
                case .mpaaAny(let ratings): item.mpaa.map { ratings.contains($0) } ?? false
                case let .bound(fact, value, atMost):
                    fact.value(of: item).map { atMost ? $0 <= value : $0 >= value } ?? false
                }
            }
        }
    }

    /// Whether `item` fits every preference of `state` that has a rule.
    public func fitsAll(_ item: Item, _ state: DialogueState) -> Bool {
        state.preferences.allSatisfy { fits(item, $0.kind) ?? true }
    }
}
