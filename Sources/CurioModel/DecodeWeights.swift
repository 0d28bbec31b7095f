// The weights a decode step reads, when they are kept in bf16.
//
// A decode step (`KVCache.step`) is one pass over every matrix of the model, bound by how
// fast the weights stream from memory: at d_model 256 / 4 layers / vocabulary 16,384 that is
// 30 MB in fp32 per token, 15 MB in bf16. A checkpoint stored as bf16 therefore decodes from
// bf16 (activations and sums stay fp32), from one buffer that holds the matrices in the order
// a step reads them, each packed for the sequential-stream kernel (PackedBFloat16Matrix).
//
// The fp32 parameters stay too: the prompt's prefill, batched scoring and training run as
// GEMMs over them. They hold the same values (the model rounds them to bf16 when it builds
// this copy), so every path computes with the same weights.
//
// Dimensions: C channels, F MLP width, V vocabulary, L layers.

import CurioKernels

/// The precision of the weights a decode step reads.
public enum DecodePrecision: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The fp32 parameters themselves (checkpoints stored as f32 or f16: f16 widens exactly).
    case float32 = "fp32"
    /// A bf16 copy, half the bytes per token (checkpoints stored as bf16).
    case bfloat16 = "bf16"

    public var description: String { rawValue }
}

/// The packed bf16 copy of every matrix a decode step reads, in reading order.
struct DecodeWeights: Sendable {
    /// One block's matrices.
    struct Block: Sendable {
        /// [3C×C] wq|wk|wv, [C×C] wo, [2F×C] w_gate|w_up, [C×F] w_down.
        let queryKeyValue: PackedBFloat16Matrix, attentionOutput: PackedBFloat16Matrix
        let gateUp: PackedBFloat16Matrix, down: PackedBFloat16Matrix
    }

    let blocks: [Block]
    /// [V×C] the tied output layer (the token embedding).
    let output: PackedBFloat16Matrix
    /// The one buffer every matrix lives in.
    let storage: HalfStorage

    /// Packs the matrices of `parameters` (laid out by `layout`), rounding each to bf16.
    ///
    /// - Complexity: O(parameter count).
    init(config: ModelConfig, layout: ParameterLayout, parameters: FloatStorage) {
        let C = config.dModel, F = config.ffnHidden, V = config.vocabSize
        let shapes = [(3 * C, C), (C, C), (2 * F, C), (C, F)]
        let perBlock = shapes.reduce(0) { $0 + PackedBFloat16Matrix.count(rows: $1.0, cols: $1.1) }
        let storage = HalfStorage(count: config.layers * perBlock + PackedBFloat16Matrix.count(rows: V, cols: C))
        var offset = 0
        func pack(_ source: Int, _ rows: Int, _ cols: Int) -> PackedBFloat16Matrix {
            let matrix = PackedBFloat16Matrix(storage: storage, offset: offset, rows: rows, cols: cols)
            matrix.pack(parameters.slice(source, rows * cols))
            offset += matrix.count
            return matrix
        }
        blocks = layout.blocks.map { block in
            Block(queryKeyValue: pack(block.queryKeyValue, 3 * C, C), attentionOutput: pack(block.attentionOutput, C, C),
                  gateUp: pack(block.gateUp, 2 * F, C), down: pack(block.down, C, F))
        }
        output = pack(layout.tokenEmbedding, V, C)
        self.storage = storage
    }
}
