/// Everything the recommender knows about what the user wants, after some turns.
///
/// A plain value: `DialogueTracker.update` computes the next one from this one and the
/// acts of an utterance. Item lists hold `Item.index` values and behave as ordered sets
/// (first mention first, no duplicates). Hard constraints filter (`constraints`); soft
/// ones only steer (`liked`, `preferences`, `avoid`). `check()` lists broken invariants.
public struct DialogueState: Sendable, Codable, Equatable {
    /// Items the user liked: soft "more like these" references.
    public var liked: [Int] = []
    /// Items the user disliked: soft "less like these", never recommended.
    public var disliked: [Int] = []
    /// Items the user has seen: never recommended again.
    public var seen: [Int] = []
    /// Filters every recommendation must pass.
    public var constraints = HardConstraints()
    /// Soft preferences, oldest first; an anchor is the item a critique was relative to.
    public var preferences: [SoftPreference] = []
    /// Items to steer away from ("something completely different").
    public var avoid: [Int] = []
    /// The latest utterance, sanitised and truncated to `requestLimit` characters.
    public var request: String = ""
    /// The items of the last list shown, in display order: "#2" is `lastShown[1]`.
    public var lastShown: [Int] = []
    /// The item the conversation is about ("it", "that one").
    public var focus: Int?
    /// A title matched several items; the next reference picks one.
    public var pendingChoice: PendingChoice?
    /// Facets the engine already asked a clarifying question about.
    public var askedFacets: [Facet] = []
    /// The clarifying question the engine just asked, until the next utterance; not
    /// part of the model's prompt (prompts/state.txt). Optional, so conversations saved
    /// before it existed still decode.
    public var pendingQuestion: PendingQuestion?
    /// The language of the latest utterance.
    public var language: Language = .english
    /// Utterances applied so far.
    public var turn: Int = 0

    /// The longest `request` kept.
    public static let requestLimit = 500

    public init() {}

    /// A title the user named matched several items; `sentiment` is applied to the one
    /// they pick.
    ///
    /// Until they pick, the state takes the title as its likeliest reading, `assumed`
    /// (the most watched of the titles judged equal, listed first), so the turn still
    /// gets a list: a person who says "I loved Heat" most likely means the 1995 film,
    /// and waiting for an answer would cost them a turn with nothing to look at. Picking
    /// another candidate takes the sentiment back from `assumed`.
    public struct PendingChoice: Sendable, Codable, Equatable {
        public var candidates: [Int]
        public var sentiment: Sentiment
        /// The candidate the state holds `sentiment` for until the user picks; nil when
        /// nothing was assumed.
        public var assumed: Int?
        public init(candidates: [Int], sentiment: Sentiment, assumed: Int? = nil) {
            self.candidates = candidates
            self.sentiment = sentiment
            self.assumed = assumed
        }
    }

    /// Records a clarifying question about `facet`, so it is not asked twice.
    public mutating func markAsked(_ facet: Facet) {
        if !askedFacets.contains(facet) { askedFacets.append(facet) }
    }

    /// Every broken invariant, as a readable sentence; empty when the state is sound.
    ///
    /// Invariants: bounds have min ≤ max; no item is both liked and disliked; no genre
    /// or MPAA rating is both included and excluded; item lists have no duplicates and
    /// no negative indices; a pending question's facet counts as asked. Run in tests and
    /// debug builds (`assert(state.check().isEmpty)`).
    /// - Complexity: O(n log n) in the number of items and values held.
    public func check() -> [String] {
        var problems: [String] = []
        for (name, list) in [("liked", liked), ("disliked", disliked), ("seen", seen),
                             ("avoid", avoid), ("lastShown", lastShown)] {
            if Set(list).count != list.count { problems.append("\(name) has duplicates") }
            if list.contains(where: { $0 < 0 }) { problems.append("\(name) has a negative index") }
        }
        let both = Set(liked).intersection(disliked)
        if !both.isEmpty { problems.append("items both liked and disliked: \(both.sorted())") }
        problems += constraints.check()
        if let focus, focus < 0 { problems.append("negative focus") }
        if Set(askedFacets).count != askedFacets.count { problems.append("askedFacets has duplicates") }
        if let q = pendingQuestion, !askedFacets.contains(q.facet) {
            problems.append("pending question about \(q.facet) not recorded as asked")
        }
        return problems
    }
}

/// A soft preference, optionally relative to an item ("lighter than #2").
public struct SoftPreference: Sendable, Codable, Equatable {
    public var kind: Preference
    public var anchor: Int?
    public init(_ kind: Preference, anchor: Int? = nil) {
        self.kind = kind
        self.anchor = anchor
    }
}

/// An inclusive numeric interval with optional ends.
public struct Bounds<Value: Comparable & Codable & Sendable>: Sendable, Codable, Equatable {
    public var min: Value?
    public var max: Value?
    public init(min: Value? = nil, max: Value? = nil) {
        self.min = min
        self.max = max
    }
    public var isUnbounded: Bool { min == nil && max == nil }
    /// Whether `value` lies within the bounds.
    public func contains(_ value: Value) -> Bool {
        if let min, value < min { return false }
        if let max, value > max { return false }
        return true
    }
}
