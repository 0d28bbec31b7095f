import CurioCatalog
import CurioDialogue

/// One answer a clarifying question may offer, as the hard constraint it becomes.
///
/// Whether a candidate "satisfies" an answer is decided exactly as the list after the
/// answer will be filtered: by `HardConstraints.verdict(for:)`. So an item whose value
/// is unknown (no runtime, no MPAA rating) satisfies every answer about that facet —
/// it stays a candidate whatever the user says.
public enum ClarifyingAnswer: Sendable, Hashable {
    /// Release years, inclusive; nil is an open end.
    case years(min: Int?, max: Int?)
    /// Minutes, inclusive; nil is an open end.
    case runtime(min: Int?, max: Int?)
    /// Items carrying this genre (catalog spelling).
    case genre(String)
    /// IMDb rating at least this.
    case ratingAtLeast(Double)
    /// No rating floor: the other half of a rating question.
    case anyRating
    /// Only these MPAA ratings.
    case mpaa([String])

    /// The facet the answer constrains.
    public var facet: Facet {
        switch self {
        case .years: .year
        case .runtime: .runtime
        case .genre: .genre
        case .ratingAtLeast, .anyRating: .rating
        case .mpaa: .mpaa
        }
    }

    /// The dialogue acts that apply this answer to the state.
    public var acts: [DialogueAct] {
        switch self {
        case .years(let lo, let hi): [.setYearRange(min: lo, max: hi)]
        case .runtime(let lo, let hi): [.setRuntimeRange(min: lo, max: hi)]
        case .genre(let g): [.includeGenre(g)]
        case .ratingAtLeast(let r): [.setMinimumRating(r)]
        case .anyRating: []
        case .mpaa(let ratings): [.allowMPAA(ratings)]
        }
    }

    /// The constraints this answer alone sets.
    public var constraints: HardConstraints {
        var c = HardConstraints()
        switch self {
        case .years(let lo, let hi): c.year = Bounds(min: lo, max: hi)
        case .runtime(let lo, let hi): c.runtime = Bounds(min: lo, max: hi)
        case .genre(let g): c.includeGenres = [g]
        case .ratingAtLeast(let r): c.minimumRating = r
        case .anyRating: break
        case .mpaa(let ratings): c.mpaaAllowed = ratings
        }
        return c
    }

    /// Whether `item` passes this answer's constraint (unknown values pass).
    public func admits(_ item: Item) -> Bool {
        constraints.verdict(for: item).passes
    }
}

/// A question worth asking: one facet, the answers to offer, and how much the answer
/// is expected to tell (`ClarifyingPlanner.informationGain`).
public struct ClarifyingPlan: Sendable, Equatable {
    public var facet: Facet
    /// The answers in the order they are offered (numbered from 1).
    public var answers: [ClarifyingAnswer]
    /// Expected information gain about the user's target item, in bits.
    public var gain: Double
    public init(facet: Facet, answers: [ClarifyingAnswer], gain: Double) {
        self.facet = facet
        self.answers = answers
        self.gain = gain
    }
}
