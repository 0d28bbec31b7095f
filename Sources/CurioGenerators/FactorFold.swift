// How a history-folded model learns from training histories: each user's training items
// are split at random into what the model sees (the history it folds) and what it must
// find (the targets). A new split every pass is a data augmentation, and training
// matches use: at evaluation and in chat the model sees some liked items and ranks the
// rest. Without the split the model would only learn that a history predicts itself.

import CurioModel

/// One pass's training rows: per user, a folded history and held-out targets.
public struct FactorFold: Sendable, Equatable {
    /// Per row: the items folded into the user vector (distinct, in a random order).
    public var histories: [[Int]]
    /// Per row: the items to find (never in the row's history; at least one).
    public var targets: [[Int]]

    public init(histories: [[Int]], targets: [[Int]]) {
        self.histories = histories
        self.targets = targets
    }

    /// Splits every training sequence with at least two distinct items: a share
    /// `holdout` of its items (at least one, at most all but one) become targets.
    ///
    /// Users come in a random order too, so batches mix light and heavy users.
    ///
    /// - Parameters:
    ///   - sequences: per user, training item indices (the split's `trainingSequences`).
    ///   - holdout: the share of each user's items held out as targets, in (0, 1).
    ///   - random: the seeded generator every random choice draws from.
    /// - Complexity: O(Σ|sequence|).
    public static func draw(sequences: [[Int]], holdout: Double, random: inout ModelRandom) -> FactorFold {
        var users = sequences.indices.filter { Set(sequences[$0]).count >= 2 }
        users.shuffle(using: &random)
        var fold = FactorFold(histories: [], targets: [])
        fold.histories.reserveCapacity(users.count)
        fold.targets.reserveCapacity(users.count)
        for user in users {
            var seen = Set<Int>()
            var items = sequences[user].filter { seen.insert($0).inserted }
            items.shuffle(using: &random)
            let held = min(items.count - 1, max(1, Int((Double(items.count) * holdout).rounded())))
            fold.targets.append(Array(items[..<held]))
            fold.histories.append(Array(items[held...]))
        }
        return fold
    }

    /// Row ranges of at most `size` rows.
    public func batches(size: Int) -> [Range<Int>] {
        stride(from: 0, to: histories.count, by: max(1, size)).map { $0 ..< min($0 + max(1, size), histories.count) }
    }
}
