/// Novelty as the mean popularity rank of recommended items: 1 is the most-interacted
/// item of the training data, larger is less popular (more novel).
///
/// Popularity is the number of training interactions; items with equal counts share
/// the mean of the ranks they span (fractional ranking), so the figure does not depend
/// on an arbitrary tie-break. Per user the value is the mean over that user's list;
/// the reported figure is the mean over users.
public enum Novelty {
    /// The popularity rank of every item, from its training interaction count.
    ///
    /// - Complexity: O(n log n) for n items.
    public static func popularityRanks(counts: [Int]) -> [Double] {
        let order = counts.indices.sorted { counts[$0] > counts[$1] }
        var ranks = [Double](repeating: 0, count: counts.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, counts[order[end]] == counts[order[start]] { end += 1 }
            // Positions start..<end hold ranks start+1 ... end; their mean:
            let shared = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = shared }
            start = end
        }
        return ranks
    }

    /// The mean popularity rank of one user's recommended items (0 for an empty list).
    public static func value(list: [Int], popularityRanks: [Double]) -> Double {
        guard !list.isEmpty else { return 0 }
        return list.reduce(0) { $0 + popularityRanks[$1] } / Double(list.count)
    }
}
