import Foundation

/// Normalised discounted cumulative gain at K for one held-out item.
///
/// With one relevant item the ideal DCG is 1/log2(2) = 1, so NDCG@K = 1/log2(rank + 1)
/// when the item is in the top K and 0 otherwise (Järvelin & Kekäläinen 2002; LensKit's
/// `ndcg` with binary relevance). Rank 1 scores 1, rank 2 scores 0.631, rank 10 0.289.
public enum NDCG {
    /// - Parameters:
    ///   - rank: the held-out item's rank among the candidates, 1 = first.
    ///   - k: the list length.
    public static func value(rank: Int, k: Int) -> Double {
        guard rank >= 1, rank <= k else { return 0 }
        return 1 / log2(Double(rank) + 1)
    }
}
