/// Reciprocal rank of the held-out item over the full ranking (no cut-off): 1/rank.
///
/// Its mean over users is MRR. Unlike HR@K and NDCG@K it still rewards moving an item
/// from rank 500 to rank 50, so it separates systems that all miss the top 10.
public enum ReciprocalRank {
    /// - Parameter rank: the held-out item's rank among the candidates, 1 = first.
    public static func value(rank: Int) -> Double {
        rank >= 1 ? 1 / Double(rank) : 0
    }
}
