import CurioCatalog
import CurioEvaluation
import CurioKernels
import CurioModel
import Foundation

/// How to train a Mult-VAE. The defaults are the ones chosen on validation for the
/// MovieLens catalog (docs/generators.md); the paper's are in the comments.
public struct MultVAETrainingOptions: Sendable, Equatable, Codable {
    /// Encoder hidden widths (the decoder mirrors them). Paper: [600].
    public var hiddenSizes: [Int] = [256]
    /// Latent dimension d. Paper: 200.
    public var latentSize: Int = 128
    /// Passes over the training users at most.
    public var epochs: Int = 150
    /// Users per update. Paper: 500.
    public var batchSize: Int = 128
    /// Adam's step size. Paper: 1e-3.
    public var learningRate: Float = 2e-3
    /// Decoupled (AdamW) weight decay on the weight matrices; 0 is the paper's plain Adam.
    public var weightDecay: Float = 0
    /// The largest KL weight β. Paper: 0.2.
    public var betaCap: Float = 0.2
    /// Updates over which β grows linearly from 0 to 1 (it stops at `betaCap`).
    /// Paper: 200,000.
    public var annealSteps: Int = 2_000
    /// Probability of keeping each input item during training. Paper: 0.5.
    public var keepProbability: Float = 0.5
    /// Seed of initialisation, shuffling, dropout and ε: the same seed gives the same model.
    public var seed: UInt64 = 1
    /// Stop after this many seconds (the epoch under way is cut short and validated).
    public var timeLimit: Double?
    /// Stop after this many epochs without a better validation NDCG@10 (nil: never).
    public var patience: Int? = 25

    public init() {}

    /// - Throws: `MultVAEError.invalidOptions` naming the first bad option.
    public func validate() throws(MultVAEError) {
        if epochs < 1 { throw .invalidOptions("epochs must be at least 1") }
        if batchSize < 1 { throw .invalidOptions("batch size must be at least 1") }
        if !(learningRate > 0) { throw .invalidOptions("learning rate must be positive") }
        if !(weightDecay >= 0) { throw .invalidOptions("weight decay must not be negative") }
        if !(betaCap >= 0) { throw .invalidOptions("β cap must not be negative") }
        if annealSteps < 1 { throw .invalidOptions("anneal steps must be at least 1") }
        if !(keepProbability > 0 && keepProbability <= 1) { throw .invalidOptions("keep probability must be in (0, 1]") }
        if let timeLimit, !(timeLimit > 0) { throw .invalidOptions("time limit must be positive") }
        if let patience, patience < 1 { throw .invalidOptions("patience must be at least 1") }
    }
}

/// What one epoch did, for progress lines.
public struct MultVAEEpochReport: Sendable {
    public var epoch: Int
    /// Mean training loss (−log-likelihood + β·KL) per user over the epoch's batches.
    public var loss: Double
    /// The KL weight at the end of the epoch.
    public var beta: Float
    public var validationHitRate: Double
    public var validationNDCG: Double
    public var seconds: Double
    /// Validation NDCG@10 is the best so far (this epoch's weights are kept).
    public var isBest: Bool
}

/// The result of training: the best epoch's model and why training stopped.
public struct MultVAETrainingOutcome: Sendable {
    /// The weights of the epoch with the best validation NDCG@10 (its `bestEpoch` and
    /// `validationNDCG` set).
    public var model: MultVAE
    public var reports: [MultVAEEpochReport]
    /// "epochs", "patience", "time limit" or "interrupted".
    public var stoppedBecause: String
}

/// Trains a Mult-VAE on the training part of the leave-one-out split, never on a
/// validation or test item, keeping the epoch with the best validation NDCG@10
/// (Liang et al. 2018 select by validation NDCG@100 the same way).
///
/// Each epoch shuffles the users with training items, and for every batch draws input
/// dropout and ε, computes the β-weighted ELBO and its gradient
/// (`MultVAE.trainingLoss`) and applies one Adam(W) update per tensor. β grows by
/// 1/`annealSteps` per update up to `betaCap` (the paper's linear KL annealing).
public struct MultVAETrainer {
    public let split: LeaveOneOutSplit
    public let itemIDs: [String]
    public let options: MultVAETrainingOptions

    /// - Throws: `MultVAEError.invalidOptions`, `.noTrainingData`, or `.invalidArchitecture`
    ///   when `itemIDs` do not match the split's item count.
    public init(split: LeaveOneOutSplit, itemIDs: [String], options: MultVAETrainingOptions) throws {
        try options.validate()
        guard itemIDs.count == split.itemCount else {
            throw MultVAEError.invalidArchitecture("\(itemIDs.count) item ids for a split of \(split.itemCount) items")
        }
        guard split.trainingSequences.contains(where: { !$0.isEmpty }) else { throw MultVAEError.noTrainingData }
        self.split = split
        self.itemIDs = itemIDs
        self.options = options
    }

    /// Runs training.
    ///
    /// - Parameters:
    ///   - progress: called after every epoch.
    ///   - interrupted: polled after every update; true stops at once (the partial epoch
    ///     is validated and the best model kept), for Ctrl-C.
    /// - Throws: `MultVAEError.diverged` on a non-finite loss.
    /// - Complexity: O(epochs · users · I · h) plus one validation pass per epoch.
    public func train(progress: (MultVAEEpochReport) -> Void = { _ in },
                      interrupted: () -> Bool = { false }) throws -> MultVAETrainingOutcome {
        let started = Date()
        let architecture = MultVAEArchitecture(itemCount: split.itemCount, hiddenSizes: options.hiddenSizes,
                                               latentSize: options.latentSize)
        let model = try MultVAE(architecture: architecture, itemIDs: itemIDs, seed: options.seed)
        let layout = model.layout
        let gradients = FloatStorage(count: layout.totalCount)
        let firstMoment = FloatStorage(count: layout.totalCount)
        let secondMoment = FloatStorage(count: layout.totalCount)
        let validation = Evaluator(split: split, target: .validation)
        let users = split.trainingSequences.indices.filter { !split.trainingSequences[$0].isEmpty }
        let batchSize = min(options.batchSize, users.count)
        let workspace = MultVAEWorkspace(architecture: architecture, capacity: batchSize, training: true)
        // Separate streams, so that changing one use of randomness does not change the others.
        var shuffling = ModelRandom(seed: options.seed &+ 1)
        var noiseRandom = ModelRandom(seed: options.seed &+ 2)
        var updates = 0
        // The update is memory-bound and as costly as a GEMM at these shapes: cut the
        // tensors into pieces and give the threads equal shares of them.
        let threads = Parallelism.defaultThreads
        let pieces = Self.adamPieces(layout, threads: threads)
        var best: MultVAE?
        var reports: [MultVAEEpochReport] = []
        var sinceBest = 0
        var stoppedBecause = "epochs"

        for epoch in 1...options.epochs {
            let epochStart = Date()
            var order = users
            order.shuffle(using: &shuffling)
            var lossSum = 0.0, lossUsers = 0
            var stopNow = false
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let histories = order[start ..< min(start + batchSize, order.count)].map { split.trainingSequences[$0] }
                let beta = min(options.betaCap, Float(updates) / Float(options.annealSteps))
                let noise = MultVAENoise.draw(histories: histories, latentSize: architecture.latentSize,
                                              keepProbability: options.keepProbability, random: &noiseRandom)
                let loss = model.trainingLoss(histories: histories, noise: noise, beta: beta, gradients: gradients,
                                              workspace: workspace, threads: threads)
                guard loss.total.isFinite else {
                    throw MultVAEError.diverged(epoch: epoch, step: start / batchSize + 1)
                }
                updates += 1
                let parameters = model.parameters, learningRate = options.learningRate
                let weightDecay = options.weightDecay, stepNumber = updates
                Parallelism.run(threads) { thread in
                    for piece in pieces where piece.thread == thread {
                        let step = AdamWStep(learningRate: learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
                                             weightDecay: piece.decays ? weightDecay : 0, step: stepNumber)
                        adamWUpdate(parameters: parameters.slice(piece.offset, piece.count),
                                    gradients: gradients.slice(piece.offset, piece.count),
                                    firstMoment: firstMoment.slice(piece.offset, piece.count),
                                    secondMoment: secondMoment.slice(piece.offset, piece.count), hyper: step)
                    }
                }
                lossSum += loss.total * Double(histories.count)
                lossUsers += histories.count
                if interrupted() { stoppedBecause = "interrupted"; stopNow = true; break }
                if let limit = options.timeLimit, Date().timeIntervalSince(started) >= limit {
                    stoppedBecause = "time limit"; stopNow = true; break
                }
            }
            let result = validation.evaluate(model)
            let ndcg = SystemResult.mean(result.ndcg)
            let isBest = best == nil || ndcg > best!.validationNDCG!
            if isBest {
                best = model.copy()
                best!.bestEpoch = epoch
                best!.validationNDCG = ndcg
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            let report = MultVAEEpochReport(
                epoch: epoch, loss: lossSum / Double(max(1, lossUsers)),
                beta: min(options.betaCap, Float(updates) / Float(options.annealSteps)),
                validationHitRate: SystemResult.mean(result.hitRate), validationNDCG: ndcg,
                seconds: Date().timeIntervalSince(epochStart), isBest: isBest)
            reports.append(report)
            progress(report)
            if stopNow { break }
            if let patience = options.patience, sinceBest >= patience { stoppedBecause = "patience"; break }
        }
        return MultVAETrainingOutcome(model: best!, reports: reports, stoppedBecause: stoppedBecause)
    }

    /// Slices of the parameter buffer of at most 2¹⁸ floats, each inside one tensor,
    /// dealt to `threads` threads in turn.
    private static func adamPieces(_ layout: MultVAELayout, threads: Int)
        -> [(offset: Int, count: Int, decays: Bool, thread: Int)] {
        var pieces: [(offset: Int, count: Int, decays: Bool, thread: Int)] = []
        for tensor in layout.tensors {
            for start in stride(from: 0, to: tensor.count, by: 1 << 18) {
                pieces.append((tensor.offset + start, min(1 << 18, tensor.count - start), tensor.decays,
                               pieces.count % max(1, threads)))
            }
        }
        return pieces
    }
}
