/// Hit rate at K (HR@K) for one held-out item: 1 when it is ranked in the top K, else 0.
///
/// With a single relevant item per user this equals recall@K; the reported figure is
/// the mean over users. After LensKit's `hit` metric.
public enum HitRate {
    /// - Parameters:
    ///   - rank: the held-out item's rank among the candidates, 1 = first.
    ///   - k: the list length.
    public static func value(rank: Int, k: Int) -> Double {
        rank >= 1 && rank <= k ? 1 : 0
    }
}
