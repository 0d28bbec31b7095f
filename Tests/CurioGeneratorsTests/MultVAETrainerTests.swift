import CurioCatalog
import CurioEvaluation
import Testing
@testable import CurioGenerators

@Suite struct MultVAETrainerTests {
    static func options(epochs: Int, seed: UInt64 = 1) -> MultVAETrainingOptions {
        var options = MultVAETrainingOptions()
        options.hiddenSizes = [32]
        options.latentSize = 8
        options.epochs = epochs
        options.batchSize = 25
        options.learningRate = 3e-3
        options.annealSteps = 400
        options.patience = nil
        options.seed = seed
        return options
    }

    @Test func learnsTastesThatPopularityCannotSee() throws {
        let split = MultVAEFixture.clusteredSplit()
        let trainer = try MultVAETrainer(split: split, itemIDs: MultVAEFixture.itemIDs(split.itemCount),
                                         options: Self.options(epochs: 40))
        var epochs = 0
        let outcome = try trainer.train(progress: { _ in epochs += 1 })
        #expect(epochs == 40 && outcome.stoppedBecause == "epochs")

        let validation = Evaluator(split: split, target: .validation)
        let vae = SystemResult.mean(validation.evaluate(outcome.model).ndcg)
        let popular = SystemResult.mean(validation.evaluate(MostPopular(training: split.training,
                                                                        itemCount: split.itemCount)).ndcg)
        // Each user's next item is one of the 8 unseen items of their taste: a model that
        // learnt the tastes ranks it near the top (random within the taste: NDCG@10 ≈ .4),
        // popularity cannot tell the tastes apart (≈ .1).
        #expect(vae > 0.3 && vae > 2 * popular, "Mult-VAE validation NDCG@10 \(vae), MostPopular \(popular)")
        #expect(outcome.model.validationNDCG == vae)
        #expect(outcome.model.bestEpoch == outcome.reports.max { $0.validationNDCG < $1.validationNDCG }!.epoch)
    }

    @Test func theSameSeedGivesTheSameWeights() throws {
        let split = MultVAEFixture.clusteredSplit(users: 60)
        let ids = MultVAEFixture.itemIDs(split.itemCount)
        let first = try MultVAETrainer(split: split, itemIDs: ids, options: Self.options(epochs: 3)).train()
        let again = try MultVAETrainer(split: split, itemIDs: ids, options: Self.options(epochs: 3)).train()
        let other = try MultVAETrainer(split: split, itemIDs: ids, options: Self.options(epochs: 3, seed: 2)).train()
        #expect(first.model.parameterValues == again.model.parameterValues)
        #expect(first.model.parameterValues != other.model.parameterValues)
    }

    @Test func neverTrainsOnHeldOutItems() throws {
        // Every user's validation item is 20 and test item 21, the most frequent items of
        // all: had training seen them, they would score highest. Unseen, they must score
        // like 22 and 23, which nobody has, far below the items users trained on.
        let sequences = (0..<40).map { user in (0..<8).map { (user + $0) % 20 } + [20, 21] }
        let split = MultVAEFixture.split(sequences, items: 24)
        #expect(split.validationItems.allSatisfy { $0 == 20 } && split.testItems.allSatisfy { $0 == 21 })
        var options = Self.options(epochs: 60)
        options.batchSize = 8
        let outcome = try MultVAETrainer(split: split, itemIDs: MultVAEFixture.itemIDs(24), options: options).train()
        var scores = [Float](repeating: 0, count: 24)
        outcome.model.score(history: [0, 1, 2, 3], into: &scores)
        let heldOut = (scores[20] + scores[21]) / 2, unseen = (scores[22] + scores[23]) / 2
        let trained = scores[4..<20].reduce(0, +) / 16
        #expect(heldOut < trained && abs(heldOut - unseen) < (trained - unseen) / 2,
                "held-out \(heldOut), never-seen \(unseen), trained \(trained)")
    }

    @Test func badOptionsAreRefusedWithTheReason() {
        let split = MultVAEFixture.clusteredSplit(users: 10)
        var options = Self.options(epochs: 1)
        options.keepProbability = 0
        #expect(throws: MultVAEError.invalidOptions("keep probability must be in (0, 1]")) {
            try MultVAETrainer(split: split, itemIDs: MultVAEFixture.itemIDs(split.itemCount), options: options)
        }
        options = Self.options(epochs: 1)
        options.hiddenSizes = [0]
        #expect(throws: MultVAEError.invalidArchitecture("hidden size 0 must be at least 1")) {
            try MultVAETrainer(split: split, itemIDs: MultVAEFixture.itemIDs(split.itemCount), options: options).train()
        }
    }
}
