// Training an IRGAN generator: MF pretraining, then the adversarial game (Wang et al.,
// "IRGAN", SIGIR 2017, Algorithm 1), each epoch measured on the validation items.

import CurioCatalog
import CurioEvaluation
import CurioModel
import Foundation

/// One validation measurement during training, for progress lines and docs.
public struct IRGANEpoch: Sendable, Equatable {
    /// "mf" for pretraining, "gan" for the adversarial game.
    public var stage: String
    public var epoch: Int
    /// Mean training loss of the epoch's last pass (MF: softmax NLL; GAN: D's logistic loss).
    public var loss: Double
    /// Mean reward G's samples earned from D in the epoch's last pass (GAN only).
    public var reward: Double
    public var validationNDCG: Double
    public var seconds: Double
}

/// Trains the MF initialisation and the IRGAN generator on a leave-one-out split.
///
/// Only training items are used: validation items only choose the best epoch, and test
/// items are never seen. Every random choice draws from generators seeded by
/// `options.seed`, and every sum runs in a fixed order, so the same seed gives the same
/// weights.
public struct IRGANTraining: Sendable {
    public let split: LeaveOneOutSplit
    public let options: IRGANOptions
    private let validation: Evaluator

    /// - Throws: `IRGANError.invalidOption` for an option out of range,
    ///   `IRGANError.noTrainingData` when no user has two training items.
    public init(split: LeaveOneOutSplit, options: IRGANOptions) throws(IRGANError) {
        try options.validate()
        guard split.trainingSequences.contains(where: { Set($0).count >= 2 }) else { throw .noTrainingData }
        self.split = split
        self.options = options
        self.validation = Evaluator(split: split, target: .validation)
    }

    /// Mean validation NDCG@10 of a factor model.
    ///
    /// - Complexity: O(users·n·d).
    public func validationNDCG(_ model: FactorModel) -> Double {
        SystemResult.mean(validation.evaluate(FactorScorer(name: "validation", model: model)).ndcg)
    }

    /// Runs both stages and returns the best generator with its initialisation.
    ///
    /// - Parameters:
    ///   - itemIDs: the catalog id of each item index, stored in the result.
    ///   - progress: receives one line per epoch.
    ///   - shouldStop: polled between steps; when it returns true training ends early
    ///     and the best models so far are returned.
    /// - Complexity: O(epochs·passes·users·n·d).
    public func run(itemIDs: [String], progress: (IRGANEpoch) -> Void = { _ in },
                    shouldStop: () -> Bool = { false }) -> IRGANGenerator {
        precondition(itemIDs.count == split.itemCount, "one item id per split item")
        let clock = Date()
        let (mf, mfEpoch, mfNDCG) = pretrain(progress: progress, shouldStop: shouldStop, clock: clock)
        let (generator, ganEpoch, ganNDCG) = adversarial(from: mf, progress: progress, shouldStop: shouldStop, clock: clock)
        let summary = IRGANSummary(bestEpoch: ganEpoch, validationNDCG: ganNDCG, mfBestEpoch: mfEpoch,
                                   mfValidationNDCG: mfNDCG, options: options,
                                   trainingSeconds: Date().timeIntervalSince(clock))
        return IRGANGenerator(generator: generator, initialisation: mf, itemIDs: itemIDs, summary: summary)
    }

    /// MF pretraining with early stopping; returns the best epoch's model.
    public func pretrain(progress: (IRGANEpoch) -> Void = { _ in }, shouldStop: () -> Bool = { false },
                         clock: Date = Date()) -> (model: FactorModel, epoch: Int, ndcg: Double) {
        var model = FactorModel(itemCount: split.itemCount, dimension: options.dimension, alpha: options.alpha,
                                seed: options.seed)
        var adam = FactorAdam(for: model, learningRate: options.mfLearningRate, weightDecay: options.weightDecay)
        var random = ModelRandom(seed: options.seed &+ 0x4D46)  // "MF": folds, not the initial weights
        var best = (model: model, epoch: 0, ndcg: validationNDCG(model))
        var sinceBest = 0
        for epoch in 1...options.mfEpochs {
            var loss: Double = 0
            for _ in 0..<options.passesPerEpoch {
                let fold = FactorFold.draw(sequences: split.trainingSequences, holdout: options.holdout, random: &random)
                loss = 0
                for batch in fold.batches(size: options.batchSize) {
                    if shouldStop() { return best }
                    let step = MFPretraining.lossAndGradient(model: model, histories: Array(fold.histories[batch]),
                                                             targets: Array(fold.targets[batch]))
                    adam.step(&model, gradient: step.gradient)
                    loss += Double(step.loss) * Double(batch.count) / Double(fold.histories.count)
                }
            }
            let ndcg = validationNDCG(model)
            progress(IRGANEpoch(stage: "mf", epoch: epoch, loss: loss, reward: 0, validationNDCG: ndcg,
                                seconds: Date().timeIntervalSince(clock)))
            if ndcg > best.ndcg {
                best = (model, epoch, ndcg)
                sinceBest = 0
            } else {
                sinceBest += 1
                if sinceBest >= options.patience { break }
            }
        }
        return best
    }

    /// The adversarial game from `initialisation`; returns the generator of the adversarial
    /// epoch with the best validation NDCG@10 (epoch 0, the initialisation itself, only
    /// when no epoch ran).
    public func adversarial(from initialisation: FactorModel, progress: (IRGANEpoch) -> Void = { _ in },
                            shouldStop: () -> Bool = { false },
                            clock: Date = Date()) -> (model: FactorModel, epoch: Int, ndcg: Double) {
        var generator = initialisation
        var discriminator = options.discriminatorFromMF ? initialisation
            : FactorModel(itemCount: split.itemCount, dimension: options.dimension, alpha: options.alpha,
                          seed: options.seed &+ 0x44)  // "D"
        var generatorAdam = FactorAdam(for: generator, learningRate: options.generatorLearningRate,
                                       weightDecay: options.weightDecay)
        var discriminatorAdam = FactorAdam(for: discriminator, learningRate: options.discriminatorLearningRate,
                                           weightDecay: options.weightDecay)
        var random = ModelRandom(seed: options.seed &+ 0x47414E)  // "GAN"
        var best: (model: FactorModel, epoch: Int, ndcg: Double)?
        for epoch in stride(from: 1, through: options.ganEpochs, by: 1) {
            var discriminatorLoss: Double = 0, meanReward: Double = 0
            // D steps: real held-out items against as many items drawn from G.
            for _ in 0..<options.discriminatorPasses {
                let fold = FactorFold.draw(sequences: split.trainingSequences, holdout: options.holdout, random: &random)
                discriminatorLoss = 0
                for batch in fold.batches(size: options.batchSize) {
                    if shouldStop() { return best ?? (generator, 0, validationNDCG(generator)) }
                    let histories = Array(fold.histories[batch]), positives = Array(fold.targets[batch])
                    let policy = IRGANPolicy(generator: generator, histories: histories, temperature: options.temperature)
                    let negatives = positives.indices.map { policy.sample(row: $0, count: positives[$0].count, random: &random) }
                    let step = IRGANDiscriminator.lossAndGradient(model: discriminator, histories: histories,
                                                                  positives: positives, negatives: negatives)
                    discriminatorAdam.step(&discriminator, gradient: step.gradient)
                    discriminatorLoss += Double(step.loss) * Double(batch.count) / Double(fold.histories.count)
                }
            }
            // G steps: policy gradient with D's reward, baseline = each user's mean reward.
            for _ in 0..<options.generatorPasses {
                let fold = FactorFold.draw(sequences: split.trainingSequences, holdout: options.holdout, random: &random)
                meanReward = 0
                for batch in fold.batches(size: options.batchSize) {
                    if shouldStop() { return best ?? (generator, 0, validationNDCG(generator)) }
                    let histories = Array(fold.histories[batch])
                    let policy = IRGANPolicy(generator: generator, histories: histories, temperature: options.temperature)
                    let samples = histories.indices.map { policy.sample(row: $0, count: options.samples, random: &random) }
                    let rewards = IRGANDiscriminator.rewards(model: discriminator, histories: histories, samples: samples)
                    let advantages = rewards.map { row -> [Float] in
                        let baseline = row.reduce(0, +) / Float(row.count)
                        return row.map { $0 - baseline }
                    }
                    let gradient = IRGANPolicyGradient.gradient(model: generator, histories: histories, policy: policy,
                                                                samples: samples, advantages: advantages)
                    generatorAdam.step(&generator, gradient: gradient)
                    let batchReward = rewards.reduce(0) { $0 + Double($1.reduce(0, +)) / Double($1.count) }
                    meanReward += batchReward / Double(fold.histories.count)
                }
            }
            let ndcg = validationNDCG(generator)
            progress(IRGANEpoch(stage: "gan", epoch: epoch, loss: discriminatorLoss, reward: meanReward,
                                validationNDCG: ndcg, seconds: Date().timeIntervalSince(clock)))
            if best == nil || ndcg > best!.ndcg { best = (generator, epoch, ndcg) }
        }
        return best ?? (generator, 0, validationNDCG(generator))
    }
}
