// Every buffer a forward + backward pass over a [B×T] batch needs, allocated once and
// reused step after step (no allocation in the training hot path).
//
// Dimensions: B sequences, T positions, N = B·T rows, C channels, F MLP hidden width,
// H heads, L layers, V vocabulary.

import CurioKernels

/// Activations kept for the backward pass, plus the backward pass's scratch.
///
/// One workspace serves one batch shape; make another for another shape. Not thread-safe:
/// use one workspace per concurrent pass.
public final class ActivationWorkspace {
    /// Sequences per batch (B).
    public let batchSize: Int
    /// Positions per sequence (T).
    public let sequenceLength: Int
    let config: ModelConfig
    let rows: Int

    // Forward activations, one region per layer.
    /// [(L+1)×N×C] residual stream entering each block (x₀ = embeddings, x_L = final).
    let residual: FloatStorage
    /// [L×N×C] residual after each block's attention.
    let midResidual: FloatStorage
    /// [L×N×C] attention-norm output; [L×N] its 1/rms.
    let attentionNormed: FloatStorage, attentionRMS: FloatStorage
    /// [L×N×3C] rotated queries, keys and values.
    let queryKeyValue: FloatStorage
    /// [L×B×H×T×T] attention probabilities.
    let attentionProbabilities: FloatStorage
    /// [L×N×C] attention output before the output projection.
    let attentionOutput: FloatStorage
    /// [L×N×C] MLP-norm output; [L×N] its 1/rms.
    let mlpNormed: FloatStorage, mlpRMS: FloatStorage
    /// [L×N×2F] gate and up projections.
    let gateUp: FloatStorage
    /// [L×N×F] silu(gate)·up.
    let hidden: FloatStorage
    /// [N×C] final-norm output; [N] its 1/rms.
    let finalNormed: FloatStorage, finalRMS: FloatStorage

    // Output layer, only at positions with a target: full-vocabulary rows first, then item rows.
    // Allocated on the first loss, so scoring-only workspaces never hold [N×V].
    /// [N×C] final-norm rows that carry a loss, gathered.
    lazy var gathered = FloatStorage(count: rows * config.dModel)
    /// [N×V] logits, then probabilities, then their gradients (full rows, then item rows).
    lazy var logits = FloatStorage(count: rows * config.vocabSize)
    /// [N] per-row loss.
    lazy var losses = FloatStorage(count: rows)

    // State of the last forward pass, read by the backward pass.
    var tokens: [Int32] = []
    var fullRows: [Int] = [], itemRows: [Int] = []
    var fullTargets: [Int32] = [], itemTargets: [Int32] = []
    var itemRange: Range<Int> = 0..<0
    var hasLoss = false
    /// Knowledge distillation (Hinton et al. 2015): per item row of the last forward pass,
    /// a teacher's distribution over the item range, [itemRows × I] in `itemRows` order;
    /// the backward pass then learns `softTargetShare` of each item row from it and the
    /// rest from the true next item. Nil: the true item only.
    public var itemSoftTargets: FloatStorage?
    public var softTargetShare: Float = 0
    /// The dropout of the last forward pass (nil: none), so backward applies the same masks.
    var dropout: DropoutDraw?

    /// [(1+2L)×N×C] dropout masks: the embedding output's, then per layer the attention
    /// branch's and the MLP branch's. Allocated on the first pass with dropout.
    lazy var dropoutMasks = FloatStorage(count: (1 + 2 * config.layers) * rows * config.dModel)
    /// [N×C] a residual branch before its mask (forward) or its masked gradient (backward).
    lazy var dropoutBranch = FloatStorage(count: rows * config.dModel)

    /// After `loss(for:workspace:)`: the item rows' probabilities over the item range,
    /// [itemRowCount × item range] in the order the rows carry their loss.
    public var itemProbabilities: FloatSlice {
        logits.slice(fullRows.count * config.vocabSize, itemRows.count * itemRange.count)
    }
    /// Rows of the last pass whose target is an item.
    public var itemRowCount: Int { itemRows.count }

    /// Mask `k` of the last pass: 0 = embeddings, 1 + 2l = layer l's attention, 2 + 2l its MLP.
    func dropoutMask(_ k: Int) -> FloatSlice {
        dropoutMasks.slice(k * rows * config.dModel, rows * config.dModel)
    }

    /// Backward scratch, allocated on the first backward pass (scoring never needs it).
    lazy var backward = BackwardScratch(rows: rows, config: config, batchSize: batchSize, sequenceLength: sequenceLength)

    /// Allocates the buffers for `batchSize`×`sequenceLength` batches of `config`'s model.
    ///
    /// - Throws: `ModelError.invalidBatch` for a non-positive shape, or
    ///   `.sequenceTooLong` past the model's context.
    /// - Complexity: memory O(L·N·(C + F) + L·B·H·T² + N·V) floats.
    public init(config: ModelConfig, batchSize: Int, sequenceLength: Int) throws {
        guard batchSize > 0, sequenceLength > 0 else {
            throw ModelError.invalidBatch("batch size \(batchSize) and sequence length \(sequenceLength) must be positive")
        }
        guard sequenceLength <= config.contextLength else {
            throw ModelError.sequenceTooLong(length: sequenceLength, limit: config.contextLength)
        }
        let L = config.layers, C = config.dModel, F = config.ffnHidden, H = config.heads
        let B = batchSize, T = sequenceLength, N = B * T
        self.config = config
        self.batchSize = B
        self.sequenceLength = T
        rows = N
        residual = FloatStorage(count: (L + 1) * N * C)
        midResidual = FloatStorage(count: L * N * C)
        attentionNormed = FloatStorage(count: L * N * C)
        attentionRMS = FloatStorage(count: L * N)
        queryKeyValue = FloatStorage(count: L * N * 3 * C)
        attentionProbabilities = FloatStorage(count: L * B * H * T * T)
        attentionOutput = FloatStorage(count: L * N * C)
        mlpNormed = FloatStorage(count: L * N * C)
        mlpRMS = FloatStorage(count: L * N)
        gateUp = FloatStorage(count: L * N * 2 * F)
        hidden = FloatStorage(count: L * N * F)
        finalNormed = FloatStorage(count: N * C)
        finalRMS = FloatStorage(count: N)
    }

    /// Layer `l`'s region of a per-layer buffer of `width` floats per row.
    func layer(_ storage: FloatStorage, _ l: Int, width: Int) -> FloatSlice {
        storage.slice(l * rows * width, rows * width)
    }
}

/// Gradients of activations, reused across layers during the backward pass.
final class BackwardScratch {
    /// [N×C] gradient of the residual stream, carried down through the blocks.
    let dResidual: FloatStorage
    /// [N×C] gradient of a norm's output.
    let dNormed: FloatStorage
    /// [N×3C] gradient of the rotated queries, keys and values.
    let dQueryKeyValue: FloatStorage
    /// [N×C] gradient of the attention output.
    let dAttentionOutput: FloatStorage
    /// [B×H×T×T] gradient of the attention probabilities.
    let dProbabilities: FloatStorage
    /// [N×2F] and [N×F] MLP gradients.
    let dGateUp: FloatStorage, dHidden: FloatStorage
    /// [N×C] gradient of the gathered final-norm rows.
    let dGathered: FloatStorage

    init(rows N: Int, config: ModelConfig, batchSize B: Int, sequenceLength T: Int) {
        let C = config.dModel, F = config.ffnHidden, H = config.heads
        dResidual = FloatStorage(count: N * C)
        dNormed = FloatStorage(count: N * C)
        dQueryKeyValue = FloatStorage(count: N * 3 * C)
        dAttentionOutput = FloatStorage(count: N * C)
        dProbabilities = FloatStorage(count: B * H * T * T)
        dGateUp = FloatStorage(count: N * 2 * F)
        dHidden = FloatStorage(count: N * F)
        dGathered = FloatStorage(count: N * C)
    }
}
