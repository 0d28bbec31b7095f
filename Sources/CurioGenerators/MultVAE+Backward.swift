// The Mult-VAE training objective and its hand-written gradient.
//
// Per user u with raw multi-hot x_u (n_u items), logits ℓ_u and posterior N(μ_u, σ_u²):
//   loss = (1/B) Σ_u [ −Σ_i x_ui · log softmax(ℓ_u)_i  +  β · KL(N(μ_u, σ_u²) ‖ N(0, I)) ]
//   KL   = ½ Σ_j (−log σ²_j + σ²_j + μ_j² − 1)
// (Liang et al. 2018, eq. 6: the β-weighted ELBO, averaged over the batch.)
//
// Dimensions: B users, I items, d latent size.

import CurioKernels
import Foundation

/// The parts of one batch's loss, each a mean over the batch's users.
struct MultVAELoss: Sendable {
    /// −Σ_i x_i log p_i: the multinomial negative log-likelihood.
    var negativeLogLikelihood: Double
    /// KL(q(z|x) ‖ N(0, I)), unweighted.
    var kl: Double
    /// negativeLogLikelihood + β·kl, the value the gradient belongs to.
    var total: Double
}

extension MultVAE {
    /// Runs the training pass on `histories` (de-duplicated, in range) and, when
    /// `gradients` is given, overwrites it with d loss / d parameters (laid out like the
    /// parameters).
    ///
    /// - Parameters:
    ///   - noise: the step's dropout masks and ε (nil: no dropout, z = μ).
    ///   - beta: the KL weight β.
    /// - Complexity: about three times the forward pass.
    func trainingLoss(histories: [[Int]], noise: MultVAENoise?, beta: Float, gradients: FloatStorage?,
                      workspace: MultVAEWorkspace, threads: Int) -> MultVAELoss {
        let B = histories.count, I = architecture.itemCount, d = architecture.latentSize
        forward(histories: histories, noise: noise, workspace: workspace, threads: threads)

        // KL of each user's posterior from the standard normal prior.
        let statistics = workspace.statistics
        var kl = 0.0
        for b in 0..<B {
            for j in 0..<d {
                let mean = Double(statistics[b * 2 * d + j]), logVariance = Double(statistics[b * 2 * d + d + j])
                kl += 0.5 * (-logVariance + exp(logVariance) + mean * mean - 1)
            }
        }
        kl /= Double(B)

        // Multinomial log-likelihood of the full (undropped) history.
        let probabilities = workspace.logits
        softmaxForward(values: probabilities.all, rows: B, width: I, threads: threads)
        var nll = 0.0
        for (b, history) in histories.enumerated() {
            for item in history {
                nll -= Double(log(max(probabilities[b * I + item], .leastNormalMagnitude)))
            }
        }
        nll /= Double(B)
        let loss = MultVAELoss(negativeLogLikelihood: nll, kl: kl, total: nll + Double(beta) * kl)
        guard let gradients else { return loss }

        precondition(gradients.count == layout.totalCount, "gradient buffer of the wrong size")
        gradients.all.fill(0)
        // d loss / d ℓ_ui = (n_u·p_ui − x_ui) / B, written over the probabilities.
        let inverseBatch = 1 / Float(B)
        for (b, history) in histories.enumerated() {
            let row = probabilities.slice(b * I, I)
            scaleInPlace(row, by: Float(history.count) * inverseBatch)
            for item in history { row[item] -= inverseBatch }
        }
        var dOutput = probabilities
        var spare = (workspace.scratch.0, workspace.scratch.1)
        for l in stride(from: layout.decoder.count - 1, through: 0, by: -1) {
            let dInput = l == 0 ? workspace.dStatistics : spare.0
            backward(layout.decoder[l], dOutput: dOutput, input: workspace.decoderInputs[l],
                     dInput: dInput, gradients: gradients, rows: B, threads: threads)
            if l > 0 {
                let width = layout.decoder[l].inputs
                tanhBackward(dValues: dInput.slice(0, B * width), output: workspace.decoderInputs[l].all)
            }
            dOutput = dInput
            spare = (spare.1, spare.0)
        }

        // Through the reparameterisation. dStatistics holds dz in its first B·d floats;
        // spread it into [B×2d] rows, last user first so nothing is read after it is written.
        let dStatistics = workspace.dStatistics
        let klWeight = beta * inverseBatch
        for b in stride(from: B - 1, through: 0, by: -1) {
            for j in stride(from: d - 1, through: 0, by: -1) {
                let dz = dStatistics[b * d + j]
                let mean = statistics[b * 2 * d + j], logVariance = statistics[b * 2 * d + d + j]
                let variance = exp(logVariance)
                var dLogVariance = klWeight * 0.5 * (variance - 1)
                if let noise { dLogVariance += dz * noise.epsilon[b * d + j] * 0.5 * variance.squareRoot() }
                dStatistics[b * 2 * d + d + j] = dLogVariance
                dStatistics[b * 2 * d + j] = dz + klWeight * mean
            }
        }
        dOutput = dStatistics
        for l in stride(from: layout.encoder.count - 1, through: 0, by: -1) {
            let dInput: FloatStorage? = l == 0 ? nil : spare.0
            backward(layout.encoder[l], dOutput: dOutput, input: workspace.encoderInputs[l],
                     dInput: dInput, gradients: gradients, rows: B, threads: threads)
            if let dInput {
                let width = layout.encoder[l].inputs
                tanhBackward(dValues: dInput.slice(0, B * width), output: workspace.encoderInputs[l].all)
                dOutput = dInput
                spare = (spare.1, spare.0)
            }
        }
        return loss
    }

    /// Backward of one linear layer with bias: accumulates dW and db into `gradients` and
    /// writes d input (before the previous layer's activation) into `dInput`.
    private func backward(_ layer: MultVAELayout.Layer, dOutput: FloatStorage, input: FloatStorage,
                          dInput: FloatStorage?, gradients: FloatStorage, rows B: Int, threads: Int) {
        let O = layer.outputs, N = layer.inputs
        biasBackward(dBias: gradients.slice(layer.bias, O), dValues: dOutput.all, rows: B, width: O)
        linearBackward(dInput: dInput?.all, dWeight: gradients.slice(layer.weight, O * N),
                       dOutput: dOutput.all, input: input.all,
                       weight: parameters.slice(layer.weight, O * N),
                       rows: B, inputs: N, outputs: O, threads: threads)
    }
}
