// The generator as a policy: p_θ(i | H) for a batch of users, and sampling from it.

import CurioModel

/// The generator's distribution over items for a batch of histories,
/// p_θ(i | H_b) = softmax(score_G(i | H_b)/τ) over the items not in H_b.
public struct IRGANPolicy: Sendable {
    /// U, [B×d]: the folded user vectors (kept for the backward pass).
    public let users: [Float]
    /// [B×n]: row b is p_θ(· | H_b); history items are 0.
    public let probabilities: [Float]
    /// τ.
    public let temperature: Float
    public let itemCount: Int

    /// Computes the policy of `generator` for `histories` (distinct items each).
    ///
    /// - Complexity: O(B·n·d), one GEMM.
    public init(generator: FactorModel, histories: [[Int]], temperature: Float) {
        users = generator.userVectors(histories)
        var probabilities = generator.scores(users: users, rows: histories.count)
        maskedSoftmax(&probabilities, rows: histories.count, itemCount: generator.itemCount,
                      histories: histories, temperature: temperature)
        self.probabilities = probabilities
        self.temperature = temperature
        self.itemCount = generator.itemCount
    }

    /// `count` items drawn independently (with replacement) from row `row`, by inverting
    /// the cumulative distribution: one O(n) prefix sum, then a binary search per draw.
    ///
    /// - Complexity: O(n + count·log n).
    public func sample(row: Int, count: Int, random: inout ModelRandom) -> [Int] {
        let n = itemCount, start = row * n
        var cumulative = [Double](repeating: 0, count: n)
        var total: Double = 0
        for i in 0..<n {
            total += Double(probabilities[start + i])
            cumulative[i] = total
        }
        return (0..<count).map { _ in
            let u = random.nextUnit() * total
            var low = 0, high = n - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > u { high = middle } else { low = middle + 1 }
            }
            // Never return a zero-probability item (a history item), even at a rounding edge.
            while low > 0 && probabilities[start + low] == 0 { low -= 1 }
            return low
        }
    }
}
