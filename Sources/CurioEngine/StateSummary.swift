import CurioCatalog
import CurioDialogue

/// The dialogue state as people and programs see it: chips for the chat's state line
/// and the `state` object of `curio serve` (docs/protocol.md).
public enum StateSummary {
    /// "Comedy · 1990s · ≤ 120 min · no Horror · like: Men in Black", one chip each.
    public static func chips(_ state: DialogueState, catalog: Catalog) -> [String] {
        let c = state.constraints
        var chips = c.includeGenres
        if !c.anyGenres.isEmpty { chips.append(c.anyGenres.joined(separator: " or ")) }
        if let lo = c.year.min, let hi = c.year.max, lo % 10 == 0, hi == lo + 9 {
            chips.append("\(lo)s")
        } else if !c.year.isUnbounded {
            chips.append((c.year.min.map { "\($0)" } ?? "") + "–" + (c.year.max.map { "\($0)" } ?? ""))
        }
        switch (c.runtime.min, c.runtime.max) {
        case let (lo?, hi?): chips.append("\(lo)–\(hi) min")
        case let (nil, hi?): chips.append("≤ \(hi) min")
        case let (lo?, nil): chips.append("≥ \(lo) min")
        case (nil, nil): break
        }
        if let r = c.minimumRating { chips.append("IMDb ≥ \(ReasonWriter.decimal(r))") }
        if !c.mpaaAllowed.isEmpty { chips.append(c.mpaaAllowed.joined(separator: "/")) }
        chips += c.mpaaExcluded.map { "no \($0)" }
        chips += c.excludeGenres.map { "no \($0)" }
        chips += state.preferences.map(\.kind.words)
        func titles(_ items: [Int]) -> String {
            items.suffix(3).map { catalog.items[$0].title }.joined(separator: ", ") + (items.count > 3 ? " +\(items.count - 3)" : "")
        }
        if !state.liked.isEmpty { chips.append("like: " + titles(state.liked)) }
        if !state.disliked.isEmpty { chips.append("not: " + titles(state.disliked)) }
        if !state.seen.isEmpty { chips.append("seen: \(state.seen.count)") }
        return chips
    }

    /// The protocol's state object: item lists as catalog ids, genres, bounds, rating,
    /// MPAA ratings allowed and the soft preferences as `moods`.
    public static func snapshot(_ state: DialogueState, catalog: Catalog) -> StateSnapshot {
        let c = state.constraints
        func ids(_ items: [Int]) -> [String] { items.map { catalog.items[$0].id } }
        return StateSnapshot(
            liked: ids(state.liked), disliked: ids(state.disliked), seen: ids(state.seen),
            genres: .init(include: c.includeGenres, exclude: c.excludeGenres, any: c.anyGenres),
            year: .init(min: c.year.min, max: c.year.max), runtime: .init(min: c.runtime.min, max: c.runtime.max),
            ratingMin: c.minimumRating, mpaa: c.mpaaAllowed, moods: state.preferences.map { $0.kind.rawValue })
    }
}
