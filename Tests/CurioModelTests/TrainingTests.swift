import Testing
@testable import CurioModel

/// The training loop learns, is deterministic, and follows its schedule.
@Suite struct TrainingTests {
    /// Four sequences with fixed next-token rules; the last position asks for an item.
    static func corpus() throws -> TrainingBatch {
        var tokens: [Int32] = [], targets: [Int32] = [], subsets: [SoftmaxSubset] = []
        let T = 12
        for b in 0..<4 {
            let sequence = (0...T).map { t in Int32((b * 3 + t * (b + 1)) % 16) }
            for t in 0..<T {
                tokens.append(sequence[t])
                if t == T - 1 {
                    targets.append(Int32(16 + b * 4)); subsets.append(.items)
                } else {
                    targets.append(sequence[t + 1]); subsets.append(.fullVocabulary)
                }
            }
        }
        return try TrainingBatch(batchSize: 4, sequenceLength: T, tokens: tokens, targets: targets,
                                 subsets: subsets, itemRange: 16..<32)
    }

    static let config = ModelConfig(vocabSize: 32, dModel: 32, layers: 2, heads: 2, ffnHidden: 64, contextLength: 16)

    @Test func tinyModelOverfitsTinyCorpus() throws {
        let model = try TransformerModel(config: Self.config, seed: 1, threads: 2)
        let schedule = LearningRateSchedule(peak: 1e-2, warmupSteps: 10, totalSteps: 300, minimum: 1e-3)
        let trainer = try ModelTrainer(model: model, batchSize: 4, sequenceLength: 12, schedule: schedule,
                                   settings: AdamWSettings(weightDecay: 0))
        let batch = try Self.corpus()
        let first = try trainer.step(batch).loss
        var last = first
        for _ in 1..<300 { last = try trainer.step(batch).loss }
        let final = try trainer.evaluate(batch)
        print("overfit: loss \(first) -> \(last) (evaluated \(final)) in 300 steps")
        #expect(first > 2.5)  // ≈ ln 32 for the untrained model
        #expect(final < 0.05)
    }

    @Test func sameSeedGivesSameWeightsAndLosses() throws {
        func run(seed: UInt64) throws -> ([Float], [Float]) {
            let model = try TransformerModel(config: Self.config, seed: seed, threads: 2)
            let trainer = try ModelTrainer(model: model, batchSize: 4, sequenceLength: 12,
                                       schedule: LearningRateSchedule(peak: 1e-3, warmupSteps: 2, totalSteps: 10))
            let batch = try Self.corpus()
            let losses = try (0..<3).map { _ in try trainer.step(batch).loss }
            return (losses, model.parameters.array)
        }
        let a = try run(seed: 9), b = try run(seed: 9), c = try run(seed: 10)
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(a.1 != c.1)
    }

    @Test func scheduleWarmsUpThenDecaysToTheFloor() {
        let schedule = LearningRateSchedule(peak: 1, warmupSteps: 4, totalSteps: 14, minimum: 0.1)
        #expect(schedule.rate(at: 0) == 0.25)
        #expect(schedule.rate(at: 3) == 1)
        #expect(abs(schedule.rate(at: 9) - 0.55) < 1e-6)  // half-way through the cosine
        #expect(abs(schedule.rate(at: 14) - 0.1) < 1e-6)
        #expect(abs(schedule.rate(at: 1000) - 0.1) < 1e-6)
        let rates = (3...14).map(schedule.rate(at:))
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func divergenceIsReportedAndLeavesWeightsUntouched() throws {
        let model = try TransformerModel(config: Self.config, seed: 1, threads: 2)
        let trainer = try ModelTrainer(model: model, batchSize: 4, sequenceLength: 12,
                                   schedule: LearningRateSchedule(peak: 1e-3, warmupSteps: 1, totalSteps: 10))
        let wq = model.layout.tensor(named: "layers.0.wq")!
        model.parameters[wq.offset] = .nan
        let before = model.parameters.array
        do {
            _ = try trainer.step(try Self.corpus())
            Issue.record("a NaN weight trained without complaint")
        } catch let error as ModelError {
            guard case .trainingDiverged = error else { Issue.record("unexpected \(error)"); return }
            #expect("\(error)".contains("learning rate"))
        }
        let after = model.parameters.array
        #expect(zip(before, after).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(trainer.optimizer.stepCount == 0)
    }

    @Test func normGainsDoNotDecayButMatricesDo() throws {
        let model = try Tiny.model()
        let optimizer = AdamWOptimizer(model: model, settings: AdamWSettings(weightDecay: 0.5, maxGradientNorm: nil))
        let before = model.parameters.array
        optimizer.update(model: model, gradients: model.makeGradientBuffer(), learningRate: 0.1)
        let norm = model.layout.tensor(named: "layers.0.attn_norm")!, wq = model.layout.tensor(named: "layers.0.wq")!
        #expect(model.parameters[norm.offset] == before[norm.offset])
        #expect(abs(model.parameters[wq.offset] - before[wq.offset] * 0.95) < 1e-7)
    }
}
