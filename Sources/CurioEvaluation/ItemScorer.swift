import CurioCatalog

/// The one contract every recommender in curio meets (after RecBole's single model
/// interface): given a user's history, a score for every catalog item.
///
/// Higher is better. Ranking, masking of already-seen items and metrics are done by
/// the caller, so baselines, the language model and the other generators are
/// evaluated by exactly the same code.
public protocol ItemScorer {
    /// A short name for reports ("EASE", "item-kNN").
    var name: String { get }
    /// Writes one score per catalog item into `scores` (count = catalog size), for a
    /// user whose history is `history` (item indices, oldest first).
    func score(history: [Int], into scores: inout [Float])
}
