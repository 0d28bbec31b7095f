import CurioCatalog

/// How many users interacted with both of two items: the honest fact behind
/// "people who watched Men in Black also watched this (312 of them)".
///
/// Keeps, per item, the sorted list of users who interacted with it, and intersects
/// two lists on demand; precomputing all pairs would cost tens of millions of entries
/// for users with long histories.
public struct CoWatch: Sendable {
    /// usersByItem[item] = ascending user indices.
    private let usersByItem: [[Int32]]

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
}
