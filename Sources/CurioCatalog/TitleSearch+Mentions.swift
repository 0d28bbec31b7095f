extension TitleSearch {
    /// Words that never make a title mention on their own: a span made only of these
    /// ("a funny one", "something like that", "the movie") is never reported, however
    /// many titles contain them.
    public static let mentionStopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "from",
        "by", "about", "as", "is", "are", "was", "were", "be", "been", "am", "i", "im", "me", "my",
        "you", "your", "we", "us", "our", "they", "them", "their", "he", "him", "his", "she",
        "her", "it", "its", "this", "that", "these", "those", "there", "here", "what", "which",
        "who", "how", "when", "where", "why", "want", "wanna", "would", "like", "likes", "liked",
        "love", "loved", "loves", "enjoy", "enjoyed", "hate", "hated", "movie", "movies", "film",
        "films", "something", "anything", "some", "any", "more", "less", "much", "very", "really",
        "so", "too", "just", "also", "not", "no", "yes", "please", "thanks", "funny", "good",
        "great", "best", "bad", "nice", "one", "ones", "see", "seen", "saw", "watch", "watched",
        "show", "give", "recommend", "suggest", "similar", "same", "kind", "sort", "lot", "bit",
        "can", "could", "should", "will", "do", "did", "does", "dont", "have", "has", "had", "get",
        "got", "maybe", "ok", "okay", "if", "than", "then", "now", "new", "old", "tonight", "all",
        "other", "else", "again", "recently", "last", "first", "favorite", "favourite",
        // Words of requests about kinds of movies: alone they describe, not name, a title
        // ("no horror", "something older", "under two hours", "for the kids").
        "second", "third", "older", "newer", "recent", "classic", "short", "shorter", "long",
        "longer", "hour", "hours", "minutes", "kids", "children", "family", "scary", "violent",
        "romantic", "dark", "darker", "light", "lighter", "under", "over", "comedy", "comedies",
        "drama", "horror", "action", "thriller", "romance", "western", "westerns", "musical",
        "adventure", "animation", "animated", "fantasy", "mystery", "crime", "war", "documentary",
        "documentaries", "sci", "fi", "scifi",
    ]

    /// Longest span, in words, considered as one title mention.
    static let maxMentionWords = 12
    /// A span must match a title at least this well to be reported.
    public static let mentionThreshold = 0.7

    /// Title mentions inside free text, in text order, at most `limit` of them.
    ///
    /// "like back to the future and ghostbusters" gives two mentions; "I loved the
    /// matirx" gives one whose first candidate is The Matrix. Spans are proposed where
    /// a word (up to a typo) starts some title, scored against that title, and chosen
    /// greedily, best first with a small preference for longer spans ("back to the
    /// future" over "future"); chosen spans never overlap and a span made only of
    /// `mentionStopWords` is never chosen. A following year ("heat 1995") joins the
    /// span when it matches. Candidates and scores are those of `search` on the span,
    /// so a caller can demand a cue word for short or common-word titles ("heat", "up")
    /// by looking at the score and the span's length.
    /// - Complexity: O(words × titles starting with each word × title length);
    ///   well under 5 ms for a 15-word sentence on the default catalog.
    public func mentions(in text: String, limit: Int = 5) -> [TitleMention] {
        let words = TitleText.words(in: text)
        guard !words.isEmpty, limit > 0 else { return [] }
        let bytes = words.map { Array($0.text.utf8)[...] }
        var rows: [Int32] = []
        var proposals: [(start: Int, end: Int, score: Double)] = []
        let stride = words.count + 1 // span (start, end) ↔ start × stride + end
        var spanPatterns: [Int: PreparedPattern] = [:]
        func spanPattern(_ start: Int, _ end: Int) -> PreparedPattern {
            let k = start * stride + end
            if let pattern = spanPatterns[k] { return pattern }
            let pattern = PreparedPattern(Array(words[start..<end].map(\.text).joined(separator: " ").utf8)[...])
            spanPatterns[k] = pattern
            return pattern
        }
        var best: [Int: Double] = [:] // span → best proposal score
        for start in words.indices where !TitleText.isArticle(words[start].text) {
            for word in index.fuzzyWordIDs(bytes[start], rows: &rows) {
                for alias32 in index.aliases(startingWith: word) {
                    let alias = Int(alias32)
                    let length = index.words(ofAlias: alias).count
                    for spanLength in max(1, length - 1)...(length + 1) {
                        let end = start + spanLength
                        guard end <= words.count, spanLength <= Self.maxMentionWords else { continue }
                        let s = spanPattern(start, end).similarity(to: index.key(alias), rows: &rows)
                            * index.aliasWeight[alias]
                        let k = start * stride + end
                        guard s >= Self.mentionThreshold, s > best[k] ?? 0,
                              wordsAgree(bytes[start..<end], alias: alias, rows: &rows) else { continue }
                        best[k] = s
                    }
                }
            }
        }
        for (k, score) in best {
            let (start, end) = (k / stride, k % stride)
            if words[start..<end].allSatisfy({ Self.mentionStopWords.contains($0.text) }) { continue }
            proposals.append((start, end, score))
        }
        proposals.sort {
            let a = $0.score + 0.03 * Double($0.end - $0.start), b = $1.score + 0.03 * Double($1.end - $1.start)
            return a != b ? a > b : $0.start < $1.start
        }
        var taken = [Bool](repeating: false, count: words.count)
        var found: [(start: Int, end: Int, candidates: [TitleMatch])] = []
        for p in proposals where found.count < limit {
            guard !taken[p.start..<p.end].contains(true) else { continue }
            var end = p.end
            var candidates = rank(scores(for: words[p.start..<p.end].map(\.text)), limit: 5)
            if end < words.count, !taken[end], let year = TitleText.yearValue(words[end].text) {
                let withYear = rank(scores(for: words[p.start...end].map(\.text)), limit: 5)
                if let top = withYear.first, Int(index.years[top.item]) == year,
                   top.score >= (candidates.first?.score ?? 0) - 0.05 {
                    candidates = withYear
                    end += 1
                }
            }
            guard let top = candidates.first, top.score >= Self.mentionThreshold else { continue }
            for k in p.start..<end { taken[k] = true }
            found.append((p.start, end, candidates))
        }
        return found.sorted { $0.start < $1.start }.map { m -> TitleMention in
            var lower = words[m.start].range.lowerBound
            // Include a spoken article the title itself starts with ("the matrix").
            if m.start > 0, !taken[m.start - 1], TitleText.isArticle(words[m.start - 1].text),
               index.leadingArticles[m.candidates[0].item].contains(words[m.start - 1].text) {
                lower = words[m.start - 1].range.lowerBound
            }
            let utf8 = text.utf8
            let range = utf8.index(utf8.startIndex, offsetBy: lower)..<utf8.index(utf8.startIndex, offsetBy: words[m.end - 1].range.upperBound)
            return TitleMention(range: range, candidates: m.candidates)
        }
    }

    /// Whether a span and a title agree word by word, beyond what characters say:
    /// every span word that is not a stop word matches a title word (up to a typo),
    /// and every title word that is not a stop word is in the span (one may be missing
    /// from a title of three or more). Keeps "something like la" from passing for
    /// "Something Wild" on shared letters alone.
    func wordsAgree(_ span: ArraySlice<ArraySlice<UInt8>>, alias: Int, rows: inout [Int32]) -> Bool {
        let titleWords = index.words(ofAlias: alias).map { index.word($0) }
        func isStop(_ word: ArraySlice<UInt8>) -> Bool {
            let text = String(decoding: word, as: UTF8.self)
            return Self.mentionStopWords.contains(text) || TitleText.isArticle(text)
        }
        for word in span where !isStop(word) {
            guard titleWords.contains(where: { wordSimilarity(word, $0, rows: &rows) > 0 }) else { return false }
        }
        let content = titleWords.filter { !isStop($0) }
        let missing = content.filter { t in !span.contains(where: { wordSimilarity($0, t, rows: &rows) > 0 }) }.count
        return missing == 0 || (missing == 1 && content.count >= 3)
    }
}
