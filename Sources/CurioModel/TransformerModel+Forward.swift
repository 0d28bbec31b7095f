// The training-time forward pass over a [B×T] batch, keeping every activation the
// backward pass needs in an ActivationWorkspace.
//
// Dimensions: B sequences, T positions, N = B·T rows, C channels, F MLP width, V vocabulary,
// I item tokens.

import CurioKernels

extension TransformerModel {
    /// Mean cross-entropy of `batch` over its counted positions (targets ≠ −1).
    ///
    /// Positions marked `.items` use a softmax over `batch.itemRange` only, and only those
    /// rows of the tied output layer are multiplied; positions without a target compute no
    /// logits at all. Activations stay in `workspace` for `backward(workspace:gradients:)`.
    ///
    /// - Parameter dropout: training only: the masks of this pass (nil: no dropout, the
    ///   deterministic forward every scoring path uses). Backward applies the same masks.
    /// - Throws: `ModelError` if the batch does not fit the model or the workspace's shape,
    ///   or the dropout probability is outside [0, 1).
    /// - Complexity: O(L·N·(C² + C·F + T·C) + N·C·V).
    public func loss(for batch: TrainingBatch, workspace: ActivationWorkspace,
                     dropout: DropoutDraw? = nil) throws -> Float {
        try batch.validate(for: config)
        try checkShape(workspace, batchSize: batch.batchSize, sequenceLength: batch.sequenceLength)
        try dropout?.validate()
        forwardHidden(tokens: batch.tokens, workspace: workspace, dropout: dropout)

        // Sort counted positions into full-vocabulary and item rows.
        workspace.fullRows.removeAll(keepingCapacity: true)
        workspace.itemRows.removeAll(keepingCapacity: true)
        workspace.fullTargets.removeAll(keepingCapacity: true)
        workspace.itemTargets.removeAll(keepingCapacity: true)
        for (n, target) in batch.targets.enumerated() where target >= 0 {
            switch batch.subsets[n] {
            case .fullVocabulary:
                workspace.fullRows.append(n); workspace.fullTargets.append(target)
            case .items:
                workspace.itemRows.append(n)
                workspace.itemTargets.append(target - Int32(batch.itemRange.lowerBound))
            }
        }
        workspace.itemRange = batch.itemRange
        workspace.hasLoss = true

        let C = config.dModel, V = config.vocabSize, I = batch.itemRange.count
        let fullCount = workspace.fullRows.count, itemCount = workspace.itemRows.count
        let fullGathered = workspace.gathered.slice(0, fullCount * C)
        let itemGathered = workspace.gathered.slice(fullCount * C, itemCount * C)
        let fullLogits = workspace.logits.slice(0, fullCount * V)
        let itemLogits = workspace.logits.slice(fullCount * V, itemCount * I)
        gatherRows(destination: fullGathered, source: workspace.finalNormed.all, rows: workspace.fullRows, width: C)
        gatherRows(destination: itemGathered, source: workspace.finalNormed.all, rows: workspace.itemRows, width: C)
        linearForward(output: fullLogits, input: fullGathered, weight: embeddingRows(0..<V),
                      rows: fullCount, inputs: C, outputs: V, threads: threads)
        linearForward(output: itemLogits, input: itemGathered, weight: embeddingRows(batch.itemRange),
                      rows: itemCount, inputs: C, outputs: I, threads: threads)
        crossEntropyForward(probabilities: fullLogits, losses: workspace.losses.slice(0, fullCount),
                            targets: workspace.fullTargets, rows: fullCount, width: V, threads: threads)
        crossEntropyForward(probabilities: itemLogits, losses: workspace.losses.slice(fullCount, itemCount),
                            targets: workspace.itemTargets, rows: itemCount, width: I, threads: threads)
        let losses = workspace.losses.slice(0, fullCount + itemCount).array
        return losses.reduce(0, +) / Float(fullCount + itemCount)
    }

    /// The logits over `batch.itemRange` at every position whose target is an item, in the
    /// order `loss(for:workspace:)` counts those rows, [rows × item range], without a
    /// loss (a distillation teacher's view of a student's batch). No dropout.
    ///
    /// - Throws: as `loss(for:workspace:)`.
    /// - Complexity: O(L·N·(C² + C·F + T·C) + rows·C·I).
    public func itemRowLogits(for batch: TrainingBatch, workspace: ActivationWorkspace) throws -> FloatSlice {
        try batch.validate(for: config)
        try checkShape(workspace, batchSize: batch.batchSize, sequenceLength: batch.sequenceLength)
        forwardHidden(tokens: batch.tokens, workspace: workspace, dropout: nil)
        let rows = batch.targets.indices.filter { batch.targets[$0] >= 0 && batch.subsets[$0] == .items }
        let C = config.dModel, I = batch.itemRange.count
        let gathered = workspace.gathered.slice(0, rows.count * C)
        let logits = workspace.logits.slice(0, rows.count * I)
        gatherRows(destination: gathered, source: workspace.finalNormed.all, rows: rows, width: C)
        linearForward(output: logits, input: gathered, weight: embeddingRows(batch.itemRange),
                      rows: rows.count, inputs: C, outputs: I, threads: threads)
        workspace.hasLoss = false
        return logits
    }

    func checkShape(_ workspace: ActivationWorkspace, batchSize: Int, sequenceLength: Int) throws {
        guard workspace.config == config else {
            throw ModelError.invalidBatch("the workspace was made for a different model configuration")
        }
        guard workspace.batchSize == batchSize, workspace.sequenceLength == sequenceLength else {
            throw ModelError.invalidBatch("batch is \(batchSize)×\(sequenceLength) but the workspace holds \(workspace.batchSize)×\(workspace.sequenceLength)")
        }
    }

    /// Runs embedding, every block and the final norm over the workspace's batch shape;
    /// the result is `workspace.finalNormed` [N×C]. Tokens must already be validated, and
    /// `dropout` (training only) too.
    func forwardHidden(tokens: [Int32], workspace w: ActivationWorkspace, dropout: DropoutDraw? = nil) {
        let B = w.batchSize, T = w.sequenceLength, N = w.rows
        let C = config.dModel, F = config.ffnHidden, H = config.heads, eps = config.normEpsilon
        w.tokens = tokens
        w.hasLoss = false
        prepareDropout(dropout, workspace: w)
        embeddingForward(output: w.layer(w.residual, 0, width: C), table: embeddingRows(0..<config.vocabSize),
                         tokens: tokens, channels: C)
        dropEmbeddings(w.layer(w.residual, 0, width: C), workspace: w)
        for l in 0..<config.layers {
            let block = layout.blocks[l]
            let x = w.layer(w.residual, l, width: C), mid = w.layer(w.midResidual, l, width: C)
            let normed = w.layer(w.attentionNormed, l, width: C), qkv = w.layer(w.queryKeyValue, l, width: 3 * C)
            let attended = w.layer(w.attentionOutput, l, width: C)
            rmsNormForward(output: normed, reciprocalRMS: w.layer(w.attentionRMS, l, width: 1), input: x,
                           weight: weights(block.attentionNorm, C), rows: N, channels: C, epsilon: eps)
            linearForward(output: qkv, input: normed, weight: weights(block.queryKeyValue, 3 * C * C),
                          rows: N, inputs: C, outputs: 3 * C, threads: threads)
            rotaryForward(values: qkv, rows: N, rowStride: 3 * C, width: 2 * C, sequenceLength: T, table: rotary)
            attentionForward(output: attended, probabilities: w.attentionProbabilities.slice(l * B * H * T * T, B * H * T * T),
                             qkv: qkv, batch: B, sequenceLength: T, channels: C, heads: H, threads: threads)
            mid.copy(from: x)
            addResidualBranch(into: mid, input: attended, weight: weights(block.attentionOutput, C * C),
                              inputs: C, mask: 1 + 2 * l, workspace: w)

            let mlpIn = w.layer(w.mlpNormed, l, width: C), gateUp = w.layer(w.gateUp, l, width: 2 * F)
            let hidden = w.layer(w.hidden, l, width: F), next = w.layer(w.residual, l + 1, width: C)
            rmsNormForward(output: mlpIn, reciprocalRMS: w.layer(w.mlpRMS, l, width: 1), input: mid,
                           weight: weights(block.mlpNorm, C), rows: N, channels: C, epsilon: eps)
            linearForward(output: gateUp, input: mlpIn, weight: weights(block.gateUp, 2 * F * C),
                          rows: N, inputs: C, outputs: 2 * F, threads: threads)
            swiGLUForward(hidden: hidden, gateUp: gateUp, rows: N, hiddenWidth: F, threads: threads)
            next.copy(from: mid)
            addResidualBranch(into: next, input: hidden, weight: weights(block.down, C * F),
                              inputs: F, mask: 2 + 2 * l, workspace: w)
        }
        rmsNormForward(output: w.finalNormed.all, reciprocalRMS: w.finalRMS.all,
                       input: w.layer(w.residual, config.layers, width: C), weight: weights(layout.finalNorm, C),
                       rows: N, channels: C, epsilon: eps)
    }
}
