import CurioCatalog

/// The one contract every recommender in curio meets (after RecBole's single model
/// interface): given a user's history, a score for every catalog item.
///
/// Higher is better. Ranking, masking of already-seen items and metrics are done by
/// the caller, so baselines, the language model and the other generators are
/// evaluated by exactly the same code. Scorers are `Sendable` so the evaluator can
/// score users on both cores; a scorer is read-only once built.
public protocol ItemScorer: Sendable {
    /// A short name for reports ("EASE", "item-kNN").
    var name: String { get }
    /// Writes one score per catalog item into `scores` (count = catalog size), for a
    /// user whose history is `history` (item indices, oldest first).
    func score(history: [Int], into scores: inout [Float])
    /// Scores several users at once: row `u` of `scores` (row-major,
    /// `histories.count × itemCount`) receives the scores for `histories[u]`.
    ///
    /// The default calls `score(history:into:)` per user; a scorer that can share work
    /// across users (a language model prefilling a batch as one GEMM) overrides it.
    func score(histories: [[Int]], itemCount: Int, into scores: inout [Float])
}

extension ItemScorer {
    public func score(histories: [[Int]], itemCount: Int, into scores: inout [Float]) {
        var row = [Float](repeating: 0, count: itemCount)
        for (u, history) in histories.enumerated() {
            score(history: history, into: &row)
            scores.replaceSubrange(u * itemCount ..< (u + 1) * itemCount, with: row)
        }
    }
}
