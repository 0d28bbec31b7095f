import CurioCatalog
import CurioDialogue
import CurioEvaluation
import CurioRandom

/// Measures whether explanations tell the truth about the recommender: `curio eval
/// --explanations` (docs/evaluation.md).
///
/// Over real recommendation situations (`ExplanationSituation`, from held-out users),
/// the engine generates the list, explains items of it (#1, #5, #10 by default) with
/// `Engine.explain`, and checks each explanation counterfactually by regenerating the
/// list for edited states — the list a user would really get, by the same constrained
/// beam search, not a proxy score:
///
/// - *necessity*: with the cited causes removed from the state, the item is no longer
///   in the top `listLength`;
/// - *sufficiency*: with only the cited causes kept (every other removable part taken
///   away), the item is still in the top `listLength`.
///
/// Edited states keep the full state's exclusions: a removed liked item stops being a
/// reason for the list, not something the user has seen, so it is never recommended
/// back (the usual protocol: what a user has interacted with is never recommended).
/// An explanation that cites nothing fails necessity (removing nothing changes
/// nothing). (The two criteria follow PRINCE, Ghazimatin et al., WSDM 2020, and CountER,
/// Tan et al., CIKM 2021.)
public struct ExplanationFaithfulness: Sendable {
    public let engine: Engine
    /// 1-based list positions explained in every situation.
    public var positions = [1, 5, 10]

    public init(engine: Engine) { self.engine = engine }

    /// Whether `explanation`, given for an item of the list of `state`, is necessary
    /// and sufficient (definitions above).
    /// - Complexity: two list generations.
    public func check(_ explanation: WhyExplanation, state: DialogueState) throws -> (necessary: Bool, sufficient: Bool) {
        let cited = explanation.cited.map(\.part)
        let seen = ConstraintMask.exclusions(of: state)
        let without = try engine.generate(state: state.removing(cited), utterance: "", alsoExcluded: seen).list.items
        let alone = try engine.generate(state: state.keepingOnly(cited, explaining: explanation.item), utterance: "",
                                        alsoExcluded: seen).list.items
        return (!cited.isEmpty && !without.contains(explanation.item), alone.contains(explanation.item))
    }

    /// Explains and checks at least `count` recommendations (whole situations, so a few
    /// more), drawn with `seed`. Situations whose list is shorter than the deepest
    /// position explained, or needed relaxing, are skipped. `progress` is called after
    /// each situation with the cases so far.
    /// - Complexity: per situation one list generation, then per explained item one
    ///   `explain` and two list generations.
    public func run(split: LeaveOneOutSplit, count: Int, seed: UInt64,
                    progress: (Int) -> Void = { _ in }) throws -> FaithfulnessReport {
        var rng = SeededGenerator(seed: seed)
        let users = split.testItems.indices.filter { split.testItems[$0] != nil && !split.trainingSequences[$0].isEmpty }
        guard !users.isEmpty else { throw EvaluationError.nothingToEvaluate }
        var cases: [FaithfulnessCase] = []
        var situations = 0, skipped = 0
        let deepest = positions.max() ?? 1
        let clock = ContinuousClock()
        while cases.count < count {
            // A bound on attempts keeps a catalog where no list is long enough from looping.
            if skipped > 20 * count { throw EvaluationError.nothingToEvaluate }
            let user = users[Int.random(in: 0..<users.count, using: &rng)]
            let state = ExplanationSituation.state(user: user, split: split, catalog: engine.catalog, using: &rng)
            let generated = try engine.generate(state: state, utterance: "")
            let list = generated.list.items
            guard list.count >= deepest, generated.relaxed.isEmpty else { skipped += 1; continue }
            situations += 1
            for position in positions {
                let item = list[position - 1]
                let start = clock.now
                let explanation = try engine.explain(item: item, state: state, language: .english, listed: true)
                let elapsed = clock.now - start
                let verdict = try check(explanation, state: state)
                cases.append(FaithfulnessCase(
                    user: user, state: state, item: item, position: position, cited: explanation.cited.map(\.part),
                    parts: state.removableParts(explaining: item).count, decisive: explanation.decisive,
                    claimedSufficient: explanation.sufficient,
                    necessary: verdict.necessary, sufficient: verdict.sufficient,
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            }
            progress(cases.count)
        }
        return FaithfulnessReport(cases: cases, situations: situations, skipped: skipped, seed: seed)
    }
}

/// A recommendation situation built from one held-out user, the way a person would
/// start a conversation: a few films they liked, sometimes a genre or a decade.
public enum ExplanationSituation {
    /// The state of a situation for `user`: 1–5 liked items drawn from the user's
    /// training history; with probability ½ a constraint taken from the user's
    /// validation item (watched later, so the request is one the user could make):
    /// one of its genres or its decade. Deterministic given the generator's state.
    public static func state(user: Int, split: LeaveOneOutSplit, catalog: Catalog,
                             using rng: inout SeededGenerator) -> DialogueState {
        var state = DialogueState()
        let history = split.trainingSequences[user]
        let wanted = min(history.count, Int.random(in: 1...5, using: &rng))
        var pool = history
        for _ in 0..<wanted {
            let pick = Int.random(in: 0..<pool.count, using: &rng)
            state.liked.append(pool.remove(at: pick))
        }
        let roll = Int.random(in: 0..<4, using: &rng)
        if roll < 2, let later = split.validationItems[user] {
            let item = catalog.items[later]
            if roll == 0, !item.genres.isEmpty {
                state.constraints.includeGenres = [item.genres[Int.random(in: 0..<item.genres.count, using: &rng)]]
            } else if roll == 1, let year = item.year {
                let decade = year - year % 10
                state.constraints.year = Bounds(min: decade, max: decade + 9)
            }
        }
        return state
    }
}
