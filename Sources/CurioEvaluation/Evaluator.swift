import CurioCatalog

/// Which held-out item to measure on.
public enum EvaluationTarget: String, Sendable, CaseIterable, Codable {
    /// The second-to-last item; history = training items. For tuning.
    case validation = "valid"
    /// The last item; history = training items + the validation item. Reported once.
    case test
}

/// Full-ranking evaluation of any `ItemScorer` on the leave-one-out split.
///
/// For each evaluated user the scorer scores every catalog item given the user's
/// history; items in the history are removed; the held-out item's rank among the rest
/// is counted (not sorted) and the top-K list is selected. No negative sampling:
/// sampled metrics disagree with full ranking (Krichene & Rendle, KDD 2020).
public struct Evaluator: Sendable {
    public let split: LeaveOneOutSplit
    public let target: EvaluationTarget
    /// The list length for HR, NDCG, coverage and novelty.
    public let k: Int
    /// User indices evaluated, ascending (users with a held-out item).
    public let users: [Int]
    /// Per evaluated user: the history given to the scorer, oldest first.
    public let histories: [[Int]]
    /// Per evaluated user: the held-out item.
    public let targets: [Int]
    /// Popularity rank of every item from training counts (for novelty).
    public let popularityRanks: [Double]

    public init(split: LeaveOneOutSplit, target: EvaluationTarget, k: Int = 10) {
        self.split = split
        self.target = target
        self.k = k
        let users = split.evaluatedUsers
        self.users = users
        self.histories = users.map { user in
            let training = split.trainingSequences[user]
            return target == .test ? training + [split.validationItems[user]!] : training
        }
        self.targets = users.map { user in
            target == .test ? split.testItems[user]! : split.validationItems[user]!
        }
        var counts = [Int](repeating: 0, count: split.itemCount)
        for item in split.training.items { counts[Int(item)] += 1 }
        self.popularityRanks = Novelty.popularityRanks(counts: counts)
    }

    /// Scores, ranks and measures every evaluated user.
    ///
    /// Users are scored in batches (through `score(histories:itemCount:into:)`) spread
    /// over the cores. Non-finite scores count as the lowest possible score but still
    /// rank above the masked history.
    ///
    /// - Complexity: O(users × (scoring cost + n)) for n catalog items.
    public func evaluate(_ scorer: some ItemScorer, batchSize: Int = 32) -> SystemResult {
        let n = split.itemCount
        let batches = stride(from: 0, to: users.count, by: batchSize).map {
            $0 ..< min($0 + batchSize, users.count)
        }
        let perBatch = parallelMap(count: batches.count) { b -> [(rank: Int, list: [Int])] in
            let range = batches[b]
            var scores = [Float](repeating: 0, count: range.count * n)
            scorer.score(histories: Array(histories[range]), itemCount: n, into: &scores)
            var out: [(rank: Int, list: [Int])] = []
            var row = [Float](repeating: 0, count: n)
            for (offset, u) in range.enumerated() {
                for i in 0..<n {
                    let s = scores[offset * n + i]
                    row[i] = s.isFinite ? s : -.greatestFiniteMagnitude
                }
                for item in histories[u] { row[item] = -.infinity }
                out.append((Ranking.rank(of: targets[u], in: row), Ranking.topK(row, k: k)))
            }
            return out
        }
        let measured = perBatch.flatMap { $0 }
        return SystemResult(name: scorer.name, k: k, itemCount: n,
                            ranks: measured.map(\.rank), lists: measured.map(\.list),
                            popularityRanks: popularityRanks)
    }
}
