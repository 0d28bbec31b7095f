import CurioDialogue
import CurioEvaluation

/// One explained recommendation and what the counterfactual checks found.
public struct FaithfulnessCase: Sendable {
    /// The held-out user the situation was built from.
    public var user: Int
    public var state: DialogueState
    /// `Item.index` of the explained item.
    public var item: Int
    /// 1-based position of the item in the list.
    public var position: Int
    /// The parts of the state the explanation cites.
    public var cited: [StatePart]
    /// How many removable parts the state had (the ablation's width).
    public var parts: Int
    /// Whether `Engine.explain` confirmed its citation as decisive.
    public var decisive: Bool
    /// Whether `Engine.explain` confirmed its citation as sufficient too.
    public var claimedSufficient: Bool
    public var necessary: Bool
    public var sufficient: Bool
    /// Wall time of the explanation alone (`Engine.explain`), seconds.
    public var seconds: Double
}

/// The rates of `ExplanationFaithfulness.run`, with counts and 95% bootstrap intervals
/// over explanations (explanations of one situation share a state, so the intervals are
/// somewhat optimistic).
public struct FaithfulnessReport: Sendable {
    public var cases: [FaithfulnessCase]
    /// Situations explained, and situations skipped (list too short, or relaxed).
    public var situations: Int
    public var skipped: Int
    public var seed: UInt64

    public init(cases: [FaithfulnessCase], situations: Int, skipped: Int, seed: UInt64) {
        self.cases = cases
        self.situations = situations
        self.skipped = skipped
        self.seed = seed
    }

    public var necessaryCount: Int { cases.filter(\.necessary).count }
    public var sufficientCount: Int { cases.filter(\.sufficient).count }
    public var decisiveCount: Int { cases.filter(\.decisive).count }
    public var necessity: ConfidenceInterval { Bootstrap.interval(cases.map { $0.necessary ? 1 : 0 }, seed: seed) }
    public var sufficiency: ConfidenceInterval { Bootstrap.interval(cases.map { $0.sufficient ? 1 : 0 }, seed: seed &+ 1) }
    /// Mean wall time of one explanation, milliseconds.
    public var meanMilliseconds: Double {
        cases.isEmpty ? 0 : cases.map(\.seconds).reduce(0, +) / Double(cases.count) * 1000
    }

    /// The readable report: overall rates, then by list position and by whether the
    /// explanation was decisive.
    public func table() -> String {
        func pct(_ x: Double) -> String { percent(x) }
        func row(_ name: String, _ subset: [FaithfulnessCase]) -> String {
            let n = subset.count
            let nec = subset.filter(\.necessary).count, suf = subset.filter(\.sufficient).count
            let cited = n == 0 ? 0 : Double(subset.map(\.cited.count).reduce(0, +)) / Double(n)
            return pad(name, 22) + pad("\(n)", 6, right: true)
                + pad("\(nec) (\(n == 0 ? "-" : pct(Double(nec) / Double(n))))", 16, right: true)
                + pad("\(suf) (\(n == 0 ? "-" : pct(Double(suf) / Double(n))))", 16, right: true)
                + pad(fixed(cited, 2), 8, right: true)
        }
        let nec = necessity, suf = sufficiency
        var lines = [
            "Explanation faithfulness: \(cases.count) explanations of \(situations) situations "
                + "(\(skipped) skipped), seed \(seed)",
            "  necessity   \(pct(nec.mean))  [\(pct(nec.lower)), \(pct(nec.upper))]  (\(necessaryCount)/\(cases.count))  target ≥ 80%",
            "  sufficiency \(pct(suf.mean))  [\(pct(suf.lower)), \(pct(suf.upper))]  (\(sufficientCount)/\(cases.count))  target ≥ 60%",
            "  decisive    \(decisiveCount)/\(cases.count) explanations confirmed necessary by their own regeneration, "
                + "\(cases.filter(\.claimedSufficient).count) also sufficient",
            "  mean time of one explanation \(fixed(meanMilliseconds, 1)) ms "
                + "(mean \(fixed(cases.isEmpty ? 0 : Double(cases.map(\.parts).reduce(0, +)) / Double(cases.count), 1)) parts ablated)",
            "",
            pad("subset", 22) + pad("n", 6, right: true) + pad("necessary", 16, right: true)
                + pad("sufficient", 16, right: true) + pad("cited", 8, right: true),
        ]
        for position in Set(cases.map(\.position)).sorted() {
            lines.append(row("list position #\(position)", cases.filter { $0.position == position }))
        }
        lines.append(row("decisive", cases.filter(\.decisive)))
        lines.append(row("not decisive", cases.filter { !$0.decisive }))
        lines.append(row("all", cases))
        return lines.joined(separator: "\n")
    }

    /// The figures as `(key, value)` pairs, for JSON output.
    public var fields: [(String, Double)] {
        let nec = necessity, suf = sufficiency
        return [("explanations", Double(cases.count)), ("situations", Double(situations)), ("skipped", Double(skipped)),
                ("necessary", Double(necessaryCount)), ("necessity", nec.mean), ("necessity_lower", nec.lower),
                ("necessity_upper", nec.upper), ("sufficient", Double(sufficientCount)), ("sufficiency", suf.mean),
                ("sufficiency_lower", suf.lower), ("sufficiency_upper", suf.upper), ("decisive", Double(decisiveCount)),
                ("mean_explain_ms", meanMilliseconds)]
    }
}

/// "81.2%".
private func percent(_ x: Double) -> String { fixed(x * 100, 1) + "%" }

/// `x` with `digits` decimals, without Foundation.
private func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "?" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int((abs(x) * scale).rounded())
    let whole = n / Int(scale), fraction = n % Int(scale)
    let fractionText = String(fraction)
    let padded = String(repeating: "0", count: max(0, digits - fractionText.count)) + fractionText
    return (x < 0 && n > 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + padded : "")
}

private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
}
