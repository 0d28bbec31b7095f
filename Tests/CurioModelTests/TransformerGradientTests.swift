import Foundation
import CurioKernels
import Testing
@testable import CurioModel

/// The whole model's backward pass against central finite differences of its loss, on a
/// sample of parameters from every tensor.
@Suite struct TransformerGradientTests {
    @Test func backwardMatchesFiniteDifferencesOnEveryTensor() throws {
        let model = try Tiny.model(seed: 5)
        // Float loss noise is ~1e-7·loss, i.e. ~2e-5 in a difference quotient at ε = 1e-2, so
        // gradients below 2e-3 are judged by absolute error (relative floor 2e-3).
        // Larger weights than the 0.02 init so every tensor's gradient is well above float noise.
        var random = ModelRandom(seed: 99)
        for tensor in model.layout.tensors {
            for i in 0..<tensor.count {
                let base: Float = tensor.decays ? 0 : 1
                model.parameters[tensor.offset + i] = base + Float(random.nextGaussian() * 0.3)
            }
        }
        let batch = try Tiny.mixedBatch()
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 2, sequenceLength: 6)
        _ = try model.loss(for: batch, workspace: workspace)
        let gradients = model.makeGradientBuffer()
        try model.backward(workspace: workspace, gradients: gradients)

        var worst: Float = 0, worstName = ""
        let epsilon: Float = 1e-2
        for tensor in model.layout.tensors {
            // Eight parameters per tensor, spread over it.
            for k in 0..<8 {
                let i = tensor.offset + (k * 7919) % tensor.count
                let saved = model.parameters[i]
                model.parameters[i] = saved + epsilon
                let plus = try model.loss(for: batch, workspace: workspace)
                model.parameters[i] = saved - epsilon
                let minus = try model.loss(for: batch, workspace: workspace)
                model.parameters[i] = saved
                let numeric = (plus - minus) / (2 * epsilon)
                let relative = abs(numeric - gradients[i]) / max(abs(numeric), abs(gradients[i]), 2e-3)
                if relative > worst { worst = relative; worstName = "\(tensor.name)[\(i - tensor.offset)] (analytic \(gradients[i]), numeric \(numeric))" }
            }
        }
        print("whole-model gradient check: max relative error \(worst) at \(worstName)")
        #expect(worst < 2e-2, "worst at \(worstName)")
    }

    @Test func itemRestrictedLossIsTheSoftmaxOverItemsOnly() throws {
        let model = try Tiny.model()
        let tokens: [Int32] = [3, 30, 7, 25]
        let itemsOnly = try TrainingBatch(batchSize: 1, sequenceLength: 4, tokens: tokens, targets: [-1, -1, -1, 27],
                                          subsets: [.fullVocabulary, .fullVocabulary, .fullVocabulary, .items],
                                          itemRange: Tiny.items)
        let full = try TrainingBatch(batchSize: 1, sequenceLength: 4, tokens: tokens, targets: [-1, -1, -1, 27])
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 1, sequenceLength: 4)
        let restricted = try model.loss(for: itemsOnly, workspace: workspace)
        let unrestricted = try model.loss(for: full, workspace: workspace)
        let logits = try Tiny.fullForwardLogits(model, tokens)[3]
        func negativeLogSoftmax(_ values: [Float], _ target: Int) -> Float {
            let peak = values.max()!
            return log(values.map { exp($0 - peak) }.reduce(0, +)) + peak - values[target]
        }
        #expect(abs(restricted - negativeLogSoftmax(Array(logits[24..<40]), 3)) < 1e-5)
        #expect(abs(unrestricted - negativeLogSoftmax(logits, 27)) < 1e-5)
        #expect(restricted < unrestricted)  // fewer competitors
    }
}
