/// A facet of an item that users constrain and the engine may ask about.
public enum Facet: String, Sendable, Codable, CaseIterable, Comparable {
    case genre, year, runtime, rating, mpaa

    public static func < (a: Facet, b: Facet) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How the user feels about an item they referred to.
public enum Sentiment: String, Sendable, Codable {
    case like, dislike, seen
    /// Only pointed at ("the second one"): no opinion given.
    case neutral
}

/// A soft preference: it reorders recommendations, it never removes one.
///
/// Critiques ("newer", "lighter") become these when they have no anchor item; with an
/// anchor the time/length ones become hard bounds instead (see `DialogueTracker`).
public enum Preference: String, Sendable, Codable, CaseIterable {
    case newer, older, shorter, longer
    case lighter, darker, lessViolent
    /// Well rated but little known.
    case hiddenGem
    /// Widely seen.
    case popular
    /// Away from everything shown so far.
    case different

    /// How a person would name it ("less violent", "hidden gem"): the chat's state line
    /// shows this; the protocol's `moods` keep the raw value, which programs match.
    public var words: String {
        switch self {
        case .lessViolent: "less violent"
        case .hiddenGem: "hidden gem"
        default: rawValue
        }
    }

    /// The preference this one cancels, if any ("newer" cancels "older").
    public var opposite: Preference? {
        switch self {
        case .newer: .older
        case .older: .newer
        case .shorter: .longer
        case .longer: .shorter
        case .lighter: .darker
        case .darker: .lighter
        case .hiddenGem: .popular
        case .popular: .hiddenGem
        case .lessViolent, .different: nil
        }
    }
}

/// How an utterance points at an item; resolved by the tracker against the state.
public enum ItemReference: Sendable, Codable, Equatable, Hashable {
    /// A catalog item (`Item.index`), named by its title.
    case item(Int)
    /// The n-th (1-based) item of the last list shown ("#2", "the second one").
    case shown(Int)
    /// The last item of the last list shown.
    case last
    /// Whatever the conversation is about ("it", "that one").
    case focus
    /// The shown (or offered) item from that year ("the 1997 one").
    case year(Int)
    /// Every item of the last list shown ("seen them all").
    case allShown
}

/// One thing the user asked for or told us, as understood from one utterance.
///
/// `Understanding` produces these; `DialogueTracker.update` applies them. Hard acts
/// (genres, bounds, MPAA) filter; like/critique acts only steer (see docs/dialogue.md).
public enum DialogueAct: Sendable, Codable, Equatable {
    case includeGenre(String)
    /// "a comedy or a horror film": every recommendation carries at least one of these.
    case includeAnyGenres([String])
    case excludeGenre(String)
    /// Release years, inclusive; a nil end leaves that end as it was.
    case setYearRange(min: Int?, max: Int?)
    /// Minutes, inclusive; a nil end leaves that end as it was.
    case setRuntimeRange(min: Int?, max: Int?)
    /// IMDb rating floor (1–10).
    case setMinimumRating(Double)
    /// Only these MPAA ratings ("family friendly" → G, PG).
    case allowMPAA([String])
    /// Never these MPAA ratings ("not R-rated").
    case excludeMPAA([String])
    case likeItem(ItemReference)
    case dislikeItem(ItemReference)
    case seenItem(ItemReference)
    /// Points at an item without an opinion ("the second one"): it becomes the focus,
    /// or answers a pending "which one did you mean?".
    case refer(ItemReference)
    /// "newer", "shorter than that", "like #1 but lighter"; the anchor is the item the
    /// critique is relative to, when the user named one.
    case critique(Preference, anchor: ItemReference?)
    case askWhy(ItemReference)
    case more
    case undo
    case reset
    /// Drop a constraint: a whole facet ("forget the decade") or one genre ("actually
    /// horror is fine").
    case relax(Facet, value: String?)
    /// "… instead": the genres asked for before are dropped; this utterance's genres
    /// (which follow this act) take their place. Excluded genres stay excluded.
    case dropIncludedGenres
    /// Items whose value of this facet is unknown must fail its bound ("strictly").
    /// nil: every facet.
    case setStrict(Facet?)
    /// A title matched several items equally well; the engine asks which one.
    case ambiguousTitle(candidates: [Int], sentiment: Sentiment)
    /// Greetings, thanks: nothing to track.
    case chitChat(String)
    /// Nothing understood.
    case unknown(String)
}

/// What `Understanding` made of one utterance.
public struct Interpretation: Sendable, Equatable {
    /// The utterance as understood (sanitised, possibly truncated).
    public var text: String
    public var language: Language
    public var acts: [DialogueAct]

    public init(text: String, language: Language, acts: [DialogueAct]) {
        self.text = text
        self.language = language
        self.acts = acts
    }
}
