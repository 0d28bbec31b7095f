// The backward pass: gradients of the mean loss from the last `loss(for:workspace:)` call,
// for every parameter, into one flat gradient buffer laid out like the parameters.
//
// Read it bottom-up against TransformerModel+Forward.swift: each forward line has its
// backward here, in reverse order. The residual stream's gradient is carried down in one
// buffer; norms add their input gradient into it (rmsNormBackward accumulates).
//
// Dimensions: B sequences, T positions, N = B·T rows, C channels, F MLP width, V vocabulary.

import CurioKernels

extension TransformerModel {
    /// Overwrites `gradients` with d(mean loss)/d(parameters) for the workspace's last
    /// forward pass, through the same dropout masks if that pass had any. The probability
    /// buffers are consumed (turned into logit gradients), so call it once per
    /// `loss(for:workspace:)`.
    ///
    /// - Throws: `ModelError.invalidBatch` if the workspace holds no loss to differentiate, or
    ///   the gradient buffer does not match the parameter layout.
    /// - Complexity: about twice the forward pass.
    public func backward(workspace w: ActivationWorkspace, gradients: FloatStorage) throws {
        guard w.hasLoss else {
            throw ModelError.invalidBatch("backward needs a preceding loss(for:workspace:) on this workspace")
        }
        guard gradients.count == layout.totalCount else {
            throw ModelError.invalidBatch("gradient buffer holds \(gradients.count) floats, the model has \(layout.totalCount)")
        }
        w.hasLoss = false
        let B = w.batchSize, T = w.sequenceLength, N = w.rows
        let C = config.dModel, F = config.ffnHidden, H = config.heads, V = config.vocabSize
        let s = w.backward
        func grad(_ offset: Int, _ count: Int) -> FloatSlice { gradients.slice(offset, count) }
        func embeddingGrad(_ tokens: Range<Int>) -> FloatSlice {
            grad(layout.tokenEmbedding + tokens.lowerBound * C, tokens.count * C)
        }
        gradients.all.fill(0)

        // Output layer (tied): logits = gathered·Eᵀ, full rows then item rows.
        let fullCount = w.fullRows.count, itemCount = w.itemRows.count, I = w.itemRange.count
        let weight = 1 / Float(fullCount + itemCount)
        let fullLogits = w.logits.slice(0, fullCount * V)
        let itemLogits = w.logits.slice(fullCount * V, itemCount * I)
        crossEntropyBackward(dLogits: fullLogits, targets: w.fullTargets, rows: fullCount, width: V,
                             weight: weight, threads: threads)
        crossEntropyBackward(dLogits: itemLogits, targets: w.itemTargets, rows: itemCount, width: I,
                             weight: weight, threads: threads)
        if let soft = w.itemSoftTargets, w.softTargetShare > 0 {
            softTargetBackward(dLogits: itemLogits, softTargets: soft.slice(0, itemCount * I), targets: w.itemTargets,
                               share: w.softTargetShare, rows: itemCount, width: I, weight: weight)
        }
        let dFull = s.dGathered.slice(0, fullCount * C), dItems = s.dGathered.slice(fullCount * C, itemCount * C)
        linearBackward(dInput: dFull, dWeight: embeddingGrad(0..<V), dOutput: fullLogits,
                       input: w.gathered.slice(0, fullCount * C), weight: embeddingRows(0..<V),
                       rows: fullCount, inputs: C, outputs: V, threads: threads)
        linearBackward(dInput: dItems, dWeight: embeddingGrad(w.itemRange), dOutput: itemLogits,
                       input: w.gathered.slice(fullCount * C, itemCount * C), weight: embeddingRows(w.itemRange),
                       rows: itemCount, inputs: C, outputs: I, threads: threads)
        let dNormed = s.dNormed.all, dResidual = s.dResidual.all
        dNormed.fill(0)
        scatterRows(destination: dNormed, source: dFull, rows: w.fullRows, width: C)
        scatterRows(destination: dNormed, source: dItems, rows: w.itemRows, width: C)
        dResidual.fill(0)
        rmsNormBackward(dInput: dResidual, dWeight: grad(layout.finalNorm, C), dOutput: dNormed,
                        input: w.layer(w.residual, config.layers, width: C), weight: weights(layout.finalNorm, C),
                        reciprocalRMS: w.finalRMS.all, rows: N, channels: C)

        for l in stride(from: config.layers - 1, through: 0, by: -1) {
            let block = layout.blocks[l]
            // MLP: next = mid + swiGLU(norm(mid))·W_downᵀ; dResidual holds d next.
            linearBackward(dInput: s.dHidden.all, dWeight: grad(block.down, C * F),
                           dOutput: branchGradient(dResidual, mask: 2 + 2 * l, workspace: w),
                           input: w.layer(w.hidden, l, width: F), weight: weights(block.down, C * F),
                           rows: N, inputs: F, outputs: C, threads: threads)
            swiGLUBackward(dGateUp: s.dGateUp.all, dHidden: s.dHidden.all, gateUp: w.layer(w.gateUp, l, width: 2 * F),
                           rows: N, hiddenWidth: F, threads: threads)
            linearBackward(dInput: dNormed, dWeight: grad(block.gateUp, 2 * F * C), dOutput: s.dGateUp.all,
                           input: w.layer(w.mlpNormed, l, width: C), weight: weights(block.gateUp, 2 * F * C),
                           rows: N, inputs: C, outputs: 2 * F, threads: threads)
            rmsNormBackward(dInput: dResidual, dWeight: grad(block.mlpNorm, C), dOutput: dNormed,
                            input: w.layer(w.midResidual, l, width: C), weight: weights(block.mlpNorm, C),
                            reciprocalRMS: w.layer(w.mlpRMS, l, width: 1), rows: N, channels: C)

            // Attention: mid = x + attention(rope(norm(x)·W_qkvᵀ))·W_oᵀ; dResidual holds d mid.
            linearBackward(dInput: s.dAttentionOutput.all, dWeight: grad(block.attentionOutput, C * C),
                           dOutput: branchGradient(dResidual, mask: 1 + 2 * l, workspace: w), input: w.layer(w.attentionOutput, l, width: C),
                           weight: weights(block.attentionOutput, C * C), rows: N, inputs: C, outputs: C, threads: threads)
            attentionBackward(dQKV: s.dQueryKeyValue.all, dProbabilities: s.dProbabilities.all,
                              dOutput: s.dAttentionOutput.all, qkv: w.layer(w.queryKeyValue, l, width: 3 * C),
                              probabilities: w.attentionProbabilities.slice(l * B * H * T * T, B * H * T * T),
                              batch: B, sequenceLength: T, channels: C, heads: H, threads: threads)
            rotaryBackward(dValues: s.dQueryKeyValue.all, rows: N, rowStride: 3 * C, width: 2 * C,
                           sequenceLength: T, table: rotary)
            linearBackward(dInput: dNormed, dWeight: grad(block.queryKeyValue, 3 * C * C), dOutput: s.dQueryKeyValue.all,
                           input: w.layer(w.attentionNormed, l, width: C), weight: weights(block.queryKeyValue, 3 * C * C),
                           rows: N, inputs: C, outputs: 3 * C, threads: threads)
            rmsNormBackward(dInput: dResidual, dWeight: grad(block.attentionNorm, C), dOutput: dNormed,
                            input: w.layer(w.residual, l, width: C), weight: weights(block.attentionNorm, C),
                            reciprocalRMS: w.layer(w.attentionRMS, l, width: 1), rows: N, channels: C)
        }
        embeddingBackward(dTable: embeddingGrad(0..<V), dOutput: branchGradient(dResidual, mask: 0, workspace: w),
                          tokens: w.tokens, channels: C)
    }
}
