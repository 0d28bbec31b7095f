import CurioCatalog
import CurioDialogue

/// Why one item is recommended: the parts of the conversation whose removal lowers its
/// score most, with weights, which of them the explanation cites, and true catalog
/// facts about the item.
public struct WhyExplanation: Sendable, Equatable {
    /// `Item.index`.
    public var item: Int
    /// Every removable part of the state, largest weight first; weights are each part's
    /// drop in log-probability over the sum of the absolute drops (negative: removing it
    /// would *raise* the score). `cited` marks the ones the explanation names.
    public var causes: [WhyCause]
    /// Whether removing the cited causes together was checked to push the item out of
    /// the top `listLength` of the regenerated list. False: nothing small enough was
    /// decisive, the cited causes are merely the heaviest, and the reply says so.
    public var decisive: Bool
    /// Whether keeping only the cited causes (every other removable part taken away) was
    /// checked to keep the item in the top `listLength` of the regenerated list.
    public var sufficient = false
    /// The facts the explanation states, each checkable against the catalog.
    public var facts: [ExplanationFact]
    /// The facts worded in the reply's language, one line.
    public var factText: String
    /// The reply without its bar chart: "Why X: … ." (the chat draws its own bars).
    public var sentence: String
    /// The bar chart, one line per shown cause: "  ████████░░ 0.62  you liked Heat".
    public var chart: [String]

    /// The causes the explanation names as the reason.
    public var cited: [WhyCause] { causes.filter(\.cited) }

    public init(item: Int, causes: [WhyCause], decisive: Bool, facts: [ExplanationFact], factText: String,
                sentence: String = "", chart: [String] = []) {
        self.item = item
        self.causes = causes
        self.decisive = decisive
        self.facts = facts
        self.factText = factText
        self.sentence = sentence
        self.chart = chart
    }
}

/// One removable part of a dialogue state, with its weight in an explanation.
public struct WhyCause: Sendable, Equatable {
    /// "you liked Heat", in the reply's language.
    public var label: String
    /// The item's drop in log-probability when this part alone is removed, over the sum
    /// of the absolute drops of all parts.
    public var weight: Double
    /// What is removed.
    public var part: StatePart
    /// Whether the explanation names it as (part of) the reason.
    public var cited: Bool

    public init(label: String, weight: Double, part: StatePart, cited: Bool = false) {
        self.label = label
        self.weight = weight
        self.part = part
        self.cited = cited
    }
}

/// A part of the dialogue state an explanation can take away: each liked item, each
/// included or excluded genre, each bounded facet, each soft preference. Disliked and
/// seen items are exclusions, not reasons, and are never removed.
public enum StatePart: Sendable, Equatable {
    case liked(Int)
    case includeGenre(String)
    /// The alternatives of "comedy or horror", as one part.
    case anyGenres([String])
    case excludeGenre(String)
    case bound(Facet)
    case preference(SoftPreference)
}

/// A fact an explanation states about the item, true in the catalog by construction
/// (and checked by tests against `Catalog` and the interactions).
public enum ExplanationFact: Sendable, Equatable {
    /// Genres of the item that the user asked for.
    case requestedGenres([String])
    /// Genres the item shares with a liked item (`Item.index`).
    case sharedGenres([String], with: Int)
    /// How many users interacted with both the item and a liked item.
    case coWatch(count: Int, with: Int)
    /// How many users interacted with the item (said when nothing is liked).
    case watchers(Int)
    case year(Int)
    /// Minutes.
    case runtime(Int)
    /// IMDb rating.
    case rating(Double)
    /// A constrained facet the catalog does not know for the item.
    case unknown(Facet)
}

extension DialogueState {
    /// The parts an explanation of `item` can remove, in a fixed order: liked items
    /// (except `item` itself), included genres, excluded genres, bounded facets,
    /// preferences.
    public func removableParts(explaining item: Int) -> [StatePart] {
        var parts: [StatePart] = liked.filter { $0 != item }.map { .liked($0) }
        parts += constraints.includeGenres.map { .includeGenre($0) }
        if !constraints.anyGenres.isEmpty { parts.append(.anyGenres(constraints.anyGenres)) }
        parts += constraints.excludeGenres.map { .excludeGenre($0) }
        parts += [Facet.year, .runtime, .rating, .mpaa].filter(constraints.constrainedFacets.contains).map { .bound($0) }
        parts += preferences.map { .preference($0) }
        return parts
    }

    /// This state without `parts` (parts it does not hold are ignored).
    /// - Complexity: O(parts × state size).
    public func removing(_ parts: [StatePart]) -> DialogueState {
        var s = self
        for part in parts {
            switch part {
            case .liked(let item): s.liked.removeAll { $0 == item }
            case .includeGenre(let genre): s.constraints.includeGenres.removeAll { $0 == genre }
            case .anyGenres: s.constraints.anyGenres = []
            case .excludeGenre(let genre): s.constraints.excludeGenres.removeAll { $0 == genre }
            case .bound(let facet): s.constraints = s.constraints.relaxing(facet)
            case .preference(let preference): s.preferences.removeAll { $0 == preference }
            }
        }
        return s
    }

    /// This state with only `kept` of the removable parts of an explanation of `item`:
    /// what "the cited causes alone" means for sufficiency.
    public func keepingOnly(_ kept: [StatePart], explaining item: Int) -> DialogueState {
        removing(removableParts(explaining: item).filter { !kept.contains($0) })
    }
}
