/// The leave-one-out split every figure in curio is measured on (docs/evaluation.md).
///
/// Every interaction counts (implicit feedback, whatever the rating). Each user's
/// interactions are ordered by (timestamp, item id); the last one is that user's
/// test item, the second-to-last the validation item, and all earlier ones form the
/// training history. Ties in time are frequent (people rate in sessions), so the item
/// id decides: compared as integers when every id in the catalog is an integer
/// (MovieLens' movieId), else as strings. This matches data.md's "(timestamp, movieId)".
///
/// A user with fewer than three distinct items keeps them all in training and is not
/// evaluated (no validation or test item): leaving one out would leave nothing to
/// learn from. If a user interacted with the same item more than once, only the
/// latest interaction counts, so a held-out item never also appears in training.
///
/// - Complexity: O(N log N) for N interactions.
public struct LeaveOneOutSplit: Sendable {
    /// Per user index: training item indices, oldest first.
    public var trainingSequences: [[Int]]
    /// Per user index: the validation item, `nil` for users with fewer than three items.
    public var validationItems: [Int?]
    /// Per user index: the test item, `nil` for users with fewer than three items.
    public var testItems: [Int?]
    /// The training interactions only (no validation or test row), ordered by user
    /// index and then by the protocol's (timestamp, item id) order.
    public var training: Interactions
    /// Number of catalog items (the width of every score vector).
    public var itemCount: Int

    /// Splits a catalog's interactions by the protocol above.
    public init(catalog: Catalog) {
        self.init(interactions: catalog.interactions, itemIDs: catalog.items.map(\.id))
    }

    /// Splits interactions whose items are `itemIDs[index]`.
    ///
    /// - Parameters:
    ///   - interactions: every event; user and item indices must be valid (as
    ///     `Catalog.load` guarantees).
    ///   - itemIDs: the catalog id of each item index, used for the tie-break.
    public init(interactions: Interactions, itemIDs: [String]) {
        let order = Self.itemOrder(itemIDs)
        let userCount = interactions.userCount
        // Bucket row numbers by user, then sort each bucket by the protocol order.
        var rowsByUser = [[Int]](repeating: [], count: userCount)
        for row in 0..<interactions.count {
            rowsByUser[Int(interactions.users[row])].append(row)
        }
        var sequences = [[Int]](repeating: [], count: userCount)
        var validation = [Int?](repeating: nil, count: userCount)
        var test = [Int?](repeating: nil, count: userCount)
        var training = Interactions(userIDs: interactions.userIDs)
        for user in 0..<userCount {
            var rows = rowsByUser[user]
            rows.sort { a, b in
                let ta = interactions.timestamps[a], tb = interactions.timestamps[b]
                if ta != tb { return ta < tb }
                return order[Int(interactions.items[a])] < order[Int(interactions.items[b])]
            }
            // Keep only the latest interaction with each item.
            var seen = Set<Int32>()
            var kept: [Int] = []
            kept.reserveCapacity(rows.count)
            for row in rows.reversed() where seen.insert(interactions.items[row]).inserted {
                kept.append(row)
            }
            kept.reverse()
            var trainingRows = kept[...]
            if kept.count >= 3 {
                test[user] = Int(interactions.items[kept[kept.count - 1]])
                validation[user] = Int(interactions.items[kept[kept.count - 2]])
                trainingRows = kept[..<(kept.count - 2)]
            }
            sequences[user] = trainingRows.map { Int(interactions.items[$0]) }
            for row in trainingRows {
                training.users.append(interactions.users[row])
                training.items.append(interactions.items[row])
                training.ratings.append(interactions.ratings[row])
                training.timestamps.append(interactions.timestamps[row])
            }
        }
        self.trainingSequences = sequences
        self.validationItems = validation
        self.testItems = test
        self.training = training
        self.itemCount = itemIDs.count
    }

    /// Users that have a held-out item (every user with at least three items).
    public var evaluatedUsers: [Int] {
        testItems.indices.filter { testItems[$0] != nil }
    }

    /// The position of each item index in the tie-break order: numeric when every id
    /// is an integer, lexicographic otherwise.
    static func itemOrder(_ ids: [String]) -> [Int] {
        let numeric = ids.map { Int($0) }
        let sorted: [Int]
        if numeric.allSatisfy({ $0 != nil }) {
            sorted = ids.indices.sorted { numeric[$0]! < numeric[$1]! }
        } else {
            sorted = ids.indices.sorted { ids[$0] < ids[$1] }
        }
        var rank = [Int](repeating: 0, count: ids.count)
        for (position, item) in sorted.enumerated() { rank[item] = position }
        return rank
    }
}
