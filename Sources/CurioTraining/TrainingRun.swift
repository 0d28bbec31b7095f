import CurioCatalog
import CurioEngine
import CurioEvaluation
import CurioModel

/// What a training run reports as it goes.
public enum TrainingProgress: Sendable {
    /// Within an epoch: `step` of `steps`, the running mean loss, tokens per second.
    case step(epoch: Int, step: Int, steps: Int, loss: Float, tokensPerSecond: Double, elapsed: Double)
    /// After an epoch: validation figures and whether it is the best so far.
    case epoch(EpochReport)
}

/// One epoch's outcome.
public struct EpochReport: Sendable, Codable, Equatable {
    public var epoch: Int
    public var loss: Float
    public var validationHitRate: Double
    public var validationNDCG: Double
    public var seconds: Double
    public var isBest: Bool
}

/// How a run ended.
public struct TrainingOutcome: Sendable {
    public var epochs: [EpochReport]
    /// The best epoch by validation NDCG@10 (its parameters are the model's now).
    public var best: EpochReport?
    public var seconds: Double
    public var stoppedBecause: String
}

/// A training run: the multitask data of one catalog, the model, the loop.
///
/// Each epoch shuffles (seeded) the next-item windows of every user with a share of the
/// grounding examples and fresh synthetic conversations, trains on them, then measures
/// HR@10 and NDCG@10 on the validation items with the same evaluator `curio eval` uses.
/// The best epoch's parameters are kept; the run stops early when validation has not
/// improved for `patience` epochs, at the time limit, or when interrupted.
///
/// A run trains one model (an ensemble's members are trained one run each:
/// `EnsembleTraining`).
public final class TrainingRun {
    public let languageModel: LanguageModel
    /// The one transformer being trained.
    var model: TransformerModel { languageModel.members[0] }
    public let options: TrainingOptions
    let catalog: Catalog
    let split: LeaveOneOutSplit
    let nextItem: NextItemTask
    let grounding: GroundingTask?
    let conversations: ConversationTask?
    let packer: BatchPacker
    let trainer: ModelTrainer
    let validation: Evaluator
    /// The model whose distributions the run also learns from (`--teacher`), if any.
    let teacher: Teacher?

    public init(catalog: Catalog, split: LeaveOneOutSplit, languageModel: LanguageModel,
                prompts: String, options: TrainingOptions,
                conversations: ConversationTask? = nil, teacher: [TransformerModel] = []) throws {
        guard languageModel.members.count == 1 else {
            throw TrainingError.options("a training run trains one model, not an ensemble of \(languageModel.members.count)")
        }
        self.catalog = catalog
        self.split = split
        self.languageModel = languageModel
        self.options = options
        self.conversations = conversations
        let tokenizer = languageModel.tokenizer
        let config = languageModel.config
        nextItem = NextItemTask(template: try TaskTemplate.load("next_item", prompts: prompts),
                                tokenizer: tokenizer, contextLength: config.contextLength,
                                stride: options.windowStride)
        if options.groundingShare > 0 {
            grounding = GroundingTask(describe: try TaskTemplate.load("describe_item", prompts: prompts),
                                      find: try TaskTemplate.load("find_item", prompts: prompts),
                                      tokenizer: tokenizer,
                                      labels: try FacetLabels(manifest: catalog.manifest, items: catalog.items))
        } else {
            grounding = nil
        }
        packer = BatchPacker(batchSize: options.batchSize, sequenceLength: config.contextLength,
                             padToken: languageModel.specials.pad, itemRange: tokenizer.itemRange)
        // The schedule needs a step count: estimate it from one epoch's batches.
        let perEpoch = try packer.batches(try nextItem.examples(histories: split.trainingSequences)).count
            + Int(Double(catalog.items.count) * options.groundingShare * 2 / Double(max(1, options.batchSize * 4)))
        // Warm up for at most one epoch: with few steps per epoch a fixed count would
        // spend several epochs at a tiny learning rate.
        let warmup = max(1, min(options.warmupSteps, perEpoch))
        let schedule = LearningRateSchedule(peak: options.learningRate, warmupSteps: warmup,
                                            totalSteps: max(warmup + 1, perEpoch * options.epochs))
        trainer = try ModelTrainer(model: languageModel.members[0], batchSize: options.batchSize,
                               sequenceLength: config.contextLength, schedule: schedule,
                               settings: AdamWSettings(weightDecay: options.weightDecay), dropout: options.dropout)
        validation = Evaluator(split: split, target: .validation)
        if options.spectralItemInit {
            SpectralItemInit.apply(to: languageModel.members[0], itemRange: tokenizer.itemRange,
                                   histories: split.trainingSequences, seed: options.seed)
        }
        self.teacher = teacher.isEmpty ? nil
            : try Teacher(members: teacher, batchSize: options.batchSize, sequenceLength: config.contextLength)
    }

    /// A fingerprint of what a resumed run must share with the one that saved its state.
    var fingerprint: String {
        let c = model.config
        return "\(catalog.manifest.name)|\(catalog.items.count)|\(c.vocabSize)|\(c.dModel)|\(c.layers)|\(c.heads)|"
            + "\(c.contextLength)|\(options.seed)|\(options.batchSize)|\(options.learningRate)|\(options.epochs)"
            + "|\(options.dropout)|\(options.windowStride)" + (teacher == nil ? "" : "|teacher \(options.teacherShare)")
            + (options.spectralItemInit ? "|spectral" : "") + (options.preferenceTurns ? "|preferences" : "")
    }

    /// Trains until done; `interrupted` is polled between steps (Ctrl-C).
    ///
    /// - Parameter statePath: where to save the resumable state after every epoch (and
    ///   to resume from when `resume` is true and the file exists).
    public func run(statePath: String? = nil, resume: Bool = false,
                    progress: (TrainingProgress) -> Void, interrupted: () -> Bool) throws -> TrainingOutcome {
        let clock = Stopwatch()
        var reports: [EpochReport] = []
        var best: (report: EpochReport, parameters: [Float])?
        var stale = 0
        var firstEpoch = 1
        var elapsedBefore = 0.0
        if resume, let statePath {
            let state = try RunState.read(from: statePath)
            guard state.fingerprint == fingerprint else {
                throw TrainingError.resume("\(statePath) was saved by a run with other data, model or options")
            }
            model.parameters.all.copy(from: state.parameters)
            try trainer.optimizer.restore(firstMoment: state.firstMoment, secondMoment: state.secondMoment,
                                          stepCount: state.stepCount)
            reports = state.reports
            best = state.best
            stale = state.stale
            firstEpoch = state.epoch + 1
            elapsedBefore = state.elapsed
        }
        var reason = "finished \(options.epochs) epochs"
        let baseExamples = try nextItem.examples(histories: split.trainingSequences)
        var epoch = firstEpoch
        epochs: while epoch <= options.epochs {
            defer { epoch += 1 }
            if stale >= options.patience { reason = "validation stopped improving"; break }
            if let limit = options.timeLimit, elapsedBefore + clock.elapsed >= limit { reason = "time limit"; break }
            // Each epoch draws from its own seeded generator, so a resumed run makes the
            // same choices as an uninterrupted one.
            var random = ModelRandom(seed: options.seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
            let epochClock = Stopwatch()
            var examples = baseExamples
            if let grounding {
                let share = Int((Double(catalog.items.count) * options.groundingShare).rounded())
                let chosen = catalog.items.shuffled(using: &random).prefix(share)
                examples += try grounding.examples(items: chosen)
            }
            if let conversations {
                examples += try conversations.examples(split: split, perUser: options.conversationsPerUser,
                                                       random: &random)
            }
            examples.shuffle(using: &random)
            let batches = try packer.batches(examples)
            var lossSum: Float = 0
            var tokens = 0
            for (s, batch) in batches.enumerated() {
                if interrupted() { reason = "interrupted"; break epochs }
                // Dropout masks come from the epoch's generator too (drawn only with dropout,
                // so a run without it makes exactly the draws it made before dropout existed).
                let soft = try teacher.map { try $0.itemDistributions(for: batch) }
                let report = try trainer.step(batch, dropoutSeed: options.dropout > 0 ? random.next() : nil,
                                              softTargets: soft, softTargetShare: soft == nil ? 0 : options.teacherShare)
                lossSum += report.loss
                tokens += batch.batchSize * batch.sequenceLength
                progress(.step(epoch: epoch, step: s + 1, steps: batches.count, loss: lossSum / Float(s + 1),
                               tokensPerSecond: Double(tokens) / max(epochClock.elapsed, 1e-9),
                               elapsed: elapsedBefore + clock.elapsed))
            }
            let result = validation.evaluate(LanguageModelScorer(languageModel), batchSize: 64)
            let hr = mean(result.hitRate), ndcg = mean(result.ndcg)
            let isBest = best.map { ndcg > $0.report.validationNDCG } ?? true
            let report = EpochReport(epoch: epoch, loss: lossSum / Float(max(1, batches.count)),
                                     validationHitRate: hr, validationNDCG: ndcg,
                                     seconds: epochClock.elapsed, isBest: isBest)
            reports.append(report)
            progress(.epoch(report))
            if isBest {
                best = (report, model.parameters.array)
                stale = 0
            } else {
                stale += 1
            }
            if let statePath {
                try RunState(epoch: epoch, stepCount: trainer.optimizer.stepCount, stale: stale,
                             elapsed: elapsedBefore + clock.elapsed, reports: reports,
                             parameters: model.parameters.array,
                             firstMoment: trainer.optimizer.firstMoment.array,
                             secondMoment: trainer.optimizer.secondMoment.array,
                             best: best, fingerprint: fingerprint).write(to: statePath)
            }
        }
        if let best { model.parameters.all.copy(from: best.parameters) }
        return TrainingOutcome(epochs: reports, best: best?.report, seconds: elapsedBefore + clock.elapsed,
                               stoppedBecause: reason)
    }
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
