import CurioKernels
import CurioModel
import Foundation
import Testing
@testable import CurioGenerators

/// The hand-written backward pass against central differences of an independent
/// double-precision loss (MultVAEFixture.referenceLoss), over every parameter.
///
/// Tolerance: the analytic gradient is computed in Float (relative rounding ~1e-6 per
/// operation, tanh to 3e-7 absolute) and the reference difference in Double with step
/// 1e-5 (truncation ~1e-10, rounding ~1e-11), so 2e-4 absolute + 2e-3 relative leaves
/// two orders of magnitude of margin, while a wrong factor (a missing ½, a sign, a
/// dropped term) is off by far more than that on some parameter.
@Suite struct MultVAEGradientTests {
    let model: MultVAE
    let histories = [[0, 3, 5, 7], [1, 2], [4, 6, 8, 9, 11], [10]]
    let noise: MultVAENoise
    let beta: Float = 0.7

    init() throws {
        // Two hidden layers, so tanh between hidden layers is checked too.
        let architecture = MultVAEArchitecture(itemCount: 12, hiddenSizes: [7, 5], latentSize: 3)
        model = try MultVAE(architecture: architecture, itemIDs: MultVAEFixture.itemIDs(12), seed: 3)
        var random = ModelRandom(seed: 11)
        noise = MultVAENoise.draw(histories: histories, latentSize: 3, keepProbability: 0.6, random: &random)
    }

    func check(noise: MultVAENoise?, label: String) {
        let parameters = model.parameterValues.map(Double.init)
        let gradients = FloatStorage(count: model.parameterCount)
        let workspace = MultVAEWorkspace(architecture: model.architecture, capacity: histories.count, training: true)
        let loss = model.trainingLoss(histories: histories, noise: noise, beta: beta, gradients: gradients,
                                      workspace: workspace, threads: 1)
        let reference = MultVAEFixture.referenceLoss(model: model, parameters: parameters, histories: histories,
                                                     noise: noise, beta: Double(beta))
        #expect(abs(loss.total - reference) <= 1e-4 * abs(reference), "\(label): loss \(loss.total) vs reference \(reference)")

        let h = 1e-5
        var failures: [String] = []
        var worst = 0.0
        for tensor in model.layout.tensors {
            for offset in 0..<tensor.count {
                var shifted = parameters
                shifted[tensor.offset + offset] += h
                let up = MultVAEFixture.referenceLoss(model: model, parameters: shifted, histories: histories,
                                                      noise: noise, beta: Double(beta))
                shifted[tensor.offset + offset] -= 2 * h
                let down = MultVAEFixture.referenceLoss(model: model, parameters: shifted, histories: histories,
                                                        noise: noise, beta: Double(beta))
                let numeric = (up - down) / (2 * h)
                let analytic = Double(gradients[tensor.offset + offset])
                let error = abs(numeric - analytic)
                worst = max(worst, error)
                if error > 2e-4 + 2e-3 * abs(numeric) {
                    failures.append("\(tensor.name)[\(offset)]: analytic \(analytic), numeric \(numeric)")
                }
            }
        }
        #expect(failures.isEmpty, "\(label): \(failures.count) gradients off (worst difference \(worst)); first: \(failures.prefix(5))")
    }

    @Test func encoderAndDecoderGradientsMatchFiniteDifferencesWithDropoutAndSampling() {
        check(noise: noise, label: "training pass")
    }

    @Test func gradientsMatchWithoutNoise() {
        check(noise: nil, label: "mean pass")
    }

    @Test func scoresAreTheDecoderLogitsOfTheMean() {
        let parameters = model.parameterValues.map(Double.init)
        var scores = [Float](repeating: 0, count: 12)
        model.score(history: [2, 5, 5, 99], into: &scores)  // repeats count once, unknown items are ignored
        // Logits are log-probabilities up to a constant, so −Σ log softmax over the
        // history must equal the reference's likelihood term (β = 0, z = μ).
        let peak = scores.max()!
        let logPartition = Double(peak) + log(scores.reduce(0.0) { $0 + exp(Double($1 - peak)) })
        let nll = -(Double(scores[2]) - logPartition) - (Double(scores[5]) - logPartition)
        let reference = MultVAEFixture.referenceLoss(model: model, parameters: parameters, histories: [[2, 5]],
                                                     noise: nil, beta: 0)
        #expect(abs(reference - nll) < 1e-4 * reference, "scores give \(nll), reference \(reference)")
    }
}
