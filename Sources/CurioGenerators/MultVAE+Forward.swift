// The Mult-VAE forward pass over a batch of users (rows), one GEMM per layer.
//
// Dimensions: B users in the batch, I items, d latent size; hidden widths vary per layer.

import CurioKernels
import CurioModel
import Foundation

/// The random choices of one training step, drawn by the trainer and passed in, so the
/// gradient check can evaluate the loss twice with exactly the same noise.
struct MultVAENoise: Sendable {
    /// Probability that an input item is kept (the paper: 0.5). Kept entries are scaled
    /// by 1/keepProbability (inverted dropout), as `tf.nn.dropout` does.
    var keepProbability: Float
    /// Per user, per history item (same order as the history): is the item kept?
    var kept: [[Bool]]
    /// [B×d] standard normal draws ε for the reparameterisation z = μ + ε·σ.
    var epsilon: [Float]

    /// Draws dropout masks and ε for `histories` from `random`.
    static func draw(histories: [[Int]], latentSize: Int, keepProbability: Float,
                     random: inout ModelRandom) -> MultVAENoise {
        let kept = histories.map { history in history.map { _ in random.nextUnit() < Double(keepProbability) } }
        let epsilon = (0..<(histories.count * latentSize)).map { _ in Float(random.nextGaussian()) }
        return MultVAENoise(keepProbability: keepProbability, kept: kept, epsilon: epsilon)
    }
}

/// Activation buffers for batches of up to `capacity` users, kept from the forward pass
/// for the backward pass. Allocated once per batch size and reused every step.
final class MultVAEWorkspace {
    let capacity: Int
    /// Per encoder layer, its input: [0] is the normalised multi-hot x [B×I], [l] the tanh
    /// output of layer l − 1.
    let encoderInputs: [FloatStorage]
    /// [B×2d] the encoder's output: μ in columns 0..<d, log σ² in d..<2d.
    let statistics: FloatStorage
    /// Per decoder layer, its input: [0] is z [B×d], [l] the tanh output of layer l − 1.
    let decoderInputs: [FloatStorage]
    /// [B×I] logits; the training pass turns them into probabilities, then gradients.
    let logits: FloatStorage
    /// [B×widest] ping-pong buffers for the backward pass, and [B×2d] for d statistics.
    let scratch: (FloatStorage, FloatStorage)
    let dStatistics: FloatStorage

    init(architecture: MultVAEArchitecture, capacity B: Int, training: Bool) {
        capacity = B
        let d = architecture.latentSize
        encoderInputs = architecture.encoderShapes.map { FloatStorage(count: B * $0.inputs) }
        statistics = FloatStorage(count: B * 2 * d)
        decoderInputs = architecture.decoderShapes.map { FloatStorage(count: B * $0.inputs) }
        logits = FloatStorage(count: B * architecture.itemCount)
        let wide = training ? B * architecture.widestLayer : 0
        scratch = (FloatStorage(count: wide), FloatStorage(count: wide))
        dStatistics = FloatStorage(count: training ? B * 2 * d : 0)
    }
}

extension MultVAE {
    /// The items of `history` inside the catalog, each once, in first-seen order.
    static func uniqueItems(_ history: [Int], itemCount: Int) -> [Int] {
        var seen = Set<Int>()
        return history.filter { $0 >= 0 && $0 < itemCount && seen.insert($0).inserted }
    }

    /// Runs the encoder and decoder on `histories` (each already de-duplicated and in
    /// range), leaving every activation in `workspace` and the logits in
    /// `workspace.logits`.
    ///
    /// With `noise`, this is the training pass: input dropout and a sampled z = μ + ε·σ.
    /// Without, z = μ (the paper's prediction rule).
    ///
    /// - Complexity: O(B·(I·(h₁ + h₁') + Σ hidden products)).
    func forward(histories: [[Int]], noise: MultVAENoise?, workspace: MultVAEWorkspace, threads: Int) {
        let B = histories.count, I = architecture.itemCount, d = architecture.latentSize
        precondition(B <= workspace.capacity, "batch of \(B) users in a workspace for \(workspace.capacity)")
        // x = dropout(x_raw / ‖x_raw‖): normalise first, then drop, as the paper's code does.
        let input = workspace.encoderInputs[0]
        input.slice(0, B * I).fill(0)
        for (b, history) in histories.enumerated() where !history.isEmpty {
            let value = 1 / Float(history.count).squareRoot()
            let row = input.slice(b * I, I)
            if let noise {
                let scaled = value / noise.keepProbability
                for (position, item) in history.enumerated() where noise.kept[b][position] { row[item] = scaled }
            } else {
                for item in history { row[item] = value }
            }
        }
        var current = input
        for (l, layer) in layout.encoder.enumerated() {
            let last = l == layout.encoder.count - 1
            let output = last ? workspace.statistics : workspace.encoderInputs[l + 1]
            apply(layer, input: current, output: output, rows: B, tanh: !last, threads: threads)
            current = output
        }
        // z = μ + ε·σ with σ = exp(½ log σ²) when sampling, else μ.
        let statistics = workspace.statistics, latent = workspace.decoderInputs[0]
        for b in 0..<B {
            for j in 0..<d {
                let mean = statistics[b * 2 * d + j]
                if let noise {
                    let logVariance = statistics[b * 2 * d + d + j]
                    latent[b * d + j] = mean + noise.epsilon[b * d + j] * exp(0.5 * logVariance)
                } else {
                    latent[b * d + j] = mean
                }
            }
        }
        current = latent
        for (l, layer) in layout.decoder.enumerated() {
            let last = l == layout.decoder.count - 1
            let output = last ? workspace.logits : workspace.decoderInputs[l + 1]
            apply(layer, input: current, output: output, rows: B, tanh: !last, threads: threads)
            current = output
        }
    }

    /// output = act(input · Wᵀ + b) for one layer.
    private func apply(_ layer: MultVAELayout.Layer, input: FloatStorage, output: FloatStorage,
                       rows B: Int, tanh: Bool, threads: Int) {
        let O = layer.outputs
        linearForward(output: output.all, input: input.all,
                      weight: parameters.slice(layer.weight, layer.outputs * layer.inputs),
                      rows: B, inputs: layer.inputs, outputs: O, threads: threads)
        biasForward(values: output.all, bias: parameters.slice(layer.bias, O), rows: B, width: O)
        if tanh { tanhForward(values: output.slice(0, B * O)) }
    }

    /// Decoder logits of the encoder mean for each history, [B×I] row-major.
    ///
    /// - Complexity: O(B·I·h) for first hidden width h.
    func inferenceLogits(histories: [[Int]], threads: Int) -> FloatSlice {
        let I = architecture.itemCount
        let cleaned = histories.map { Self.uniqueItems($0, itemCount: I) }
        let workspace = MultVAEWorkspace(architecture: architecture, capacity: max(1, cleaned.count), training: false)
        forward(histories: cleaned, noise: nil, workspace: workspace, threads: threads)
        return workspace.logits.slice(0, cleaned.count * I)
    }
}

