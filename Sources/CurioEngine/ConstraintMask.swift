import CurioCatalog
import CurioDialogue

/// Which catalog items may be emitted at an item position: the dialogue state's hard
/// constraints and exclusions, compiled once per turn into one flag per item.
///
/// An item is allowed iff `state.constraints.verdict(for: item).passes` (the dialogue's
/// rule: an unknown value passes a bound unless the facet is strict) and it is not
/// liked, disliked or seen, nor in `alsoExcluded` (items shown earlier, for "more").
/// Items already in the list being generated are the beam search's business.
///
/// The constrained decoder applies the mask to the logits *before* the softmax, so a
/// disallowed item has probability exactly zero: it is never generated and then
/// filtered. When too few items pass, `relaxed` drops whole facets, least important
/// first (`relaxationOrder`), and says which it dropped.
public struct ConstraintMask: Sendable {
    /// `allowed[i]` for item index i.
    public private(set) var allowed: [Bool]
    /// How many items pass.
    public private(set) var allowedCount: Int
    /// The constraints the mask was built from (after any relaxation).
    public let constraints: HardConstraints

    /// Facets dropped first when nothing satisfies every constraint: the IMDb rating
    /// floor and MPAA are refinements, the genre is usually the point of the request.
    public static let relaxationOrder: [Facet] = [.rating, .mpaa, .runtime, .year, .genre]

    /// The mask of `state` over `catalog`, with the state's constraints as they are.
    /// - Complexity: O(items × constraints).
    public init(catalog: Catalog, state: DialogueState, alsoExcluded: Set<Int> = [], genres: GenreIndex? = nil) {
        self.init(catalog: catalog, constraints: state.constraints,
                  excluded: Self.exclusions(of: state).union(alsoExcluded), genres: genres)
    }

    /// The mask of explicit constraints and excluded item indices.
    ///
    /// With a `GenreIndex`, only the items carrying every included genre are judged
    /// (the others fail `verdict` anyway); with no constraint at all, none are.
    /// - Complexity: O(candidates × constraints); candidates are all items without
    ///   an index or an included genre.
    public init(catalog: Catalog, constraints: HardConstraints, excluded: Set<Int>, genres: GenreIndex? = nil) {
        self.constraints = constraints
        var allowed = [Bool](repeating: false, count: catalog.items.count)
        var count = 0
        let candidates = genres?.items(carryingAll: constraints.includeGenres) ?? Array(catalog.items.indices)
        let judge = !constraints.isEmpty // no filter: the verdict passes every item
        for index in candidates where !excluded.contains(index) {
            if judge, !constraints.verdict(for: catalog.items[index]).passes { continue }
            allowed[index] = true
            count += 1
        }
        self.allowed = allowed
        self.allowedCount = count
    }

    /// The items a state never lets curio recommend back: liked, disliked and seen.
    public static func exclusions(of state: DialogueState) -> Set<Int> {
        Set(state.liked).union(state.disliked).union(state.seen)
    }

    /// Forbids one more item (e.g. one just added to the list).
    public mutating func forbid(_ item: Int) {
        if allowed[item] {
            allowed[item] = false
            allowedCount -= 1
        }
    }

    /// A mask with at least `minimum` allowed items if relaxing can reach it, dropping
    /// whole facets in `relaxationOrder`; returns the mask and the dropped facets in
    /// order. Exclusions (liked, disliked, seen, `alsoExcluded`) are never relaxed.
    /// - Complexity: O(items × constraints × relaxed facets).
    public static func relaxed(catalog: Catalog, state: DialogueState, alsoExcluded: Set<Int> = [],
                               minimum: Int, genres: GenreIndex? = nil) -> (mask: ConstraintMask, relaxed: [Facet]) {
        let excluded = exclusions(of: state).union(alsoExcluded)
        var current = state.constraints
        var mask = ConstraintMask(catalog: catalog, constraints: current, excluded: excluded, genres: genres)
        var dropped: [Facet] = []
        for facet in relaxationOrder where mask.allowedCount < minimum {
            guard current.constrainedFacets.contains(facet) else { continue }
            current = current.relaxing(facet)
            dropped.append(facet)
            mask = ConstraintMask(catalog: catalog, constraints: current, excluded: excluded, genres: genres)
        }
        return (mask, dropped)
    }
}

extension HardConstraints {
    /// These constraints without any filter on `facet` (a genre facet drops both the
    /// included and the excluded genres), and without its strictness.
    public func relaxing(_ facet: Facet) -> HardConstraints {
        var copy = self
        copy.strictFacets.removeAll { $0 == facet }
        switch facet {
        case .genre: copy.includeGenres = []; copy.excludeGenres = []; copy.anyGenres = []
        case .year: copy.year = Bounds()
        case .runtime: copy.runtime = Bounds()
        case .rating: copy.minimumRating = nil
        case .mpaa: copy.mpaaAllowed = []; copy.mpaaExcluded = []
        }
        return copy
    }
}
