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

extension Tiny {
    /// The tiny model with larger weights than the 0.02 init, so every tensor's gradient is
    /// well above float noise in a finite-difference check.
    static func gradientCheckModel() throws -> TransformerModel {
        let model = try Tiny.model(seed: 5)
        var random = ModelRandom(seed: 99)
        for tensor in model.layout.tensors {
            for i in 0..<tensor.count {
                model.parameters[tensor.offset + i] = (tensor.decays ? 0 : 1) + Float(random.nextGaussian() * 0.3)
            }
        }
        return model
    }

    /// The worst relative error of `gradients` against central differences (ε = 1e-2) of
    /// `loss`, over eight parameters spread over every tensor, and where it is. Gradients
    /// below `floor` are judged by absolute error: float loss noise is ~2e-5 in a quotient.
    static func worstGradientError(_ model: TransformerModel, gradients: FloatStorage, floor: Float,
                                   loss: () throws -> Float) rethrows -> (error: Float, at: String) {
        var worst: Float = 0, worstName = ""
        let epsilon: Float = 1e-2
        for tensor in model.layout.tensors {
            for k in 0..<8 {
                let i = tensor.offset + (k * 7919) % tensor.count
                let saved = model.parameters[i]
                model.parameters[i] = saved + epsilon
                let plus = try loss()
                model.parameters[i] = saved - epsilon
                let minus = try loss()
                model.parameters[i] = saved
                let numeric = (plus - minus) / (2 * epsilon)
                let relative = abs(numeric - gradients[i]) / max(abs(numeric), abs(gradients[i]), floor)
                if relative > worst { worst = relative; worstName = "\(tensor.name)[\(i - tensor.offset)] (analytic \(gradients[i]), numeric \(numeric))" }
            }
        }
        return (worst, worstName)
    }
}
