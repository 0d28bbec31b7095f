import Foundation

/// The summary of one system in a report: means with 95% bootstrap intervals.
public struct SystemSummary: Sendable, Codable {
    public var name: String
    /// The hyperparameter chosen on validation ("λ=500"), empty if none.
    public var setting: String
    public var hitRate: ConfidenceInterval
    public var ndcg: ConfidenceInterval
    public var mrr: ConfidenceInterval
    public var coverage: Double
    public var novelty: Double
    /// Paired bootstrap difference to the reference system (this − reference), absent
    /// for the reference itself.
    public var difference: Difference?
    public var trials: [TuningTrial]
    public var buildSeconds: Double
    public var evaluateSeconds: Double

    /// The paired differences of the three accuracy metrics.
    public struct Difference: Sendable, Codable {
        public var reference: String
        public var hitRate: ConfidenceInterval
        public var ndcg: ConfidenceInterval
        public var mrr: ConfidenceInterval
    }
}

/// A complete `curio eval` result: every system on one split, side by side.
///
/// All intervals use the same seed, so every system is resampled over the same
/// bootstrap draws of users, and differences are paired per user.
public struct EvaluationReport: Sendable, Codable {
    /// "valid" or "test".
    public var split: String
    public var k: Int
    public var users: Int
    public var items: Int
    public var seed: UInt64
    public var resamples: Int
    public var systems: [SystemSummary]

    /// One system's measurements and how long it took to get them.
    public struct Entry: Sendable {
        public var built: BuiltSystem
        public var result: SystemResult
        public var evaluateSeconds: Double

        public init(built: BuiltSystem, result: SystemResult, evaluateSeconds: Double) {
            self.built = built
            self.result = result
            self.evaluateSeconds = evaluateSeconds
        }
    }

    /// Summarises `entries`, with paired differences to the entry named `reference`
    /// (EASE by default; the first entry when none has that name).
    ///
    /// - Complexity: O(systems × resamples × users).
    public init(evaluator: Evaluator, entries: [Entry], reference: String = "EASE",
                seed: UInt64, resamples: Int = 1000) {
        self.split = evaluator.target.rawValue
        self.k = evaluator.k
        self.users = evaluator.users.count
        self.items = evaluator.split.itemCount
        self.seed = seed
        self.resamples = resamples
        let base = (entries.first { $0.result.name == reference } ?? entries.first)?.result
        func ci(_ values: [Double]) -> ConfidenceInterval {
            Bootstrap.interval(values, resamples: resamples, seed: seed)
        }
        func paired(_ a: [Double], _ b: [Double]) -> ConfidenceInterval {
            Bootstrap.pairedDifference(a, b, resamples: resamples, seed: seed)
        }
        self.systems = entries.map { entry in
            let r = entry.result
            var difference: SystemSummary.Difference?
            if let base, r.name != base.name {
                difference = .init(reference: base.name,
                                   hitRate: paired(r.hitRate, base.hitRate),
                                   ndcg: paired(r.ndcg, base.ndcg),
                                   mrr: paired(r.reciprocalRank, base.reciprocalRank))
            }
            return SystemSummary(name: r.name, setting: entry.built.setting,
                                 hitRate: ci(r.hitRate), ndcg: ci(r.ndcg), mrr: ci(r.reciprocalRank),
                                 coverage: r.coverage, novelty: SystemResult.mean(r.novelty),
                                 difference: difference, trials: entry.built.trials,
                                 buildSeconds: entry.built.buildSeconds,
                                 evaluateSeconds: entry.evaluateSeconds)
        }
    }

    /// The report as a fixed-width text table, then the paired differences.
    public func table() -> String {
        let at = "@\(k)"
        let header = ["system", "setting", "HR\(at) [95% CI]", "NDCG\(at) [95% CI]", "MRR [95% CI]",
                      "cov\(at)", "novelty", "build s"]
        let rows = systems.map { s in
            [s.name, s.setting, Self.format(s.hitRate), Self.format(s.ndcg), Self.format(s.mrr),
             String(format: "%.3f", s.coverage), String(format: "%.0f", s.novelty),
             String(format: "%.1f", s.buildSeconds)]
        }
        var lines = ["\(split) items: \(users) users, \(items) items, full ranking; "
                     + "bootstrap \(resamples) resamples, seed \(seed)"]
        lines += Self.layout([header] + rows)
        let differences = systems.compactMap { s in s.difference.map { (s.name, $0) } }
        if let reference = differences.first?.1.reference {
            lines.append("")
            lines.append("paired difference to \(reference) (system − \(reference)); * = interval excludes 0")
            lines += Self.layout([["system", "ΔHR\(at)", "ΔNDCG\(at)", "ΔMRR"]] + differences.map { name, d in
                [name, Self.format(d.hitRate, signed: true), Self.format(d.ndcg, signed: true),
                 Self.format(d.mrr, signed: true)]
            })
        }
        return lines.joined(separator: "\n")
    }

    /// ".0790 [.060, .100]"; with `signed`, "+.0123 [+.004, +.021]*".
    static func format(_ c: ConfidenceInterval, signed: Bool = false) -> String {
        func number(_ x: Double, _ digits: Int) -> String {
            var text = String(format: "%.\(digits)f", abs(x))
            if text.hasPrefix("0") { text.removeFirst() }
            let sign = x < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : (signed ? "+" : "")
            return sign + text
        }
        let star = signed && c.excludesZero ? "*" : ""
        return "\(number(c.mean, 4)) [\(number(c.lower, 3)), \(number(c.upper, 3))]\(star)"
    }

    /// Left-aligns columns with two spaces between them.
    static func layout(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
