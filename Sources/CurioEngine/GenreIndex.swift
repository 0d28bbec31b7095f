import CurioCatalog
import CurioDialogue

/// For each genre, the items carrying it (ascending indices): the candidates of a
/// constraint mask when the request includes genres.
///
/// Sound because the dialogue's rule has no "unknown" for genres: an item that lacks
/// an included genre fails `HardConstraints.verdict(for:)` whatever else is true of it,
/// so `verdict` only needs to judge the items carrying every included genre. It cuts
/// the mask's cost from every item to, e.g., the ~3,800 comedies.
public struct GenreIndex: Sendable {
    private let postings: [String: [Int]]

    /// - Complexity: O(items × genres per item).
    public init(catalog: Catalog) {
        var postings: [String: [Int]] = [:]
        for item in catalog.items {
            for genre in Set(item.genres) { postings[genre, default: []].append(item.index) }
        }
        self.postings = postings
    }

    /// The items carrying every genre in `genres`, ascending; nil when `genres` is
    /// empty (every item is a candidate).
    /// - Complexity: O(items carrying the rarest genre × genres).
    public func items(carryingAll genres: [String]) -> [Int]? {
        guard !genres.isEmpty else { return nil }
        let lists = genres.map { postings[$0] ?? [] }.sorted { $0.count < $1.count }
        var result = lists[0]
        for list in lists.dropFirst() {
            let members = Set(list)
            result = result.filter(members.contains)
        }
        return result
    }
}
