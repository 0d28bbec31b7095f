/// One candidate setting and what it scored on validation.
public struct TuningTrial: Sendable, Codable, Equatable {
    /// The setting, printed ("λ=500", "k=50").
    public var setting: String
    /// Mean NDCG@K on the validation items.
    public var validationNDCG: Double
}

/// Picks a hyperparameter by validation NDCG@K, never looking at test items.
///
/// Each candidate's scorer is built and evaluated on the validation target; the best
/// mean NDCG wins, ties going to the earlier candidate (list candidates from the
/// simplest, e.g. the fewest neighbours, so ties keep the simpler model).
public enum Tuning {
    /// - Parameters:
    ///   - candidates: the settings to try, in order of preference on ties.
    ///   - label: prints a setting for the trial log.
    ///   - validation: an evaluator whose target is `.validation`.
    ///   - build: makes the scorer for one setting.
    /// - Returns: the winning setting, its scorer, and every trial in candidate order.
    /// - Complexity: one build and one evaluation per candidate.
    public static func best<Setting, Scorer: ItemScorer>(
        _ candidates: [Setting], label: (Setting) -> String, validation: Evaluator,
        build: (Setting) throws -> Scorer
    ) rethrows -> (setting: Setting, scorer: Scorer, trials: [TuningTrial]) {
        precondition(!candidates.isEmpty, "tuning needs at least one candidate")
        var best: (setting: Setting, scorer: Scorer, ndcg: Double)?
        var trials: [TuningTrial] = []
        for candidate in candidates {
            let scorer = try build(candidate)
            let ndcg = SystemResult.mean(validation.evaluate(scorer).ndcg)
            trials.append(TuningTrial(setting: label(candidate), validationNDCG: ndcg))
            if best == nil || ndcg > best!.ndcg { best = (candidate, scorer, ndcg) }
        }
        return (best!.setting, best!.scorer, trials)
    }
}
