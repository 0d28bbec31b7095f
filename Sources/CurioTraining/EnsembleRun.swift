import CurioEngine
import CurioEvaluation
import CurioModel
import Foundation

/// How an ensemble's training ended.
public struct EnsembleOutcome: Sendable {
    /// Each trained member's outcome, in member order.
    public var members: [TrainingOutcome]
    /// The ensemble of every member that has a best epoch, or with restarts the one
    /// member best on validation.
    public var languageModel: LanguageModel?
    /// With restarts: which member was kept (0 is the run of `seed`), and its outcome when
    /// this invocation trained it (nil for one finished before a resume).
    public var keptMember: Int?
    public var keptOutcome: TrainingOutcome?
    /// Validation HR@10 and NDCG@10 of that model (the same evaluator as an epoch's).
    public var validationHitRate: Double?
    public var validationNDCG: Double?
    public var stoppedBecause: String
}

/// Trains the members of an ensemble one after another: member k is an ordinary
/// `TrainingRun` whose seed is the ensemble's seed + k, with its own early stopping on
/// validation. Why several members: on MovieLens three seeds averaged (the mean of their
/// logits) raise validation NDCG@10 by ~16% over one (docs/training.md, Ensembles) —
/// a single model of 9k items learnt from 100k ratings varies a lot from seed to seed,
/// and the average keeps what the seeds agree on.
///
/// With `keepBest` (`curio train --restarts K`) the members are restarts instead: the one
/// with the best validation NDCG@10 is kept and the others are dropped. On MovieLens the
/// same recipe's seeds differ by ±.01 in validation NDCG@10, so training three and keeping
/// the best is worth its time when the budget allows it (docs/training.md).
///
/// One member is exactly the single-model run (its state in `<out>.resume`). With more,
/// each finished member waits in `<out>.member-k` and member k's state is
/// `<out>.member-k.resume`, so Ctrl-C loses at most the current epoch and `resume`
/// continues with the member that was running. The time limit is shared: each member
/// gets an equal part of what is left.
public final class EnsembleRun {
    public let memberCount: Int
    public let options: TrainingOptions
    /// Keep only the member best on validation (restarts) rather than all (an ensemble).
    public let keepBest: Bool
    let makeRun: (TrainingOptions) throws -> TrainingRun
    let validation: Evaluator

    /// - Parameter makeRun: a fresh run (and model) with the given options (the
    ///   ensemble's, with the member's seed and share of the time limit).
    public init(members: Int, options: TrainingOptions, validation: Evaluator, keepBest: Bool = false,
                makeRun: @escaping (TrainingOptions) throws -> TrainingRun) throws {
        guard (1...64).contains(members) else { throw TrainingError.options("--members must be from 1 to 64") }
        self.memberCount = members
        self.keepBest = keepBest
        self.options = options
        self.validation = validation
        self.makeRun = makeRun
    }

    /// Where member k waits once trained.
    public static func memberPath(out: String, member k: Int) -> String { "\(out).member-\(k)" }

    /// Where the run's resumable state is kept while member k trains.
    public static func statePath(out: String, member k: Int, of count: Int) -> String {
        count == 1 ? out + ".resume" : memberPath(out: out, member: k) + ".resume"
    }

    /// Every file the run may leave beside `out` while unfinished.
    public static func partialFiles(out: String, members count: Int) -> [String] {
        (0..<count).flatMap { k in
            count == 1 ? [statePath(out: out, member: 0, of: 1)]
                : [memberPath(out: out, member: k), statePath(out: out, member: k, of: count)]
        }
    }

    /// Trains every member not yet trained; `progress` receives the member index with
    /// each report. Finished members are read back from their files when resuming.
    public func run(out: String, resume: Bool, progress: (Int, TrainingProgress) -> Void,
                    interrupted: () -> Bool) throws -> EnsembleOutcome {
        let clock = Stopwatch()
        var trained: [TrainingOutcome] = []
        var models: [LanguageModel] = []
        // Which member each model is, and the outcomes of those trained here, by member.
        var modelMembers: [Int] = []
        var outcomes: [Int: TrainingOutcome] = [:]
        var reason = "finished"
        for k in 0..<memberCount {
            let parked = Self.memberPath(out: out, member: k)
            if memberCount > 1, resume, FileManager.default.fileExists(atPath: parked) {
                models.append(try ModelFile.load(parked).0)
                modelMembers.append(k)
                continue
            }
            var memberOptions = options
            memberOptions.seed = options.seed &+ UInt64(k)
            if let limit = options.timeLimit {
                memberOptions.timeLimit = max(0, limit - clock.elapsed) / Double(memberCount - k)
            }
            let run = try makeRun(memberOptions)
            let statePath = Self.statePath(out: out, member: k, of: memberCount)
            let outcome = try run.run(statePath: statePath, resume: resume && FileManager.default.fileExists(atPath: statePath),
                                      progress: { progress(k, $0) }, interrupted: interrupted)
            trained.append(outcome)
            outcomes[k] = outcome
            if outcome.best != nil { models.append(run.languageModel); modelMembers.append(k) }
            reason = outcome.stoppedBecause
            if outcome.stoppedBecause == "interrupted" { break }
            if memberCount > 1 {
                // Parked in full precision: the ensemble's file rounds once, at the end.
                try ModelFile.save(run.languageModel, to: parked, dtype: .f32)
                try? FileManager.default.removeItem(atPath: statePath)
            }
        }
        guard let first = models.first else {
            return EnsembleOutcome(members: trained, languageModel: nil, stoppedBecause: reason)
        }
        let finished = memberCount > 1 && reason != "interrupted"
        if keepBest {
            // Measured again rather than read from the outcomes: members finished before a
            // resume have only their files.
            let results = models.map { validation.evaluate(LanguageModelScorer($0), batchSize: 64) }
            var kept = 0
            for k in results.indices where mean(results[k].ndcg) > mean(results[kept].ndcg) { kept = k }
            return EnsembleOutcome(members: trained, languageModel: models[kept], keptMember: modelMembers[kept],
                                   keptOutcome: outcomes[modelMembers[kept]], validationHitRate: mean(results[kept].hitRate), validationNDCG: mean(results[kept].ndcg),
                                   stoppedBecause: finished ? "trained \(memberCount) restarts, kept the best" : reason)
        }
        let ensemble = try LanguageModel(members: models.flatMap(\.members), tokenizer: first.tokenizer)
        let result = validation.evaluate(LanguageModelScorer(ensemble), batchSize: 64)
        return EnsembleOutcome(members: trained, languageModel: ensemble, validationHitRate: mean(result.hitRate),
                               validationNDCG: mean(result.ndcg),
                               stoppedBecause: finished ? "trained \(memberCount) members" : reason)
    }
}
