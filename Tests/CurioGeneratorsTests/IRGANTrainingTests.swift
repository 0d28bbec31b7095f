import CurioEvaluation
import Testing
@testable import CurioGenerators

/// Options that train on the synthetic clusters in about a second.
private func smallOptions(seed: UInt64 = 5) -> IRGANOptions {
    var options = IRGANOptions()
    options.seed = seed
    options.dimension = 8
    options.mfEpochs = 6
    options.ganEpochs = 3
    options.passesPerEpoch = 3
    options.batchSize = 32
    options.mfLearningRate = 0.03
    options.generatorLearningRate = 0.005
    options.discriminatorLearningRate = 0.01
    options.samples = 8
    return options
}

@Test func irganAndItsMFInitialisationBeatPopularityOnValidation() throws {
    let (split, ids) = IRGANFixture.clusteredSplit()
    let trained = try IRGANTraining(split: split, options: smallOptions()).run(itemIDs: ids)
    let validation = Evaluator(split: split, target: .validation)
    let popularity = SystemResult.mean(validation.evaluate(MostPopular(training: split.training,
                                                                       itemCount: split.itemCount)).ndcg)
    let irgan = SystemResult.mean(validation.evaluate(trained).ndcg)
    let mf = SystemResult.mean(validation.evaluate(trained.mf).ndcg)
    #expect(mf > popularity * 2, "MF \(mf) vs MostPopular \(popularity)")
    #expect(irgan > popularity * 2, "IRGAN \(irgan) vs MostPopular \(popularity)")
    // The summary reports what the evaluator measures.
    #expect(abs(trained.summary.validationNDCG - irgan) < 1e-9 && abs(trained.summary.mfValidationNDCG - mf) < 1e-9)
    #expect(trained.summary.bestEpoch >= 1, "the kept generator is an adversarial epoch's")
}

@Test func theSameSeedGivesTheSameWeightsAndAnotherSeedDoesNot() throws {
    let (split, ids) = IRGANFixture.clusteredSplit(users: 90)
    var options = smallOptions()
    options.mfEpochs = 2
    options.ganEpochs = 2
    let first = try IRGANTraining(split: split, options: options).run(itemIDs: ids)
    let second = try IRGANTraining(split: split, options: options).run(itemIDs: ids)
    #expect(first.generator == second.generator && first.initialisation == second.initialisation)
    options.seed = 6
    let other = try IRGANTraining(split: split, options: options).run(itemIDs: ids)
    #expect(other.generator != first.generator)
}

@Test func badOptionsAndEmptyDataAreRefusedWithAReason() {
    let (split, _) = IRGANFixture.clusteredSplit(users: 12)
    var options = IRGANOptions()
    options.holdout = 1
    #expect(throws: IRGANError.invalidOption("holdout must be between 0 and 1")) {
        try IRGANTraining(split: split, options: options)
    }
    var empty = split
    empty.trainingSequences = empty.trainingSequences.map { Array($0.prefix(1)) }
    #expect(throws: IRGANError.noTrainingData) { try IRGANTraining(split: empty, options: IRGANOptions()) }
}

@Test func scorerHandlesAnyHistoryWithoutCrashing() {
    let model = IRGANFixture.randomModel(items: 7)
    let scorer = FactorScorer(name: "MF", model: model)
    var one = [Float](repeating: 0, count: 7)
    scorer.score(history: [2, 2, 99, -1], into: &one)  // duplicates and stale indices
    var clean = [Float](repeating: 0, count: 7)
    scorer.score(history: [2], into: &clean)
    #expect(one == clean)
    scorer.score(history: [], into: &one)
    #expect(one == model.biases, "an empty history scores the learned popularity")
    // The batch path (one GEMM) agrees with one user at a time.
    var batch = [Float](repeating: 0, count: 14)
    scorer.score(histories: [[2], [0, 5]], itemCount: 7, into: &batch)
    var second = [Float](repeating: 0, count: 7)
    scorer.score(history: [0, 5], into: &second)
    #expect(zip(batch, clean + second).allSatisfy { abs($0 - $1) < 1e-5 })
}
