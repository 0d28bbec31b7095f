import CurioCatalog
import CurioDialogue

/// One line per recommended item saying why it fits, built only from facts that are
/// true in the catalog: the genres it shares with the request or with a liked item,
/// how many people who watched a liked item also watched it (`CoWatch`), and its
/// year, runtime and IMDb rating where the user constrained them — or "runtime
/// unknown" where it passed a bound only because the catalog does not know.
public struct ReasonWriter {
    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    /// The reason for `item` under `state`, in `language`.
    /// - Complexity: O(liked × (users(item) + users(liked))) for the co-watch counts.
    public func reason(for index: Int, state: DialogueState, constraints: HardConstraints, language: Language) -> String {
        let replies = engine.replies
        let item = engine.catalog.items[index]
        var parts: [String] = []
        func genres(_ g: [String]) -> String { replies.list(g.map { replies.genre($0, language) }, language) }

        let asked = constraints.includeGenres.filter(item.genres.contains)
        // The liked item most watched together with this one names the link.
        let partner = state.liked.filter { $0 != index }
            .map { (liked: $0, count: engine.coWatch.count($0, index)) }
            .max { $0.count != $1.count ? $0.count < $1.count : $0.liked > $1.liked }
        if !asked.isEmpty {
            parts.append(replies.text("reason.request", language, ["genres": genres(asked)]))
        } else if let liked = state.liked.first(where: { !Set(engine.catalog.items[$0].genres).isDisjoint(with: item.genres) }) {
            let shared = item.genres.filter(engine.catalog.items[liked].genres.contains)
            parts.append(replies.text("reason.liked", language, ["genres": genres(shared),
                                                                 "title": engine.catalog.items[liked].title]))
        }
        if let partner, partner.count > 0 {
            parts.append(replies.text("reason.cowatch", language, ["count": "\(partner.count)",
                                                                   "title": engine.catalog.items[partner.liked].title]))
        } else if state.liked.isEmpty, engine.coWatch.userCount(index) > 0 {
            parts.append(replies.text("reason.popular", language, ["count": "\(engine.coWatch.userCount(index))"]))
        }
        let verdict = constraints.verdict(for: item)
        let showYear = !constraints.year.isUnbounded || parts.count < 2
        let showRating = constraints.minimumRating != nil || parts.count < 2
        if showYear, let year = item.year { parts.append(replies.text("reason.year", language, ["year": "\(year)"])) }
        if !constraints.runtime.isUnbounded, let runtime = item.runtime {
            parts.append(replies.text("reason.runtime", language, ["minutes": "\(runtime)"]))
        }
        if showRating, let rating = item.imdbRating {
            parts.append(replies.text("reason.rating", language, ["rating": Self.decimal(rating)]))
        }
        for facet in verdict.unknownFacets {
            parts.append(replies.text("reason.unknown", language, ["facet": replies.text("facet.\(facet.rawValue)", language)]))
        }
        return parts.joined(separator: replies.text("reason.separator", language))
    }

    /// "7.3", "8": one decimal, without a trailing ".0".
    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
