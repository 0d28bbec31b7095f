import CurioCatalog

/// Recommends the items with the most training interactions to everyone.
///
/// The floor every personalised system must clear; its score for an item is the
/// item's training interaction count, so ties among equally popular items fall to
/// the lower item index (see `Ranking`).
public struct MostPopular: ItemScorer {
    public let name = "MostPopular"
    /// Training interactions per item.
    public let counts: [Float]

    /// Counts the training interactions of each of `itemCount` items.
    ///
    /// - Complexity: O(interactions + itemCount).
    public init(training: Interactions, itemCount: Int) {
        var counts = [Float](repeating: 0, count: itemCount)
        for item in training.items { counts[Int(item)] += 1 }
        self.counts = counts
    }

    public func score(history: [Int], into scores: inout [Float]) {
        scores = counts
    }
}
