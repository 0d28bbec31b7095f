import CurioKernels
@testable import CurioModel

/// Shapes and data shared by the model tests: tiny, seeded, fast.
enum Tiny {
    /// 40 tokens, the last 16 of them "items".
    static let config = ModelConfig(vocabSize: 40, dModel: 16, layers: 2, heads: 2, ffnHidden: 32, contextLength: 16)
    static let items = 24..<40

    static func model(seed: UInt64 = 7, config: ModelConfig = config) throws -> TransformerModel {
        try TransformerModel(config: config, seed: seed, threads: 2)
    }

    /// A batch whose positions mix full-vocabulary targets, item-restricted targets and
    /// positions without a loss.
    static func mixedBatch(seed: UInt64 = 11, batchSize B: Int = 2, sequenceLength T: Int = 6) throws -> TrainingBatch {
        var random = ModelRandom(seed: seed)
        var tokens: [Int32] = [], targets: [Int32] = [], subsets: [SoftmaxSubset] = []
        for _ in 0..<B {
            for t in 0..<T {
                tokens.append(Int32(random.next() % 40))
                switch t % 3 {
                case 0: targets.append(Int32(random.next() % 40)); subsets.append(.fullVocabulary)
                case 1: targets.append(Int32(24 + random.next() % 16)); subsets.append(.items)
                default: targets.append(-1); subsets.append(.fullVocabulary)
                }
            }
        }
        return try TrainingBatch(batchSize: B, sequenceLength: T, tokens: tokens, targets: targets,
                                 subsets: subsets, itemRange: items)
    }

    /// Full-vocabulary logits at every position of one sequence, from the training forward pass.
    static func fullForwardLogits(_ model: TransformerModel, _ tokens: [Int32]) throws -> [[Float]] {
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 1, sequenceLength: tokens.count)
        model.forwardHidden(tokens: tokens, workspace: workspace)
        let C = model.config.dModel
        return (0..<tokens.count).map { t in
            model.outputLogits(hidden: workspace.finalNormed.slice(t * C, C), mask: .all)
        }
    }
}

/// Largest |a − b| over two equally long arrays.
func worstDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "comparing \(a.count) with \(b.count) values")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
