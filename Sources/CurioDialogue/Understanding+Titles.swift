/// Stage 3 of `Understanding`: which stretches of an utterance name catalog items.
///
/// Common words must not become titles ("something funny" is not the movie "Funny"),
/// so a stretch is looked up only when
/// - it follows a cue ("loved", "like", "seen", "than", "why", "喜欢") — then a title
///   list may follow ("like back to the future and ghostbusters"), or
/// - it is quoted ("“Up”", 《Up》), or
/// - with no cue, it is a strong match (score ≥ `bareThreshold`) of two or more words;
/// and in every case the stretch must hold at least one word the lexicon does not
/// know: a stretch made only of lexicon phrases and filler ("a comedy") is never a title.
extension Understanding {
    /// Longest stretch of marks tried as one title.
    static let titleWindow = 8
    /// Candidates kept for an ambiguous title.
    static let ambiguityLimit = 5
    /// How much score a stretch one word longer may lose to a shorter one and still be the
    /// title: one typo in a two-word title costs ~0.11 ("toy stroy" against "toy story").
    static let typoAllowancePerWord = 0.12
    /// The score a longer stretch needs before that allowance applies.
    static let strongLongerMatch = 0.85
    static let functionWords: Set<String> = ["a", "an", "the", "of", "and", "or", "with", "in", "from", "for", "on", "at", "to", "is"]

    func findTitles(in marks: [Mark], tokens: [UtteranceToken]) -> [Mark] {
        guard let titles else { return marks }
        var claimed: [(start: Int, end: Int, candidates: [TitleCandidate])] = []
        var taken = [Bool](repeating: false, count: marks.count)

        func text(_ from: Int, _ to: Int) -> String {
            var out = ""
            var previousCJK = false
            for t in tokens[marks[from].start..<marks[to - 1].end] {
                let isCJK = t.kind == .cjk
                if !out.isEmpty, !(isCJK && previousCJK) { out += " " }
                out += t.text
                previousCJK = isCJK
            }
            return out
        }
        func hasUnknownWord(_ from: Int, _ to: Int) -> Bool {
            marks[from..<to].contains { mark in
                switch mark.piece {
                case .word, .number: true
                default: false
                }
            }
        }
        func stopsTitle(_ mark: Mark) -> Bool {
            switch mark.piece {
            case .boundary, .hash, .quoted, .title: return true
            case .terms(let entry):
                return entry.meaning.contains { term in
                    switch term {
                    case .breaker, .negation, .command: true
                    default: false
                    }
                }
            default: return false
            }
        }
        /// "100 minutes", "2 hours": a number with a unit is a quantity, never the start
        /// of a title ("longer than 100 minutes" is not "longer than *15 Minutes*").
        func startsQuantity(at p: Int) -> Bool {
            guard case .number = marks[p].piece, p + 1 < marks.count,
                  case .terms(let e) = marks[p + 1].piece else { return false }
            return e.meaning.contains { term in
                switch term {
                case .unit, .duration: true
                default: false
                }
            }
        }
        /// A comma, colon or dash may sit inside a title ("Mission: Impossible", "The Good,
        /// the Bad and the Ugly", "Mission: Impossible - Ghost Protocol"), never at its ends.
        func isInnerPunctuation(_ mark: Mark) -> Bool {
            switch mark.piece {
            case .boundary(.comma), .boundary(.dash): true
            default: false
            }
        }
        func isCue(_ mark: Mark) -> Bool {
            if case .terms(let e) = mark.piece {
                return e.meaning.contains { if case .cue = $0 { true } else { false } } && e.tokens.count > 1
            }
            return false
        }
        /// Titles do not end in "the", "a", "of"...: such stretches are not looked up.
        func endsWithFunctionWord(_ mark: Mark) -> Bool {
            guard case .terms(let e) = mark.piece, e.tokens.count == 1 else { return false }
            return Self.functionWords.contains(e.tokens[0])
        }
        func isGlue(_ mark: Mark) -> Bool {
            if case .terms(let e) = mark.piece { return !e.meaning.isEmpty && e.meaning.allSatisfy(\.isGlue) }
            return false
        }
        /// The candidates judged equal to the best one, the most watched first: the
        /// reading a person most likely means, which the state assumes until they pick
        /// (`DialogueState.PendingChoice`).
        func ties(_ found: [TitleCandidate]) -> [TitleCandidate] {
            guard let best = found.first else { return [] }
            var seen: Set<Int> = []
            let equal = found.filter { $0.score >= best.score - ambiguityMargin && seen.insert($0.item).inserted }
                .prefix(Self.ambiguityLimit)
            return equal.enumerated().sorted {
                let a = titles.popularity(of: $0.element.item), b = titles.popularity(of: $1.element.item)
                return a != b ? a > b : $0.offset < $1.offset
            }.map(\.element)
        }

        // After cues: greedy title lists.
        for (m, mark) in marks.enumerated() {
            guard case .terms(let entry) = mark.piece,
                  entry.meaning.contains(where: { term in
                      switch term {
                      case .cue, .relative: true
                      default: false
                      }
                  }) else { continue }
            var p = m + 1
            var skipped = 0
            while p < marks.count, !taken[p] {
                if case .boundary(.comma) = marks[p].piece, !claimed.isEmpty, claimed.last!.end == p { p += 1; continue }
                if isGlue(marks[p]), !claimed.isEmpty, claimed.last!.end == p { p += 1; continue }
                if stopsTitle(marks[p]) || startsQuantity(at: p) { break }
                if case .terms(let e) = marks[p].piece,
                   e.meaning.contains(where: { if case .reference = $0 { true } else { false } }) { break }
                var limit = p
                while limit < marks.count, limit - p < Self.titleWindow,
                      !stopsTitle(marks[limit]) || (limit > p && isInnerPunctuation(marks[limit])), !taken[limit] { limit += 1 }
                var best: (end: Int, found: [TitleCandidate])?
                if limit > p {
                    for end in (p + 1)...limit where !isGlue(marks[end - 1]) && !isCue(marks[p])
                        && !endsWithFunctionWord(marks[end - 1]) && !isInnerPunctuation(marks[end - 1]) {
                        // Lexicon words alone make a title only when they spell it exactly ("scary movie").
                        let known = !hasUnknownWord(p, end)
                        if known && (end - p < 2 || marks[p..<end].allSatisfy(\.isFiller)) { continue }
                        let found = titles.resolveTitle(text(p, end), limit: 8)
                        guard let top = found.first, top.score >= (known ? 0.99 : cueThreshold) else { continue }
                        // Best score wins; on a tie the longer stretch ("toy story" over "the toy").
                        // A longer stretch that is itself a strong match also wins when what it
                        // adds costs at most a typo's worth per extra word: "like toy stroy" is
                        // Toy Story, not The Toy followed by Troy.
                        if let shorter = best {
                            let margin = Self.typoAllowancePerWord * Double(end - shorter.end)
                            guard top.score >= shorter.found[0].score - 1e-9
                                || (top.score >= Self.strongLongerMatch && top.score >= shorter.found[0].score - margin)
                            else { continue }
                        }
                        best = (end, found)
                    }
                }
                if let best {
                    claimed.append((p, best.end, ties(best.found)))
                    for k in p..<best.end { taken[k] = true }
                    p = best.end
                    skipped = 0
                } else if marks[p].isFiller, skipped < 2 {
                    p += 1
                    skipped += 1
                } else {
                    break
                }
            }
        }
        // Quoted titles.
        for (m, mark) in marks.enumerated() where !taken[m] {
            guard case .quoted(let quoted) = mark.piece else { continue }
            let found = titles.resolveTitle(quoted, limit: 8)
            if let top = found.first, top.score >= cueThreshold {
                claimed.append((m, m + 1, ties(found)))
                taken[m] = true
            }
        }
        // Strong multi-word titles with no cue.
        if marks.count <= 80 {
            var joined = ""
            var offsets: [(start: Int, end: Int)] = []  // utf8 offsets of each mark
            for m in marks.indices {
                if !joined.isEmpty { joined += " " }
                let start = joined.utf8.count
                joined += text(m, m + 1)
                offsets.append((start, joined.utf8.count))
            }
            for span in titles.titleSpans(in: joined, limit: 8) {
                guard let top = span.candidates.first, top.score >= bareThreshold,
                      let lower = span.range.lowerBound.samePosition(in: joined.utf8),
                      let upper = span.range.upperBound.samePosition(in: joined.utf8) else { continue }
                let lo = joined.utf8.distance(from: joined.utf8.startIndex, to: lower)
                let hi = joined.utf8.distance(from: joined.utf8.startIndex, to: upper)
                guard let first = offsets.firstIndex(where: { $0.start >= lo }),
                      let last = offsets.lastIndex(where: { $0.end <= hi }), last > first else { continue }
                let end = last + 1
                guard !taken[first..<end].contains(true), hasUnknownWord(first, end),
                      !marks[first..<end].contains(where: { stopsTitle($0) && !isInnerPunctuation($0) })
                else { continue }
                claimed.append((first, end, ties(span.candidates)))
                for k in first..<end { taken[k] = true }
            }
        }
        guard !claimed.isEmpty else { return marks }
        claimed.sort { $0.start < $1.start }
        var out: [Mark] = []
        var m = 0
        for claim in claimed {
            while m < claim.start { out.append(marks[m]); m += 1 }
            out.append(Mark(piece: .title(claim.candidates), start: marks[claim.start].start, end: marks[claim.end - 1].end))
            m = claim.end
        }
        while m < marks.count { out.append(marks[m]); m += 1 }
        return out
    }
}
