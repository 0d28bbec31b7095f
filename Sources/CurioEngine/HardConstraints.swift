import CurioCatalog

/// What a recommendation must satisfy, whatever the model prefers.
///
/// Built from the dialogue state's hard part (exclusions and bounds). Soft preferences
/// ("lighter", "more like #1") never appear here: they steer the model, they do not
/// forbid. An item whose fact is unknown fails a bound on that fact: curio never
/// recommends something that might break what the user asked for, and says how many
/// items were left out for that reason (see `ConstraintMask.unknownExcluded`).
public struct HardConstraints: Sendable, Equatable, Codable {
    /// Every listed genre must be among the item's genres.
    public var genresInclude: [String] = []
    /// None of these genres may be among the item's genres.
    public var genresExclude: [String] = []
    public var yearMin: Int?
    public var yearMax: Int?
    /// Minutes.
    public var runtimeMin: Int?
    public var runtimeMax: Int?
    /// Minimum IMDb rating (1-10).
    public var ratingMin: Double?
    /// When non-empty, the item's MPAA rating must be one of these.
    public var mpaaAllowed: [String] = []
    /// The item's MPAA rating must not be one of these (an unknown rating passes).
    public var mpaaExcluded: [String] = []
    /// Items never to recommend: seen, liked, disliked, already listed (item indices).
    public var excludedItems: Set<Int> = []

    public init() {}

    /// The facets a constraint can be placed on, least important first: when nothing
    /// satisfies every constraint, the engine relaxes them in this order.
    public enum Facet: String, Sendable, CaseIterable, Codable {
        case rating, mpaa, runtime, year, genresInclude, genresExclude
    }

    /// Whether a constraint on `facet` is set.
    public func isSet(_ facet: Facet) -> Bool {
        switch facet {
        case .rating: return ratingMin != nil
        case .mpaa: return !mpaaAllowed.isEmpty || !mpaaExcluded.isEmpty
        case .runtime: return runtimeMin != nil || runtimeMax != nil
        case .year: return yearMin != nil || yearMax != nil
        case .genresInclude: return !genresInclude.isEmpty
        case .genresExclude: return !genresExclude.isEmpty
        }
    }

    /// These constraints without the one on `facet`.
    public func relaxing(_ facet: Facet) -> HardConstraints {
        var copy = self
        switch facet {
        case .rating: copy.ratingMin = nil
        case .mpaa: copy.mpaaAllowed = []; copy.mpaaExcluded = []
        case .runtime: copy.runtimeMin = nil; copy.runtimeMax = nil
        case .year: copy.yearMin = nil; copy.yearMax = nil
        case .genresInclude: copy.genresInclude = []
        case .genresExclude: copy.genresExclude = []
        }
        return copy
    }

    /// Why `item` fails these constraints, or nil when it satisfies them all.
    public func violation(of item: Item) -> Violation? {
        if excludedItems.contains(item.index) { return .excludedItem }
        for genre in genresInclude where !item.genres.contains(genre) { return .facet(.genresInclude, unknown: false) }
        for genre in genresExclude where item.genres.contains(genre) { return .facet(.genresExclude, unknown: false) }
        if yearMin != nil || yearMax != nil {
            guard let year = item.year else { return .facet(.year, unknown: true) }
            if let lo = yearMin, year < lo { return .facet(.year, unknown: false) }
            if let hi = yearMax, year > hi { return .facet(.year, unknown: false) }
        }
        if runtimeMin != nil || runtimeMax != nil {
            guard let runtime = item.runtime else { return .facet(.runtime, unknown: true) }
            if let lo = runtimeMin, runtime < lo { return .facet(.runtime, unknown: false) }
            if let hi = runtimeMax, runtime > hi { return .facet(.runtime, unknown: false) }
        }
        if let lo = ratingMin {
            guard let rating = item.imdbRating else { return .facet(.rating, unknown: true) }
            if rating < lo { return .facet(.rating, unknown: false) }
        }
        if !mpaaAllowed.isEmpty {
            guard let mpaa = item.mpaa else { return .facet(.mpaa, unknown: true) }
            if !mpaaAllowed.contains(mpaa) { return .facet(.mpaa, unknown: false) }
        }
        if let mpaa = item.mpaa, mpaaExcluded.contains(mpaa) { return .facet(.mpaa, unknown: false) }
        return nil
    }

    /// Why an item is not allowed.
    public enum Violation: Sendable, Equatable {
        /// Seen, liked, disliked or already in the list.
        case excludedItem
        /// Breaks the constraint on a facet; `unknown` when the item's value is not known.
        case facet(Facet, unknown: Bool)
    }
}
