import CurioCatalog
import CurioDialogue

/// One thing a simulated user knows about the item it is looking for and says in one
/// turn.
public enum Fact: Sendable, Equatable, Hashable, Codable {
    /// The target carries this genre (catalog spelling).
    case genre(String)
    /// The target was released in the decade starting with this year (1980 = 1980–1989).
    case decade(Int)
    /// The user liked this item (an `Item.index` from its training history).
    case liked(Int)
    /// The target is shorter than this many minutes.
    case maximumRuntime(Int)

    /// "genre", "decade", "liked" or "runtime": how reports group facts.
    public var kind: String {
        switch self {
        case .genre: "genre"
        case .decade: "decade"
        case .liked: "liked"
        case .maximumRuntime: "runtime"
        }
    }

    /// The facet a clarifying question about this fact would ask for (liked items: none).
    public var facet: Facet? {
        switch self {
        case .genre: .genre
        case .decade: .year
        case .maximumRuntime: .runtime
        case .liked: nil
        }
    }

    /// Whether the fact is true of `target`, for a user whose training history is
    /// `history`: the genre is among the target's, the decade holds its year, it is
    /// shorter than the bound, the liked item is in the history and is not the target.
    public func isTrue(of target: Item, history: Set<Int>) -> Bool {
        switch self {
        case .genre(let g): target.genres.contains(g)
        case .decade(let d): target.year.map { $0 / 10 * 10 == d } ?? false
        case .maximumRuntime(let m): target.runtime.map { $0 < m } ?? false
        case .liked(let item): history.contains(item) && item != target.index
        }
    }

    /// Whether the dialogue state shows that curio understood this fact once said: the
    /// genre is required, the year bounds are exactly the decade, the length bound is
    /// at most the stated one, the item is liked.
    public func isReflected(in state: DialogueState) -> Bool {
        let c = state.constraints
        switch self {
        case .genre(let g): return c.includeGenres.contains(g)
        case .decade(let d): return c.year.min == d && c.year.max == d + 9
        case .maximumRuntime(let m): return c.runtime.max.map { $0 <= m } ?? false
        case .liked(let item): return state.liked.contains(item)
        }
    }
}

extension Array where Element == Fact {
    /// The hard filters these facts state, as the references apply them: every stated
    /// genre required, the stated decade as the year range, the length bound (the latest
    /// stated value of each single-valued facet wins).
    public var constraints: HardConstraints {
        var c = HardConstraints()
        for fact in self {
            switch fact {
            case .genre(let g): if !c.includeGenres.contains(g) { c.includeGenres.append(g) }
            case .decade(let d): c.year = Bounds(min: d, max: d + 9)
            case .maximumRuntime(let m): c.runtime = Bounds(min: nil, max: m - 1)
            case .liked: break
            }
        }
        return c
    }

    /// The liked items among these facts, in the order stated.
    public var likedItems: [Int] {
        compactMap { if case .liked(let item) = $0 { item } else { nil } }
    }
}
