/// One system's measurements on one evaluation: the per-user values the report and
/// the bootstrap need.
public struct SystemResult: Sendable {
    public var name: String
    public var k: Int
    /// Per evaluated user: the held-out item's rank (1 = first).
    public var ranks: [Int]
    /// Per evaluated user: the top-K item indices, best first.
    public var lists: [[Int]]
    public var hitRate: [Double]
    public var ndcg: [Double]
    public var reciprocalRank: [Double]
    /// Per evaluated user: mean popularity rank of the top-K list.
    public var novelty: [Double]
    /// Distinct items in all top-K lists / catalog size.
    public var coverage: Double

    public init(name: String, k: Int, itemCount: Int, ranks: [Int], lists: [[Int]],
                popularityRanks: [Double]) {
        self.name = name
        self.k = k
        self.ranks = ranks
        self.lists = lists
        self.hitRate = ranks.map { HitRate.value(rank: $0, k: k) }
        self.ndcg = ranks.map { NDCG.value(rank: $0, k: k) }
        self.reciprocalRank = ranks.map { ReciprocalRank.value(rank: $0) }
        self.novelty = lists.map { Novelty.value(list: $0, popularityRanks: popularityRanks) }
        self.coverage = Coverage.value(lists: lists, itemCount: itemCount)
    }

    /// Mean of a per-user metric.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
