import Testing
@testable import CurioModel

/// Dropout is a training-only change: its gradients are exact for a fixed mask, the same
/// seed gives the same model, and nothing it leaves behind alters inference.
@Suite struct DropoutTests {
    @Test func backwardThroughFixedMasksMatchesFiniteDifferences() throws {
        let model = try Tiny.gradientCheckModel()
        let batch = try Tiny.mixedBatch()
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 2, sequenceLength: 6)
        let draw = DropoutDraw(probability: 0.3, seed: 2024)
        let dropped = try model.loss(for: batch, workspace: workspace, dropout: draw)
        let gradients = model.makeGradientBuffer()
        try model.backward(workspace: workspace, gradients: gradients)
        let plain = try model.loss(for: batch, workspace: workspace)
        #expect(dropped != plain, "p 0.3 changed nothing")

        // Floor 4e-3 (2e-3 without dropout): the kept activations are scaled by 1/(1−p),
        // and the loss's float noise in a difference quotient measured ~6e-5 here.
        let (worst, worstName) = try Tiny.worstGradientError(model, gradients: gradients, floor: 4e-3) {
            try model.loss(for: batch, workspace: workspace, dropout: draw)
        }
        print("gradient check with dropout 0.3: max relative error \(worst) at \(worstName)")
        #expect(worst < 2e-2, "worst at \(worstName)")
    }

    @Test func probabilityZeroIsExactlyNoDropoutAndBadProbabilitiesAreRefused() throws {
        let model = try Tiny.model()
        let batch = try Tiny.mixedBatch()
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 2, sequenceLength: 6)
        let plain = try model.loss(for: batch, workspace: workspace)
        #expect(try model.loss(for: batch, workspace: workspace, dropout: DropoutDraw(probability: 0, seed: 3)) == plain)
        for bad: Float in [-0.1, 1, 1.5, .nan] {
            #expect(throws: ModelError.self) {
                try model.loss(for: batch, workspace: workspace, dropout: DropoutDraw(probability: bad, seed: 3))
            }
        }
        #expect(throws: ModelError.self) {
            try ModelTrainer(model: model, batchSize: 2, sequenceLength: 6,
                             schedule: LearningRateSchedule(peak: 1e-3, warmupSteps: 1, totalSteps: 2), dropout: 1)
        }
    }

    /// Trains `steps` steps with dropout `p`, masks seeded from one generator as a run does.
    static func train(seed: UInt64, dropout p: Float, steps: Int = 4) throws -> (TransformerModel, [Float]) {
        let model = try TransformerModel(config: TrainingTests.config, seed: seed, threads: 2)
        let trainer = try ModelTrainer(model: model, batchSize: 4, sequenceLength: 12,
                                       schedule: LearningRateSchedule(peak: 3e-3, warmupSteps: 1, totalSteps: 10),
                                       dropout: p)
        var random = ModelRandom(seed: seed)
        let batch = try TrainingTests.corpus()
        let losses = try (0..<steps).map { _ in try trainer.step(batch, dropoutSeed: random.next()).loss }
        return (model, losses)
    }

    @Test func theSameSeedGivesTheSameModelWithDropout() throws {
        let a = try Self.train(seed: 9, dropout: 0.3), b = try Self.train(seed: 9, dropout: 0.3)
        let plain = try Self.train(seed: 9, dropout: 0)
        #expect(a.1 == b.1)
        #expect(a.0.parameters.array == b.0.parameters.array)
        #expect(a.0.parameters.array != plain.0.parameters.array, "dropout 0.3 trained the same model as none")
    }

    @Test func aModelTrainedWithDropoutScoresTheSameThroughEveryPath() throws {
        let (model, _) = try Self.train(seed: 4, dropout: 0.5)
        let tokens: [Int32] = [3, 9, 14, 1, 7, 22, 30, 5]
        // The training forward pass after a dropout step: no dropout, every call the same.
        let reference = try Tiny.fullForwardLogits(model, tokens)
        #expect(try Tiny.fullForwardLogits(model, tokens) == reference)
        let cache = try KVCache(model: model)
        var worst: Float = 0
        for (t, token) in tokens.enumerated() {
            worst = max(worst, worstDifference(try cache.step(token), reference[t]))
        }
        #expect(worst < 1e-5, "KV cache vs full forward: \(worst)")
        // A workspace that last ran with dropout forgets it on the next plain pass.
        let batch = try TrainingTests.corpus()
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 4, sequenceLength: 12)
        let plain = try model.loss(for: batch, workspace: workspace)
        _ = try model.loss(for: batch, workspace: workspace, dropout: DropoutDraw(probability: 0.5, seed: 1))
        #expect(try model.loss(for: batch, workspace: workspace) == plain)
    }
}
