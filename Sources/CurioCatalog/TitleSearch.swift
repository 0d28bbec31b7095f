import Foundation

/// One catalog item a title query may mean, with how well it matches.
public struct TitleMatch: Sendable, Hashable {
    /// `Item.index` of the matched item.
    public var item: Int
    /// 0...1: 1 for an exact title (up to case, accents, punctuation and articles),
    /// lower for typos, partial titles, a missing subtitle or a different year.
    public var score: Double

    public init(item: Int, score: Double) {
        self.item = item
        self.score = score
    }
}

/// A span of free text that looks like a title, with the items it may name.
public struct TitleMention: Sendable {
    /// Where the title is in the text given to `TitleSearch.mentions(in:)`.
    public var range: Range<String.Index>
    /// Items it may mean, best first; the first score is the mention's strength.
    public var candidates: [TitleMatch]

    public init(range: Range<String.Index>, candidates: [TitleMatch]) {
        self.range = range
        self.candidates = candidates
    }
}

/// Typo-tolerant lookup of catalog items by title, and spotting titles in sentences.
///
/// Matching ignores case, accents, punctuation and articles ("matrix the", "Amélie",
/// "cite des enfants perdus"), treats "&" as "and" and roman numerals as digits
/// ("godfather ii" = "godfather part 2" = "godfather 2"), reads a trailing year as a
/// hint ("heat 1995", "psycho (1960)"), and tolerates typos ("matirx").
///
/// How: candidates come from a character-trigram index over every title alias
/// (Ukkonen 1992, "Approximate string-matching with q-grams and maximal matches",
/// Theor. Comput. Sci. 92), the best few dozen are scored by
/// the larger of an edit similarity (optimal string alignment) and a rarity-weighted
/// word overlap (Dice over IDF weights, so "lord of the rings fellowship" still finds
/// the Fellowship), times the alias weight and a year factor. Equal scores go to the
/// item with more interactions.
public struct TitleSearch: Sendable {
    let index: TitleIndex
    let itemCount: Int
    /// Items by year, with their titles as shown: for "Title (Year)" written out in full.
    let byYear: [Int: [(item: Int, title: String)]]

    /// How many interactions `item` has (0 for an index outside the catalog).
    public func interactionCount(of item: Int) -> Int {
        index.popularity.indices.contains(item) ? Int(index.popularity[item]) : 0
    }

    /// How many aliases (best trigram overlap first) are scored exactly per query.
    static let poolSize = 48

    /// Builds the search index for `catalog` (~40 ms of CPU for the default catalog).
    /// - Complexity: O(total title length + interactions).
    public init(catalog: Catalog) {
        var counts = [Int](repeating: 0, count: catalog.items.count)
        for item in catalog.interactions.items { counts[Int(item)] += 1 }
        index = TitleIndex(items: catalog.items, popularity: counts)
        itemCount = catalog.items.count
        var byYear: [Int: [(item: Int, title: String)]] = [:]
        for item in catalog.items { if let year = item.year { byYear[year, default: []].append((item.index, item.title)) } }
        self.byYear = byYear
    }

    /// The items of `year` with their titles as curio shows them ("Heat" for Heat (1995)),
    /// so a title written out in full with its year can be recognised exactly.
    public func items(ofYear year: Int) -> [(item: Int, title: String)] { byYear[year] ?? [] }

    /// Items whose title best matches `query`, best first, at most `limit` of them.
    ///
    /// Returns several candidates when the query is ambiguous ("heat": *Heat* 1995 and
    /// *The Heat* 2013; "psycho": 1960 and 1998), with scores that say how good each
    /// match is, so a caller can ask which one was meant. Empty for a query with no
    /// words.
    /// - Complexity: O(aliases sharing a rare trigram with the query) for candidate
    ///   retrieval, then O(poolSize × title length) for scoring (bit-parallel edit
    ///   distance for queries up to 64 bytes); ~0.1 ms on the default catalog.
    public func search(_ query: String, limit: Int = 10) -> [TitleMatch] {
        let words = TitleText.words(in: query).map(\.text)
        return rank(scores(for: words), limit: limit)
    }

    /// Best score per item for a folded query, trying the trailing number both as a
    /// year hint and as part of the title ("2001", "heat 1995", "1984").
    func scores(for words: [String]) -> [Int: Double] {
        guard !words.isEmpty else { return [:] }
        var scratch = SearchScratch(aliasCount: index.aliasCount)
        var best: [Int: Double] = [:]
        score(words, year: nil, scratch: &scratch, into: &best)
        if words.count >= 2, let year = TitleText.yearValue(words[words.count - 1]) {
            score(Array(words.dropLast()), year: year, scratch: &scratch, into: &best)
        }
        return best
    }

    func rank(_ scores: [Int: Double], limit: Int) -> [TitleMatch] {
        let popularity = index.popularity
        let ranked = scores.map { TitleMatch(item: $0.key, score: min(1, max(0, $0.value))) }.sorted {
            let a = ($0.score * 1000).rounded(), b = ($1.score * 1000).rounded()
            if a != b { return a > b }
            if popularity[$0.item] != popularity[$1.item] { return popularity[$0.item] > popularity[$1.item] }
            return $0.item < $1.item
        }
        return Array(ranked.prefix(max(0, limit)))
    }

    private func score(_ words: [String], year: Int?, scratch: inout SearchScratch,
                       into best: inout [Int: Double]) {
        let query = Array(words.joined(separator: " ").utf8)[...]
        let pattern = PreparedPattern(query)
        let pool = candidateAliases(for: query, scratch: &scratch)
        let queryWords = QueryWords(words, index: index)
        for alias in pool {
            let weight = index.aliasWeight[alias]
            let item = Int(index.aliasItem[alias])
            let yearFactor = year.map { TitleSearch.yearFactor(query: $0, item: Int(index.years[item])) } ?? 1
            let characters = pattern.similarity(to: index.key(alias), rows: &scratch.rows)
            var s = characters
            // The word overlap can only win when it could beat the edit similarity.
            if 0.95 > characters {
                s = max(s, 0.95 * wordOverlap(queryWords, alias: alias, rows: &scratch.rows))
            }
            s = max(s, TitleSearch.prefixScore(query, of: index.key(alias)))
            s *= weight * yearFactor
            if s > best[item] ?? 0 { best[item] = s }
        }
    }

    /// The score of a query that is the beginning of a title, whole words only
    /// ("eternal sunshine" of "eternal sunshine of the spotless mind"): between 0.7 and
    /// 0.9 by how much of the title it covers, so an exact title still wins.
    static func prefixScore(_ query: ArraySlice<UInt8>, of key: ArraySlice<UInt8>) -> Double {
        guard query.count < key.count, key[key.startIndex + query.count] == 0x20,
              key.starts(with: query) else { return 0 }
        return 0.7 + 0.2 * Double(query.count) / Double(key.count)
    }

    /// How much a year hint that disagrees with the item's year costs.
    static func yearFactor(query: Int, item: Int) -> Double {
        if item < 0 { return 0.9 }
        switch abs(query - item) {
        case 0: return 1
        case 1: return 0.93 // release vs festival year
        default: return 0.75
        }
    }

    /// The `poolSize` aliases sharing the most trigrams with `query`, relative to
    /// both lengths (Dice coefficient over trigram multisets).
    func candidateAliases(for query: ArraySlice<UInt8>, scratch: inout SearchScratch) -> [Int] {
        TitleIndex.grams(of: query, into: &scratch.grams)
        scratch.reset()
        // Grams in most titles (" th", "the", "he ") cost the most and tell the least:
        // skip them when the query has enough others.
        let common = index.aliasCount / 8
        let rare = scratch.grams.filter { index.gramStart[Int($0) + 1] - index.gramStart[Int($0)] <= common }
        for g in rare.count >= 3 ? rare : scratch.grams {
            let lo = Int(index.gramStart[Int(g)]), hi = Int(index.gramStart[Int(g) + 1])
            for p in lo..<hi {
                let a = Int(index.gramAliases[p])
                if scratch.shared[a] == 0 { scratch.touched.append(Int32(a)) }
                scratch.shared[a] &+= 1
            }
        }
        let queryGrams = Double(rare.count >= 3 ? rare.count : scratch.grams.count)
        var top: [(dice: Double, alias: Int)] = []
        top.reserveCapacity(TitleSearch.poolSize + 1)
        for a32 in scratch.touched {
            let a = Int(a32)
            let aliasGrams = Double(index.keyStart[a + 1] - index.keyStart[a])
            let dice = 2 * Double(scratch.shared[a]) / (queryGrams + aliasGrams)
            if top.count == TitleSearch.poolSize, dice <= top[top.count - 1].dice { continue }
            var k = top.count
            top.append((dice, a))
            while k > 0 && top[k - 1].dice < dice { top[k] = top[k - 1]; k -= 1 }
            top[k] = (dice, a)
            if top.count > TitleSearch.poolSize { top.removeLast() }
        }
        return top.map(\.alias)
    }

    /// Dice coefficient of the query's and the alias's words, each word weighted by
    /// its rarity (IDF) and matched up to a typo (a typo'd match counts its edit
    /// similarity).
    func wordOverlap(_ query: QueryWords, alias: Int, rows: inout [Int32]) -> Double {
        let words = index.words(ofAlias: alias)
        var used: UInt64 = 0
        var matched = 0.0, queryTotal = 0.0, aliasTotal = 0.0
        for w in words { aliasTotal += index.wordWeight[Int(w)] }
        for (q, bytes) in query.bytes.enumerated() {
            var found = false
            for (k, w) in words.enumerated() where k < 64 && used & (1 << UInt64(k)) == 0 {
                let similarity = wordSimilarity(bytes, index.word(w), rows: &rows, prepared: query.patterns[q])
                guard similarity > 0 else { continue }
                used |= 1 << UInt64(k)
                found = true
                matched += similarity * index.wordWeight[Int(w)]
                queryTotal += index.wordWeight[Int(w)]
                break
            }
            if !found { queryTotal += query.weights[q] }
        }
        let total = queryTotal + aliasTotal
        return total > 0 ? 2 * matched / total : 0
    }
}

/// A query's words as bytes with their rarity weights, computed once per query.
struct QueryWords {
    var bytes: [ArraySlice<UInt8>]
    /// IDF of the word in the catalog's titles; an unknown word counts as the rarest.
    var weights: [Double]
    var patterns: [PreparedPattern]

    init(_ words: [String], index: TitleIndex) {
        bytes = words.map { Array($0.utf8)[...] }
        patterns = bytes.map(PreparedPattern.init)
        weights = words.map { index.wordIDs[$0].map { index.wordWeight[Int($0)] } ?? index.rarestWordWeight }
    }
}

/// Per-query working memory, so scoring allocates once per call.
struct SearchScratch {
    var shared: [UInt16]
    var touched: [Int32] = []
    var grams: [Int32] = []
    var rows: [Int32] = []

    init(aliasCount: Int) {
        shared = [UInt16](repeating: 0, count: aliasCount)
    }

    mutating func reset() {
        for a in touched { shared[Int(a)] = 0 }
        touched.removeAll(keepingCapacity: true)
    }
}
