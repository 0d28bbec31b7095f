/// Stage 4a of `Understanding`: reading marks into acts, sentence by sentence.
///
/// Scopes, all ending at the end of a sentence:
/// - negation ("no", "without", "不要") covers what follows up to a comma, dash or
///   "but" ("funny but not romantic", "no, not war — westerns"); a phrase with its own
///   negated meaning uses it ("not violent" → less violent);
/// - a cue ("loved", "hated", "seen", "why") covers the titles and references after it;
///   references before any cue take the first cue that follows ("#3 seen");
///   genres after "hate"/"don't like" are excluded, after "like" included;
/// - a relaxing word ("is fine", "forget", "无所谓") applies within its clause: to the
///   facets named there ("forget the decade"), else to its genres ("horror is fine");
/// - a critique ("newer", "shorter") is anchored to the item after "than", else to the
///   first item liked or pointed at in the sentence ("like #1 but newer").
extension Understanding {
    func acts(from marks: [Mark]) -> [DialogueAct] {
        let marks = numberReferences(marks)
        var acts: [DialogueAct] = []
        var strict = false
        var start = 0
        for i in 0...marks.count {
            let atEnd = i == marks.count
            if !atEnd, case .boundary(.sentenceEnd) = marks[i].piece {} else if !atEnd { continue }
            if i > start { acts += sentenceActs(marks[start..<i], strict: &strict) }
            start = i + 1
        }
        if strict {
            var facets: [Facet] = []
            for act in acts {
                let facet: Facet? = switch act {
                case .setYearRange: .year
                case .setRuntimeRange: .runtime
                case .setMinimumRating: .rating
                case .allowMPAA, .excludeMPAA: .mpaa
                default: nil
                }
                if let facet, !facets.contains(facet) { facets.append(facet) }
            }
            acts += facets.isEmpty ? [.setStrict(nil)] : facets.map { .setStrict($0) }
        }
        return acts
    }

    /// Rewrites "number 2", "第二部", "2nd" and "the 1997 one" into reference marks.
    private func numberReferences(_ marks: [Mark]) -> [Mark] {
        var out: [Mark] = []
        out.reserveCapacity(marks.count)
        var i = 0
        func numberWords(at j: Int) -> (Double, Int)? {
            var composer = NumberComposer()
            var k = j
            while k < marks.count, case .terms(let e) = marks[k].piece,
                  e.meaning.allSatisfy({ if case .number = $0 { true } else if case .multiplier = $0 { true } else { false } }) {
                for term in e.meaning {
                    if case .number(let v) = term { composer.add(v) }
                    if case .multiplier(let m) = term { composer.multiply(m) }
                }
                k += 1
            }
            return composer.finish().map { ($0, k) }
        }
        while i < marks.count {
            let mark = marks[i]
            if case .terms(let e) = mark.piece, e.meaning == [.ordinalPrefix], i + 1 < marks.count {
                var found: (Double, Int)?
                if case .number(let v) = marks[i + 1].piece { found = (v, i + 2) } else { found = numberWords(at: i + 1) }
                if let (v, next) = found, v >= 1, v <= 1000, v.rounded() == v {
                    out.append(Mark(piece: .reference(.shown(Int(v))), start: mark.start, end: marks[next - 1].end))
                    i = next
                    continue
                }
            }
            if case .number(let v) = mark.piece, v >= 1, v <= 1000, v.rounded() == v, i + 1 < marks.count,
               case .word(let w) = marks[i + 1].piece, ["st", "nd", "rd", "th"].contains(w) {
                out.append(Mark(piece: .reference(.shown(Int(v))), start: mark.start, end: marks[i + 1].end))
                i += 2
                continue
            }
            // "the one from 1997", "the one in 2004": "the 1997 one" with the year after.
            if case .terms(let e) = mark.piece, e.meaning.contains(.yearReference) || e.tokens == ["the", "one"],
               i + 2 < marks.count,
               ["from", "in"].contains(Self.plainText(marks[i + 1])),
               case .number(let v) = marks[i + 2].piece, v.rounded() == v, (1870...2030).contains(v) {
                out.append(Mark(piece: .reference(.year(Int(v))), start: mark.start, end: marks[i + 2].end))
                i += 3
                continue
            }
            if case .number(let v) = mark.piece, v.rounded() == v, (1870...2030).contains(v) {
                var k = i + 1
                if k < marks.count, case .terms(let e) = marks[k].piece, e.meaning == [.unit(.year)] { k += 1 }
                if k < marks.count, case .terms(let e) = marks[k].piece, e.meaning.contains(.yearReference) {
                    out.append(Mark(piece: .reference(.year(Int(v))), start: mark.start, end: marks[k].end))
                    i = k + 1
                    continue
                }
            }
            out.append(mark)
            i += 1
        }
        return out
    }

    /// The words of a lexicon phrase or a plain word ("from"); nil for anything else.
    static func plainText(_ mark: Mark) -> String? {
        switch mark.piece {
        case .terms(let e): e.tokens.joined(separator: " ")
        case .word(let w): w
        default: nil
        }
    }

    /// MPAA ratings from most to least permissive audience, for "at most PG-13".
    static let mpaaScale = ["G", "PG", "PG-13", "R", "NC-17"]

    /// Whether the MPAA rating at `i` is capped: a max comparator right before or after it.
    private func isCapped(_ i: Int, in marks: ArraySlice<Mark>) -> Bool {
        func isMax(_ m: Mark, post: Bool) -> Bool {
            guard case .terms(let e) = m.piece else { return false }
            return e.meaning.contains(post ? .postComparator(.max) : .comparator(.max))
        }
        if i > marks.startIndex, isMax(marks[i - 1], post: false) { return true }
        return i + 1 < marks.endIndex && isMax(marks[i + 1], post: true)
    }

    /// What a reference gets: its act under the cue and negation in force.
    private enum TargetRole { case act(Sentiment), why, pending }

    private func sentenceActs(_ marks: ArraySlice<Mark>, strict: inout Bool) -> [DialogueAct] {
        // Clause facts for relaxing words.
        var clauseOf: [Int: Int] = [:]
        var clauseRelax: [Bool] = [false]
        var clauseFacets: [[Facet]] = [[]]
        for (i, mark) in zip(marks.indices, marks) {
            if case .boundary = mark.piece {
                clauseRelax.append(false)
                clauseFacets.append([])
            }
            clauseOf[i] = clauseRelax.count - 1
            if case .terms(let e) = mark.piece {
                for term in e.meaning {
                    if term == .relax { clauseRelax[clauseRelax.count - 1] = true }
                    if case .facet(let f) = term { clauseFacets[clauseFacets.count - 1].append(f) }
                }
            }
        }

        var out: [DialogueAct?] = []
        var negated = false
        var cue: LexiconTerm.Cue?
        /// The clause the cue was said in: it colours genres only there ("hated #2, a comedy").
        var cueClause = -1
        var awaitingAnchor = false
        var relative: Preference?
        var anchor: ItemReference?
        var firstTarget: ItemReference?
        var pending: [(slot: Int, target: Target)] = []
        var critiques: [Int] = []
        var relaxedFacets: Set<Facet> = []
        var hadWhyCue = false
        // "comedy, horror or sci-fi": the slots of the genres asked for in the list being
        // read (joined by commas, "and", "or" and filler only), and whether an "or" came.
        var listSlots: [Int] = []
        var eitherPending = false
        var replacesGenres = false
        /// A like/dislike/seen cue that no item followed ("看过了", "loved it" without "it").
        var bareCue: LexiconTerm.Cue?
        var targets = 0
        var whyAnswered = false
        /// The latest item named in this utterance: "it" points back at it ("i watched Heat
        /// and liked it", "看了Fargo，很喜欢"), not at the conversation's earlier focus.
        var lastNamed: Target?

        enum Target { case ref(ItemReference), ambiguous([Int]) }

        func sentiment(for cue: LexiconTerm.Cue?, negated: Bool) -> TargetRole? {
            switch (cue, negated) {
            case (nil, false): .pending
            case (nil, true), (.like?, true): .act(.dislike)
            case (.like?, false): .act(.like)
            case (.dislike?, false): .act(.dislike)
            case (.seen?, false): .act(.seen)
            case (.why?, _): .why
            case (.dislike?, true), (.seen?, true), (.than?, _): nil
            }
        }
        func act(_ target: Target, _ sentiment: Sentiment) -> DialogueAct {
            switch target {
            case .ambiguous(let items): return .ambiguousTitle(candidates: items, sentiment: sentiment)
            case .ref(let r):
                switch sentiment {
                case .like: return .likeItem(r)
                case .dislike: return .dislikeItem(r)
                case .seen: return .seenItem(r)
                case .neutral: return .refer(r)
                }
            }
        }
        func addTarget(_ named: Target, isTitle: Bool) {
            var target = named
            switch named {
            case .ref(.focus): target = lastNamed ?? named
            case .ref(.allShown): break  // "them": the list, never one named item
            default: lastNamed = named
            }
            if awaitingAnchor {
                awaitingAnchor = false
                if case .ref(let r) = target {
                    if let p = relative { out.append(.critique(p, anchor: r)) } else { anchor = r }
                }
                relative = nil
                return
            }
            bareCue = nil
            if case .ref(.allShown) = target, targets > 0 { return }  // "第一部和第三部都看过了"
            targets += 1
            guard let role = sentiment(for: cue, negated: negated) else { return }
            switch role {
            case .act(let s):
                // "I enjoyed Heat (1995), more like that": the pronoun says it again.
                if case .ref(.focus) = named, out.contains(act(target, s)) { return }
                out.append(act(target, s))
                if s == .like, firstTarget == nil, case .ref(let r) = target { firstTarget = r }
            case .why:
                whyAnswered = true
                if case .ref(let r) = target { out.append(.askWhy(r)) }
                else { out.append(act(target, .neutral)) }
            case .pending:
                if case .ref(let r) = target, firstTarget == nil { firstTarget = r }
                if isTitle {
                    // A title named with no cue is something the user likes ("Back to the Future?").
                    out.append(act(target, .like))
                } else {
                    pending.append((out.count, target))
                    out.append(nil)
                }
            }
        }

        for (i, mark) in zip(marks.indices, marks) {
            let clause = clauseOf[i] ?? 0
            let relaxing = clauseRelax[clause]
            // Anything but genres, list words and filler ends a list of genres.
            switch mark.piece {
            case .boundary(.comma): break
            case .terms(let entry) where entry.meaning.allSatisfy({ term in
                switch term {
                case .genre, .filler, .ignore: true
                default: term.isGlue
                }
            }): break
            default: listSlots = []; eitherPending = false
            }
            switch mark.piece {
            case .boundary:
                negated = false
                awaitingAnchor = false
                relative = nil
            case .hash(let n):
                addTarget(.ref(.shown(n)), isTitle: false)
            case .reference(let r):
                addTarget(.ref(r), isTitle: false)
            case .title(let candidates):
                addTarget(candidates.count == 1 ? .ref(.item(candidates[0].item)) : .ambiguous(candidates.map(\.item)), isTitle: true)
            case .number, .decade:
                awaitingAnchor = false
                relative = nil
            case .quoted:
                break
            case .word:
                awaitingAnchor = false
                relative = nil
                bareCue = nil  // "我看过泰坦尼克号": the cue had an object we could not resolve
            case .terms(let entry):
                let useNegated = negated && entry.negated != nil
                let polarityFlipped = negated && !useNegated
                for term in useNegated ? entry.negated! : entry.meaning {
                    switch term {
                    case .genre(let g):
                        if relaxing && clauseFacets[clause].isEmpty && !polarityFlipped {
                            out.append(.relax(.genre, value: g))
                        } else if polarityFlipped != (cue == .dislike && cueClause == clause) {
                            out.append(.excludeGenre(g))
                        } else if eitherPending, let first = listSlots.first {
                            // "… or horror": the list's genres so far and this one are alternatives.
                            var group: [String] = []
                            for slot in listSlots {
                                switch out[slot] {
                                case .includeGenre(let h)?: group.append(h)
                                case .includeAnyGenres(let gs)?: group += gs
                                default: break
                                }
                                if slot != first { out[slot] = nil }
                            }
                            group = (group + [g]).uniqued()
                            out[first] = group.count > 1 ? .includeAnyGenres(group) : .includeGenre(g)
                            listSlots = [first]
                        } else {
                            out.append(.includeGenre(g))
                            listSlots.append(out.count - 1)
                        }
                        eitherPending = false
                    case .preference(let p):
                        if !polarityFlipped {
                            critiques.append(out.count)
                            out.append(.critique(p, anchor: nil))
                        }
                    case .rating(let r):
                        if !polarityFlipped { out.append(.setMinimumRating(r)) }
                    case .mpaa(let ratings):
                        if relaxing && clauseFacets[clause].isEmpty {
                            out.append(.relax(.mpaa, value: ratings.joined(separator: ",")))
                        } else if ratings.count == 1, isCapped(i, in: marks),
                                  let top = Self.mpaaScale.firstIndex(of: ratings[0]) {
                            // "at most PG-13", "PG or under", "nothing above PG-13"
                            out.append(.allowMPAA(Array(Self.mpaaScale[...top])))
                        } else {
                            out.append(polarityFlipped ? .excludeMPAA(ratings) : .allowMPAA(ratings))
                        }
                    case .negation:
                        negated = true
                    case .cue(.than):
                        awaitingAnchor = true
                    case .relative(let p):
                        awaitingAnchor = true
                        relative = p
                    case .cue(let c):
                        cue = c
                        cueClause = clause
                        bareCue = pending.isEmpty && !negated ? c : nil
                        if c == .why { hadWhyCue = true }
                        // "#3 seen": references waiting for a cue take this one.
                        if let role = sentiment(for: c, negated: negated) {
                            for (slot, target) in pending {
                                switch role {
                                case .act(let s): out[slot] = act(target, s)
                                case .why:
                                    whyAnswered = true
                                    if case .ref(let r) = target { out[slot] = .askWhy(r) }
                                case .pending: continue
                                }
                            }
                            if case .pending = role {} else { pending.removeAll() }
                        }
                    case .reference(let r):
                        addTarget(.ref(r), isTitle: false)
                    case .command(.more): out.append(.more)
                    case .command(.undo): out.append(.undo)
                    case .command(.reset): out.append(.reset)
                    case .facet(let f):
                        if relaxing, relaxedFacets.insert(f).inserted { out.append(.relax(f, value: nil)) }
                    case .strict:
                        strict = true
                    case .breaker:
                        negated = false
                        awaitingAnchor = false
                    case .instead:
                        replacesGenres = true
                    case .either:
                        eitherPending = !listSlots.isEmpty
                    default:
                        break
                    }
                }
            }
        }

        // Anchors: "shorter than that", else the first item liked or pointed at.
        let critiqueAnchor = anchor ?? firstTarget
        for slot in critiques {
            if case .critique(let p, _) = out[slot] { out[slot] = .critique(p, anchor: critiqueAnchor) }
        }
        // References with no cue: the user points at an item ("the second one"). "it"
        // or "them" alone points at nothing new, so it is dropped.
        for (slot, target) in pending {
            if case .ref(let r) = target, r == .focus || r == .allShown { continue }
            out[slot] = act(target, .neutral)
        }
        if hadWhyCue, !whyAnswered { out.append(.askWhy(.focus)) }
        // "sci-fi instead": the new genres replace the old, so the old go first.
        if replacesGenres, let first = out.firstIndex(where: {
            switch $0 {
            case .includeGenre?, .includeAnyGenres?: true
            default: false
            }
        }) {
            out.insert(.dropIncludedGenres, at: first)
        }
        if let bareCue, let role = sentiment(for: bareCue, negated: false), case .act(let s) = role {
            // A cue with no object of its own is about the item just named ("看了Fargo，很喜欢"),
            // or, when none was, about the conversation's focus ("loved it").
            if let lastNamed {
                out.append(act(lastNamed, s))
            } else if !out.contains(where: { $0 != nil }) {
                out.append(act(.ref(.focus), s))
            }
        }
        return out.compactMap { $0 } + quantityActs(marks)
    }
}
