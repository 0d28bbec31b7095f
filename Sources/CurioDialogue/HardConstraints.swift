import CurioCatalog

/// The filters of a dialogue state: what a recommendation must (not) be.
///
/// Unknown facet values (MovieLens items without a runtime, most without an MPAA
/// rating) are the rule, not the exception. The rule, applied by `verdict(for:)`: an
/// item whose value of a bounded facet is unknown passes that bound, and the verdict
/// says which facets were unknown so the engine can mark it ("runtime unknown"),
/// unless the facet is in `strictFacets` (the user said "strictly", "must"): then it fails.
public struct HardConstraints: Sendable, Codable, Equatable {
    /// Genres every recommendation must carry (all of them), catalog spelling.
    public var includeGenres: [String] = []
    /// Genres no recommendation may carry.
    public var excludeGenres: [String] = []
    /// When not empty, genres of which every recommendation must carry at least one
    /// ("a comedy or a horror film"); never also in `includeGenres` or `excludeGenres`.
    public var anyGenres: [String] = []
    /// Release year, inclusive.
    public var year = Bounds<Int>()
    /// Length in minutes, inclusive.
    public var runtime = Bounds<Int>()
    /// IMDb rating floor.
    public var minimumRating: Double?
    /// When not empty, the only MPAA ratings allowed.
    public var mpaaAllowed: [String] = []
    public var mpaaExcluded: [String] = []
    /// Facets whose unknown values fail their bound instead of passing it.
    public var strictFacets: [Facet] = []

    public init() {}

    /// Whether any filter is set.
    public var isEmpty: Bool {
        includeGenres.isEmpty && excludeGenres.isEmpty && anyGenres.isEmpty && year.isUnbounded && runtime.isUnbounded
            && minimumRating == nil && mpaaAllowed.isEmpty && mpaaExcluded.isEmpty
    }

    /// The facets that currently carry a filter.
    public var constrainedFacets: [Facet] {
        var facets: [Facet] = []
        if !includeGenres.isEmpty || !excludeGenres.isEmpty || !anyGenres.isEmpty { facets.append(.genre) }
        if !year.isUnbounded { facets.append(.year) }
        if !runtime.isUnbounded { facets.append(.runtime) }
        if minimumRating != nil { facets.append(.rating) }
        if !mpaaAllowed.isEmpty || !mpaaExcluded.isEmpty { facets.append(.mpaa) }
        return facets
    }

    /// The outcome of checking one item against the constraints.
    public struct Verdict: Sendable, Equatable {
        public var passes: Bool
        /// Bounded facets whose value the item does not know (it passed them anyway
        /// unless strict); show them to the user ("runtime unknown").
        public var unknownFacets: [Facet]
    }

    /// Checks `item` against every filter, applying the unknown-value rule above.
    ///
    /// Genre filters never see "unknown": an item without genres carries none of the
    /// included ones, so it fails an include filter and passes an exclude filter.
    public func verdict(for item: Item) -> Verdict {
        var unknown: [Facet] = []
        var passes = true
        func bound(_ facet: Facet, _ known: Bool, _ inside: @autoclosure () -> Bool) {
            if !known {
                unknown.append(facet)
                if strictFacets.contains(facet) { passes = false }
            } else if !inside() {
                passes = false
            }
        }
        if !includeGenres.allSatisfy(item.genres.contains) { passes = false }
        if excludeGenres.contains(where: item.genres.contains) { passes = false }
        if !anyGenres.isEmpty, !anyGenres.contains(where: item.genres.contains) { passes = false }
        if !year.isUnbounded { bound(.year, item.year != nil, year.contains(item.year!)) }
        if !runtime.isUnbounded { bound(.runtime, item.runtime != nil, runtime.contains(item.runtime!)) }
        if let minimumRating {
            bound(.rating, item.imdbRating != nil, item.imdbRating! >= minimumRating)
        }
        if !mpaaAllowed.isEmpty, item.mpaa == nil {
            // "Family friendly", "PG only" name the ratings that are fine, and a film whose
            // rating nobody knows is not known to be one of them: an allow-list is always
            // strict (a parent asking for G or PG must not get an unrated R film). An
            // exclusion ("not R") lets unknown ratings pass like other bounds.
            passes = false
        } else if !mpaaAllowed.isEmpty || !mpaaExcluded.isEmpty {
            bound(.mpaa, item.mpaa != nil,
                  (mpaaAllowed.isEmpty || mpaaAllowed.contains(item.mpaa!)) && !mpaaExcluded.contains(item.mpaa!))
        }
        return Verdict(passes: passes, unknownFacets: unknown)
    }

    /// Broken invariants of the constraints alone (see `DialogueState.check()`).
    public func check() -> [String] {
        var problems: [String] = []
        if let a = year.min, let b = year.max, a > b { problems.append("year min \(a) > max \(b)") }
        if let a = runtime.min, let b = runtime.max, a > b { problems.append("runtime min \(a) > max \(b)") }
        if let r = minimumRating, !(r.isFinite && (0...10).contains(r)) {
            problems.append("minimum rating \(r) outside 0...10")
        }
        let genres = Set(includeGenres).intersection(excludeGenres)
        if !genres.isEmpty { problems.append("genres both included and excluded: \(genres.sorted())") }
        let alternatives = Set(anyGenres).intersection(includeGenres + excludeGenres)
        if !alternatives.isEmpty { problems.append("alternative genres also included or excluded: \(alternatives.sorted())") }
        if anyGenres.count == 1 { problems.append("a single alternative genre (\(anyGenres[0])) should be included") }
        let mpaa = Set(mpaaAllowed).intersection(mpaaExcluded)
        if !mpaa.isEmpty { problems.append("MPAA both allowed and excluded: \(mpaa.sorted())") }
        for (name, list) in [("includeGenres", includeGenres), ("excludeGenres", excludeGenres), ("anyGenres", anyGenres),
                             ("mpaaAllowed", mpaaAllowed), ("mpaaExcluded", mpaaExcluded)]
        where Set(list).count != list.count {
            problems.append("\(name) has duplicates")
        }
        return problems
    }
}

extension HardConstraints {
    private enum CodingKeys: String, CodingKey {
        case includeGenres, excludeGenres, anyGenres, year, runtime, minimumRating, mpaaAllowed, mpaaExcluded, strictFacets
    }

    /// Every key is optional, so a conversation saved before a filter existed (a chat
    /// session file) still loads, with that filter unset.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        includeGenres = try c.decodeIfPresent([String].self, forKey: .includeGenres) ?? []
        excludeGenres = try c.decodeIfPresent([String].self, forKey: .excludeGenres) ?? []
        anyGenres = try c.decodeIfPresent([String].self, forKey: .anyGenres) ?? []
        year = try c.decodeIfPresent(Bounds<Int>.self, forKey: .year) ?? Bounds()
        runtime = try c.decodeIfPresent(Bounds<Int>.self, forKey: .runtime) ?? Bounds()
        minimumRating = try c.decodeIfPresent(Double.self, forKey: .minimumRating)
        mpaaAllowed = try c.decodeIfPresent([String].self, forKey: .mpaaAllowed) ?? []
        mpaaExcluded = try c.decodeIfPresent([String].self, forKey: .mpaaExcluded) ?? []
        strictFacets = try c.decodeIfPresent([Facet].self, forKey: .strictFacets) ?? []
    }
}
