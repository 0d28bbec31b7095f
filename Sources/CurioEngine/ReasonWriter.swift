import CurioCatalog
import CurioDialogue

/// One line per recommended item saying why it fits, built only from facts that are
/// true in the catalog: the genres it shares with the request or with a liked item,
/// how many people who watched a liked item also watched it (`CoWatch`), and its
/// year, runtime and IMDb rating where the user constrained them — or "runtime
/// unknown" where it passed a bound only because the catalog does not know.
///
/// Facts are gathered as `ExplanationFact` values first and worded second, so what a
/// reason or an explanation says can be checked against the catalog (tests do).
public struct ReasonWriter {
    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    /// The reason for `item` under `state`, in `language`.
    /// - Complexity: O(liked × (users(item) + users(liked))) for the co-watch counts.
    public func reason(for index: Int, state: DialogueState, constraints: HardConstraints, language: Language) -> String {
        words(listFacts(for: index, state: state, constraints: constraints), language: language)
    }

    /// The facts of a list line: the requested genres the item carries, else the genres
    /// it shares with the first liked item that shares any; the liked item watched
    /// together with it by most users (or, with nothing liked, how many watched it);
    /// year and rating when constrained or when there is little else to say; runtime
    /// when constrained; and the constrained facets the catalog does not know.
    /// - Complexity: O(liked × (users(item) + users(liked))).
    public func listFacts(for index: Int, state: DialogueState, constraints: HardConstraints) -> [ExplanationFact] {
        let item = engine.catalog.items[index]
        var facts: [ExplanationFact] = []
        let asked = (constraints.includeGenres + constraints.anyGenres).filter(item.genres.contains)
        if !asked.isEmpty {
            facts.append(.requestedGenres(asked))
        } else if let liked = state.liked.first(where: { $0 != index && !sharedGenres(index, $0).isEmpty }) {
            facts.append(.sharedGenres(sharedGenres(index, liked), with: liked))
        }
        if let partner = coWatchPartner(of: index, among: state.liked) {
            facts.append(.coWatch(count: partner.count, with: partner.liked))
        } else if state.liked.isEmpty, engine.coWatch.userCount(index) > 0 {
            facts.append(.watchers(engine.coWatch.userCount(index)))
        }
        facts += itemFacts(index, constraints: constraints, always: facts.count < 2)
        return facts
    }

    /// The facts of an explanation ("why #2"): the requested genres the item carries;
    /// for each liked item among `named` (the cited causes), the genres it shares and
    /// how many users watched both — or, when no liked item is named, the liked item
    /// most watched together with it; then its year, runtime and IMDb rating when the
    /// catalog knows them, and the constrained facets it does not know.
    /// - Complexity: O(liked × (users(item) + users(liked))).
    public func explanationFacts(for index: Int, state: DialogueState, named: [Int]) -> [ExplanationFact] {
        var facts: [ExplanationFact] = []
        let asked = (state.constraints.includeGenres + state.constraints.anyGenres).filter(engine.catalog.items[index].genres.contains)
        if !asked.isEmpty { facts.append(.requestedGenres(asked)) }
        let partners = named.isEmpty ? coWatchPartner(of: index, among: state.liked).map { [$0.liked] } ?? [] : named
        for liked in partners.prefix(3) where liked != index {
            let shared = sharedGenres(index, liked)
            if !shared.isEmpty { facts.append(.sharedGenres(shared, with: liked)) }
            let count = engine.coWatch.count(liked, index)
            if count > 0 { facts.append(.coWatch(count: count, with: liked)) }
        }
        if state.liked.isEmpty, engine.coWatch.userCount(index) > 0 {
            facts.append(.watchers(engine.coWatch.userCount(index)))
        }
        facts += itemFacts(index, constraints: state.constraints, always: true, withRuntime: true)
        return facts
    }

    /// `facts` as one line in `language`, joined by the language's separator.
    public func words(_ facts: [ExplanationFact], language: Language) -> String {
        let replies = engine.replies
        let items = engine.catalog.items
        func genres(_ g: [String]) -> String { replies.list(g.map { replies.genre($0, language) }, language) }
        return facts.map { fact -> String in
            switch fact {
            case .requestedGenres(let g): replies.text("reason.request", language, ["genres": genres(g)])
            case .sharedGenres(let g, let liked):
                replies.text("reason.liked", language, ["genres": genres(g), "title": items[liked].title.sanitizedForTerminal])
            case .coWatch(let count, let liked):
                replies.text("reason.cowatch", language, ["count": "\(count)", "title": items[liked].title.sanitizedForTerminal])
            case .watchers(let count): replies.text("reason.popular", language, ["count": "\(count)"])
            case .year(let year): replies.text("reason.year", language, ["year": "\(year)"])
            case .runtime(let minutes): replies.text("reason.runtime", language, ["minutes": "\(minutes)"])
            case .rating(let rating): replies.text("reason.rating", language, ["rating": Self.decimal(rating)])
            case .unknown(let facet):
                replies.text("reason.unknown", language, ["facet": replies.text("facet.\(facet.rawValue)", language)])
            }
        }.joined(separator: replies.text("reason.separator", language))
    }

    /// Year, runtime, rating (each when constrained, or when `always`; the runtime only
    /// `withRuntime`, as a list line has little room) and the constrained facets the
    /// item does not know.
    private func itemFacts(_ index: Int, constraints: HardConstraints, always: Bool,
                           withRuntime: Bool = false) -> [ExplanationFact] {
        let item = engine.catalog.items[index]
        var facts: [ExplanationFact] = []
        if !constraints.year.isUnbounded || always, let year = item.year { facts.append(.year(year)) }
        if !constraints.runtime.isUnbounded || always && withRuntime, let runtime = item.runtime { facts.append(.runtime(runtime)) }
        if constraints.minimumRating != nil || always, let rating = item.imdbRating { facts.append(.rating(rating)) }
        facts += constraints.verdict(for: item).unknownFacets.map { .unknown($0) }
        return facts
    }

    /// The genres of `index` that `liked` also carries, in the item's order.
    func sharedGenres(_ index: Int, _ liked: Int) -> [String] {
        let theirs = engine.catalog.items[liked].genres
        return engine.catalog.items[index].genres.filter(theirs.contains)
    }

    /// The liked item most users watched together with `index` (ties: the earlier
    /// liked item), when any user watched both.
    private func coWatchPartner(of index: Int, among liked: [Int]) -> (liked: Int, count: Int)? {
        let best = liked.filter { $0 != index }
            .map { (liked: $0, count: engine.coWatch.count($0, index)) }
            .max { $0.count != $1.count ? $0.count < $1.count : $0.liked > $1.liked }
        return best.flatMap { $0.count > 0 ? $0 : nil }
    }

    /// "7.3", "8": one decimal, without a trailing ".0".
    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
