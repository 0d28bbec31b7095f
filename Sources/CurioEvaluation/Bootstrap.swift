import CurioRandom

/// A mean with its 95% bootstrap confidence interval.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public var mean: Double
    public var lower: Double
    public var upper: Double

    public init(mean: Double, lower: Double, upper: Double) {
        self.mean = mean
        self.lower = lower
        self.upper = upper
    }

    /// True when the interval excludes zero (for a difference: the systems differ).
    public var excludesZero: Bool { lower > 0 || upper < 0 }
}

/// Percentile bootstrap over users (Efron & Tibshirani 1993, ch. 13).
///
/// Users are resampled with replacement `resamples` times; the interval is the 2.5th
/// and 97.5th percentile of the resampled means. The paired variant resamples the
/// same users for both systems, so it measures the difference between two systems on
/// the same people, which is far tighter than comparing two separate intervals.
public enum Bootstrap {
    /// The mean of `values` and its 95% percentile-bootstrap interval.
    ///
    /// - Parameters:
    ///   - values: one metric value per user.
    ///   - resamples: number of bootstrap samples (1,000 is customary).
    ///   - seed: seeds the resampling; equal seeds give equal intervals.
    /// - Complexity: O(resamples × values.count).
    public static func interval(_ values: [Double], resamples: Int = 1000, seed: UInt64) -> ConfidenceInterval {
        let n = values.count
        guard n > 0 else { return ConfidenceInterval(mean: 0, lower: 0, upper: 0) }
        let mean = values.reduce(0, +) / Double(n)
        guard resamples > 0 else { return ConfidenceInterval(mean: mean, lower: mean, upper: mean) }
        var rng = SeededGenerator(seed: seed)
        var means = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var sum = 0.0
            for _ in 0..<n { sum += values[Int(rng.next() % UInt64(n))] }
            means[r] = sum / Double(n)
        }
        means.sort()
        return ConfidenceInterval(mean: mean,
                                  lower: percentile(means, 0.025),
                                  upper: percentile(means, 0.975))
    }

    /// The mean difference `a − b` over the same users and its 95% paired-bootstrap interval.
    ///
    /// - Precondition: `a` and `b` hold one value per user, for the same users in the same order.
    public static func pairedDifference(_ a: [Double], _ b: [Double], resamples: Int = 1000,
                                        seed: UInt64) -> ConfidenceInterval {
        precondition(a.count == b.count, "paired bootstrap needs one value per user for both systems")
        return interval(zip(a, b).map { $0 - $1 }, resamples: resamples, seed: seed)
    }

    /// Linear interpolation between order statistics (the "type 7" definition numpy uses).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let below = Int(position)
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + (sorted[above] - sorted[below]) * fraction
    }
}
