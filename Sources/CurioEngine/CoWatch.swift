import CurioCatalog

/// How many users interacted with both of two items: the honest fact behind
/// "people who watched Men in Black also watched this (312 of them)".
///
/// Keeps, per item, the sorted list of users who interacted with it (and per user the
/// items), and intersects or walks them on demand; precomputing all pairs would cost
/// tens of millions of entries for users with long histories.
///
/// The same counts make the co-watch *expert* of the list (`affinity(to:)`): item-kNN's
/// cosine similarity (Sarwar et al., WWW 2001), computed for a few liked items at a time
/// by walking their watchers' histories rather than from a dense item × item matrix
/// (330 MB for MovieLens).
public struct CoWatch: Sendable {
    /// usersByItem[item] = ascending user indices.
    private let usersByItem: [[Int32]]
    /// itemsByUser[user] = the distinct items of that user.
    private let itemsByUser: [[Int32]]

    /// - Complexity: O(interactions + items).
    public init(itemCount: Int, interactions: Interactions) {
        var lists = [[Int32]](repeating: [], count: itemCount)
        for k in 0..<interactions.count {
            lists[Int(interactions.items[k])].append(interactions.users[k])
        }
        for i in lists.indices {
            lists[i].sort()
            // A user who rated an item twice still counts once.
            var unique: [Int32] = []
            unique.reserveCapacity(lists[i].count)
            for u in lists[i] where unique.last != u { unique.append(u) }
            lists[i] = unique
        }
        usersByItem = lists
        var items = [[Int32]](repeating: [], count: interactions.userIDs.count)
        for (item, users) in lists.enumerated() {
            for u in users where Int(u) < items.count { items[Int(u)].append(Int32(item)) }
        }
        itemsByUser = items
    }

    /// Users who interacted with `item`.
    public func userCount(_ item: Int) -> Int { usersByItem[item].count }

    /// Users who interacted with both items. - Complexity: O(users(a) + users(b)).
    public func count(_ a: Int, _ b: Int) -> Int {
        let x = usersByItem[a], y = usersByItem[b]
        var i = 0, j = 0, n = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { n += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return n
    }

    /// The cosine similarity of `item` with every item, in `Item.index` order: users who
    /// watched both over the geometric mean of each one's users (0 for an item nobody
    /// watched). `item` itself scores 1.
    ///
    /// - Complexity: O(Σ items of `item`'s users + item count).
    public func cosine(_ item: Int) -> [Float] {
        var both = [Float](repeating: 0, count: usersByItem.count)
        for u in usersByItem[item] {
            for other in itemsByUser[Int(u)] { both[Int(other)] += 1 }
        }
        let own = Float(usersByItem[item].count)
        guard own > 0 else { return both }
        for j in both.indices where both[j] > 0 {
            both[j] /= (own * Float(usersByItem[j].count)).squareRoot()
        }
        return both
    }

    /// The mean cosine similarity (`cosine(_:)`) of every item with the items of `liked`:
    /// how strongly the catalog's users tie each item to what this person liked. All
    /// zeros for no liked items.
    ///
    /// - Complexity: O(Σ items of the liked items' users + |liked| × item count).
    public func affinity(to liked: [Int]) -> [Float] {
        var rows: [Int: [Float]] = [:]
        return affinity(to: liked, rows: &rows)
    }

    /// `affinity(to:)`, taking each liked item's `cosine` row from `rows` when it is
    /// there and leaving it there when it was not (explanations score dozens of states
    /// that share most of their liked items).
    public func affinity(to liked: [Int], rows: inout [Int: [Float]]) -> [Float] {
        var sum = [Float](repeating: 0, count: usersByItem.count)
        let distinct = Array(Set(liked)).sorted()  // one summation order: the same list every time
        guard !distinct.isEmpty else { return sum }
        for item in distinct {
            if rows[item] == nil { rows[item] = cosine(item) }
            let row = rows[item]!
            for j in sum.indices { sum[j] += row[j] }
        }
        let scale = 1 / Float(distinct.count)
        for j in sum.indices { sum[j] *= scale }
        return sum
    }
}
