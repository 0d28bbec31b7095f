import Foundation
import CurioKernels
import Testing
@testable import CurioModel

/// The whole model's backward pass against central finite differences of its loss, on a
/// sample of parameters from every tensor.
@Suite struct TransformerGradientTests {
    @Test func backwardMatchesFiniteDifferencesOnEveryTensor() throws {
        let model = try Tiny.gradientCheckModel()
        let batch = try Tiny.mixedBatch()
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 2, sequenceLength: 6)
        _ = try model.loss(for: batch, workspace: workspace)
        let gradients = model.makeGradientBuffer()
        try model.backward(workspace: workspace, gradients: gradients)

        let (worst, worstName) = try Tiny.worstGradientError(model, gradients: gradients, floor: 2e-3) {
            try model.loss(for: batch, workspace: workspace)
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
