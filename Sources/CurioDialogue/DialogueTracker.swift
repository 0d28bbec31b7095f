/// Something the tracker wants the engine (or the user) to know about an update.
public enum TrackerNote: Sendable, Codable, Equatable, CustomStringConvertible {
    /// A reference pointed at nothing ("#7" when five items were shown).
    case unresolved(ItemReference)
    /// A title matched several items: ask which one.
    case askWhich([Int])
    /// The user changed their mind about a genre or rating ("actually horror is fine").
    case changedMind(String)
    /// A new bound made an older one impossible, so the older one was dropped.
    case replacedBound(Facet)
    /// An anchored critique could not become a bound: the anchor's value is unknown.
    case anchorValueUnknown(item: Int, facet: Facet)
    case nothingToUndo
    case undone
    case reset

    public var description: String {
        switch self {
        case .unresolved(let r): "could not tell which item \(r) means"
        case .askWhich(let items): "several items match: \(items)"
        case .changedMind(let what): "changed mind: \(what)"
        case .replacedBound(let f): "replaced the earlier \(f) bound"
        case .anchorValueUnknown(let item, let f): "item \(item) has no known \(f)"
        case .nothingToUndo: "nothing to undo"
        case .undone: "undone"
        case .reset: "started over"
        }
    }
}

/// The dialogue state with its history, so "undo" can step back.
///
/// A value: `apply` computes the next state with the pure `update(_:_:facts:)` and
/// pushes the previous one; `undo` pops it. The history is capped at `historyLimit`.
public struct DialogueTracker: Sendable, Codable, Equatable {
    public private(set) var state: DialogueState
    /// Earlier states, oldest first.
    public private(set) var history: [DialogueState] = []
    public static let historyLimit = 64

    public init(state: DialogueState = DialogueState()) {
        self.state = state
    }

    /// Applies one understood utterance: "undo" steps back first, then the other acts
    /// are applied to the state it stepped back to.
    /// - Complexity: O(a·n) for a acts and n items held in the state.
    @discardableResult
    public mutating func apply(_ interpretation: Interpretation, facts: some ItemFacts) -> [TrackerNote] {
        var notes: [TrackerNote] = []
        var acts = interpretation.acts
        if acts.contains(.undo) {
            acts.removeAll { $0 == .undo }
            if let previous = history.popLast() {
                let shown = state.lastShown
                let asked = state.askedFacets
                state = previous
                state.lastShown = shown  // the screen still shows what it shows
                state.askedFacets = asked  // a question asked stays asked: never twice
                state.pendingQuestion = nil
                notes.append(.undone)
            } else {
                notes.append(.nothingToUndo)
            }
            if acts.isEmpty {
                state.language = interpretation.language
                return notes
            }
        }
        history.append(state)
        if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
        let (next, more) = Self.update(state, acts, text: interpretation.text,
                                       language: interpretation.language, facts: facts)
        state = next
        return notes + more
    }

    /// Records the list the engine just showed, so "#2" and "the second one" resolve.
    public mutating func recordShown(_ items: [Int]) {
        state.lastShown = items.filter { $0 >= 0 }.uniqued()
        if state.pendingChoice != nil { state.pendingChoice = nil }
    }

    /// Drops a pending "which one?" unanswered; what it assumed stays.
    public mutating func dismissChoice() {
        if state.pendingChoice != nil { state.pendingChoice = nil }
    }

    /// Puts back a "which one?" that the list of its assumed reading, shown with the
    /// question, closed (`recordShown`): the next utterance may still answer it.
    public mutating func reopen(_ choice: DialogueState.PendingChoice) {
        state.pendingChoice = choice
    }

    /// Records a clarifying question about `facet`.
    public mutating func markAsked(_ facet: Facet) {
        state.markAsked(facet)
    }

    /// Records a clarifying question the engine just asked: its facet is never asked
    /// again, and the next utterance may answer it (`PendingQuestion.answer(to:)`).
    public mutating func ask(_ question: PendingQuestion) {
        state.markAsked(question.facet)
        state.pendingQuestion = question
    }

    /// Drops the pending question unanswered (the user moved on: "more", "why #2").
    public mutating func dismissQuestion() {
        if state.pendingQuestion != nil { state.pendingQuestion = nil }
    }

    /// The state after `acts` — a pure function of its arguments.
    ///
    /// `text` and `language` describe the utterance the acts came from. `facts` gives
    /// the year and runtime of anchors ("like #1 but newer" → year ≥ #1's year + 1).
    /// `.undo` needs the history and is a no-op here (`DialogueTracker.apply` handles it);
    /// `.reset` keeps only the list on screen and the language.
    public static func update(_ state: DialogueState, _ acts: [DialogueAct], text: String = "",
                              language: Language? = nil, facts: some ItemFacts) -> (DialogueState, [TrackerNote]) {
        var s = state
        var notes: [TrackerNote] = []
        s.turn += 1
        s.request = String(String.UnicodeScalarView(text.unicodeScalars.prefix(DialogueState.requestLimit))).sanitizedForDialogue
        if let language { s.language = language }
        s.pendingQuestion = nil  // answered (the engine rewrote the acts) or passed over
        let pending = s.pendingChoice
        // "1983", "2004年那部", "我说的是1957年的" after "which one did you mean?": a single
        // year that dates exactly one candidate picks it; it is not a year filter.
        var acts = acts
        if let pending {
            for (k, act) in acts.enumerated() {
                guard case .setYearRange(let lo?, let hi?) = act, lo == hi,
                      pending.candidates.filter({ facts.year(of: $0) == lo }).count == 1 else { continue }
                acts[k] = .refer(.year(lo))
            }
        }
        let answersChoice = acts.contains { act in
            switch act {
            case .refer, .likeItem, .dislikeItem, .seenItem: true
            default: false
            }
        }
        if !answersChoice { s.pendingChoice = nil }

        func resolve(_ ref: ItemReference) -> [Int] {
            let list = pending?.candidates ?? s.lastShown
            switch ref {
            case .item(let i): return i >= 0 ? [i] : []
            case .shown(let n): return list.indices.contains(n - 1) ? [list[n - 1]] : []
            case .last: return list.last.map { [$0] } ?? []
            case .focus:
                if let f = s.focus { return [f] }
                return list.count == 1 ? list : []
            case .year(let y): return list.first { facts.year(of: $0) == y }.map { [$0] } ?? []
            case .allShown: return s.lastShown
            }
        }
        func items(_ ref: ItemReference) -> [Int] {
            let found = resolve(ref)
            if found.isEmpty { notes.append(.unresolved(ref)) }
            return found
        }
        func apply(_ sentiment: Sentiment, to item: Int) {
            switch sentiment {
            case .like:
                s.disliked.removeAll { $0 == item }
                s.liked.appendUnique(item)
            case .dislike:
                s.liked.removeAll { $0 == item }
                s.disliked.appendUnique(item)
            case .seen:
                s.seen.appendUnique(item)
            case .neutral:
                break
            }
            s.focus = item
        }
        func unapply(_ sentiment: Sentiment, to item: Int) {
            switch sentiment {
            case .like: s.liked.removeAll { $0 == item }
            case .dislike: s.disliked.removeAll { $0 == item }
            case .seen: s.seen.removeAll { $0 == item }
            case .neutral: break
            }
            if s.focus == item { s.focus = nil }
        }

        for act in acts {
            switch act {
            case .includeGenre(let g):
                if s.constraints.excludeGenres.contains(g) { notes.append(.changedMind(g)) }
                s.constraints.excludeGenres.removeAll { $0 == g }
                // Picking one of "comedy or horror" settles the choice.
                if s.constraints.anyGenres.contains(g) { s.constraints.anyGenres = [] }
                s.constraints.includeGenres.appendUnique(g)
            case .includeAnyGenres(let genres):
                let alternatives = genres.uniqued()
                for g in alternatives where s.constraints.excludeGenres.contains(g) { notes.append(.changedMind(g)) }
                s.constraints.excludeGenres.removeAll(where: alternatives.contains)
                s.constraints.includeGenres.removeAll(where: alternatives.contains)
                if alternatives.count > 1 {
                    s.constraints.anyGenres = alternatives
                } else {
                    s.constraints.includeGenres += alternatives
                }
            case .excludeGenre(let g):
                if s.constraints.includeGenres.contains(g) { notes.append(.changedMind(g)) }
                s.constraints.includeGenres.removeAll { $0 == g }
                s.constraints.excludeGenres.appendUnique(g)
                if s.constraints.anyGenres.contains(g) {
                    // "comedy or horror", then "no horror": comedy it is.
                    s.constraints.anyGenres.removeAll { $0 == g }
                    if s.constraints.anyGenres.count == 1 {
                        s.constraints.includeGenres.appendUnique(s.constraints.anyGenres[0])
                        s.constraints.anyGenres = []
                    }
                }
            case .setYearRange(let lo, let hi):
                setBounds(&s.constraints.year, lo, hi, .year, &notes)
                s.preferences.removeAll { $0.kind == .newer || $0.kind == .older }
            case .setRuntimeRange(let lo, let hi):
                setBounds(&s.constraints.runtime, lo, hi, .runtime, &notes)
            case .setMinimumRating(let r):
                s.constraints.minimumRating = Swift.min(10, Swift.max(0, r))
            case .allowMPAA(let ratings):
                s.constraints.mpaaAllowed = ratings.uniqued()
                s.constraints.mpaaExcluded.removeAll(where: ratings.contains)
            case .excludeMPAA(let ratings):
                s.constraints.mpaaAllowed.removeAll(where: ratings.contains)
                for r in ratings { s.constraints.mpaaExcluded.appendUnique(r) }
            case .likeItem(let ref), .dislikeItem(let ref), .seenItem(let ref), .refer(let ref):
                let sentiment: Sentiment = switch act {
                case .likeItem: .like
                case .dislikeItem: .dislike
                case .seenItem: .seen
                default: pending?.sentiment ?? .neutral
                }
                let found = items(ref)
                // Picking another reading than the assumed one takes its sentiment back.
                if let pending, let assumed = pending.assumed, !found.isEmpty,
                   found.allSatisfy(pending.candidates.contains), !found.contains(assumed) {
                    unapply(pending.sentiment, to: assumed)
                }
                for item in found { apply(sentiment, to: item) }
                if !found.isEmpty, pending != nil { s.pendingChoice = nil }
            case .critique(let p, let anchorRef):
                let anchor = anchorRef.flatMap { resolve($0).first }
                applyCritique(p, anchor: anchor, to: &s, facts: facts, notes: &notes)
            case .askWhy(let ref):
                if let item = items(ref).first { s.focus = item }
            case .more, .undo, .chitChat, .unknown:
                break
            case .reset:
                var fresh = DialogueState()
                fresh.lastShown = s.lastShown
                fresh.language = s.language
                fresh.turn = s.turn
                fresh.request = s.request
                fresh.askedFacets = s.askedFacets  // still the same conversation
                s = fresh
                notes.append(.reset)
            case .relax(let facet, let value):
                relax(facet, value: value, in: &s, notes: &notes)
            case .dropIncludedGenres:
                s.constraints.includeGenres = []
                s.constraints.anyGenres = []
            case .setStrict(let facet):
                for f in facet.map({ [$0] }) ?? Facet.allCases where f != .genre {
                    if !s.constraints.strictFacets.contains(f) { s.constraints.strictFacets.append(f) }
                }
            case .ambiguousTitle(let candidates, let sentiment):
                let valid = candidates.filter { $0 >= 0 }.uniqued()
                if let likeliest = valid.first {
                    // Taken as its likeliest reading until the user picks (PendingChoice).
                    apply(sentiment, to: likeliest)
                    s.pendingChoice = DialogueState.PendingChoice(candidates: valid, sentiment: sentiment,
                                                                  assumed: likeliest)
                    notes.append(.askWhich(valid))
                }
            }
        }
        return (s, notes)
    }

    private static func setBounds(_ b: inout Bounds<Int>, _ lo: Int?, _ hi: Int?, _ facet: Facet, _ notes: inout [TrackerNote]) {
        guard lo != nil || hi != nil else { return }
        if let lo, let hi {
            b = Bounds(min: Swift.min(lo, hi), max: Swift.max(lo, hi))
            return
        }
        if let lo {
            b.min = lo
            if let max = b.max, max < lo { b.max = nil; notes.append(.replacedBound(facet)) }
        }
        if let hi {
            b.max = hi
            if let min = b.min, min > hi { b.min = nil; notes.append(.replacedBound(facet)) }
        }
    }

    private static func applyCritique(_ p: Preference, anchor: Int?, to s: inout DialogueState, facts: some ItemFacts,
                                      notes: inout [TrackerNote]) {
        func prefer(_ p: Preference, _ anchor: Int?) {
            s.preferences.removeAll { $0.kind == p || $0.kind == p.opposite }
            s.preferences.append(SoftPreference(p, anchor: anchor))
        }
        func bound(_ value: Int?, _ facet: Facet, _ set: (Int) -> Void) {
            guard let anchor else { prefer(p, nil); return }
            if let value { set(value) } else {
                notes.append(.anchorValueUnknown(item: anchor, facet: facet))
                prefer(p, anchor)
            }
        }
        switch p {
        case .newer:
            bound(anchor.flatMap(facts.year(of:)), .year) { y in setBounds(&s.constraints.year, y + 1, nil, .year, &notes) }
        case .older:
            bound(anchor.flatMap(facts.year(of:)), .year) { y in setBounds(&s.constraints.year, nil, y - 1, .year, &notes) }
        case .shorter:
            bound(anchor.flatMap(facts.runtime(of:)), .runtime) { m in setBounds(&s.constraints.runtime, nil, m - 1, .runtime, &notes) }
        case .longer:
            bound(anchor.flatMap(facts.runtime(of:)), .runtime) { m in setBounds(&s.constraints.runtime, m + 1, nil, .runtime, &notes) }
        case .different:
            for item in s.lastShown { s.avoid.appendUnique(item) }
            prefer(.different, nil)
        default:
            prefer(p, anchor)
        }
    }

    private static func relax(_ facet: Facet, value: String?, in s: inout DialogueState, notes: inout [TrackerNote]) {
        s.constraints.strictFacets.removeAll { $0 == facet }
        switch facet {
        case .genre:
            if let value {
                if s.constraints.excludeGenres.contains(value) { notes.append(.changedMind(value)) }
                s.constraints.excludeGenres.removeAll { $0 == value }
                s.constraints.includeGenres.removeAll { $0 == value }
                // One alternative of "comedy or horror" being fine leaves no choice to enforce.
                if s.constraints.anyGenres.contains(value) { s.constraints.anyGenres = [] }
            } else {
                s.constraints.includeGenres = []
                s.constraints.excludeGenres = []
                s.constraints.anyGenres = []
            }
        case .year:
            s.constraints.year = Bounds()
            s.preferences.removeAll { $0.kind == .newer || $0.kind == .older }
        case .runtime:
            s.constraints.runtime = Bounds()
            s.preferences.removeAll { $0.kind == .shorter || $0.kind == .longer }
        case .rating:
            s.constraints.minimumRating = nil
        case .mpaa:
            if let value {
                let ratings = value.split(separator: ",").map(String.init)
                s.constraints.mpaaExcluded.removeAll(where: ratings.contains)
            } else {
                s.constraints.mpaaAllowed = []
                s.constraints.mpaaExcluded = []
            }
        }
    }
}

extension Array where Element: Equatable {
    /// Appends `x` unless present: arrays used as ordered sets.
    mutating func appendUnique(_ x: Element) {
        if !contains(x) { append(x) }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
