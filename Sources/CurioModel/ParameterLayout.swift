// One size table carving one flat [Float] into the model's named tensors (house style,
// after llm.c's ParameterTensors). The same table carves the gradient buffer and both
// AdamW moment buffers, and its names are the checkpoint's tensor names.
//
// Order matters twice: wq, wk, wv are adjacent so the three projections run as one
// [3C×C] GEMM, and w_gate, w_up are adjacent for one [2F×C] GEMM.

/// The position of every named parameter tensor in the flat parameter buffer.
public struct ParameterLayout: Sendable, Equatable {
    /// One named tensor: a contiguous run of the flat buffer.
    public struct Tensor: Sendable, Equatable {
        /// Checkpoint name, e.g. `tok_emb`, `layers.0.wq`.
        public let name: String
        /// Row-major shape; linear weights are [out, in].
        public let shape: [Int]
        /// First float of the tensor in the flat buffer.
        public let offset: Int
        /// Whether AdamW applies weight decay (matrices yes, norm gains no).
        public let decays: Bool
        /// Number of floats.
        public var count: Int { shape.reduce(1, *) }
    }

    /// Offsets of one block's tensors, for the forward and backward passes.
    public struct BlockOffsets: Sendable, Equatable {
        /// The [C] gain of the attention's RMSNorm.
        public let attentionNorm: Int
        /// Start of wq; wk and wv follow, forming one [3C×C] matrix.
        public let queryKeyValue: Int
        /// wo, [C×C].
        public let attentionOutput: Int
        /// The [C] gain of the MLP's RMSNorm.
        public let mlpNorm: Int
        /// Start of w_gate; w_up follows, forming one [2F×C] matrix.
        public let gateUp: Int
        /// w_down, [C×F].
        public let down: Int
    }

    /// All tensors in buffer order.
    public let tensors: [Tensor]
    /// Per-block offsets, one entry per layer.
    public let blocks: [BlockOffsets]
    /// Offset of the [V×C] token embedding (also the tied output layer).
    public let tokenEmbedding: Int
    /// Offset of the final [C] norm gain.
    public let finalNorm: Int
    /// Total number of floats.
    public let totalCount: Int

    /// The layout for `config`:
    ///
    /// | name | shape |
    /// | --- | --- |
    /// | `tok_emb` | [V, C] |
    /// | `layers.i.attn_norm` | [C] |
    /// | `layers.i.wq`, `.wk`, `.wv`, `.wo` | [C, C] |
    /// | `layers.i.mlp_norm` | [C] |
    /// | `layers.i.w_gate`, `.w_up` | [F, C] |
    /// | `layers.i.w_down` | [C, F] |
    /// | `final_norm` | [C] |
    public init(config: ModelConfig) {
        let C = config.dModel, F = config.ffnHidden, V = config.vocabSize
        var tensors: [Tensor] = []
        var offset = 0
        func add(_ name: String, _ shape: [Int], decays: Bool) -> Int {
            let tensor = Tensor(name: name, shape: shape, offset: offset, decays: decays)
            tensors.append(tensor)
            offset += tensor.count
            return tensor.offset
        }
        tokenEmbedding = add("tok_emb", [V, C], decays: true)
        var blocks: [BlockOffsets] = []
        for layer in 0..<config.layers {
            let p = "layers.\(layer)."
            let attentionNorm = add(p + "attn_norm", [C], decays: false)
            let wq = add(p + "wq", [C, C], decays: true)
            _ = add(p + "wk", [C, C], decays: true)
            _ = add(p + "wv", [C, C], decays: true)
            let wo = add(p + "wo", [C, C], decays: true)
            let mlpNorm = add(p + "mlp_norm", [C], decays: false)
            let gate = add(p + "w_gate", [F, C], decays: true)
            _ = add(p + "w_up", [F, C], decays: true)
            let down = add(p + "w_down", [C, F], decays: true)
            blocks.append(BlockOffsets(attentionNorm: attentionNorm, queryKeyValue: wq, attentionOutput: wo,
                                       mlpNorm: mlpNorm, gateUp: gate, down: down))
        }
        finalNorm = add("final_norm", [C], decays: false)
        self.tensors = tensors
        self.blocks = blocks
        totalCount = offset
    }

    /// The tensor called `name`, if any.
    public func tensor(named name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// Checks that the tensors tile the buffer exactly, in order, with unique names, and
    /// that the fused projections are adjacent. Returns the first violation, or nil.
    public func invariantViolation() -> String? {
        var expected = 0
        var names = Set<String>()
        for tensor in tensors {
            if tensor.offset != expected { return "\(tensor.name) starts at \(tensor.offset), expected \(expected)" }
            if tensor.shape.contains(where: { $0 <= 0 }) { return "\(tensor.name) has empty shape \(tensor.shape)" }
            if !names.insert(tensor.name).inserted { return "duplicate tensor name \(tensor.name)" }
            expected += tensor.count
        }
        if expected != totalCount { return "tensors cover \(expected) floats, total is \(totalCount)" }
        for (i, block) in blocks.enumerated() {
            guard let wq = tensor(named: "layers.\(i).wq"), let wk = tensor(named: "layers.\(i).wk"),
                  let wv = tensor(named: "layers.\(i).wv"), let gate = tensor(named: "layers.\(i).w_gate"),
                  let up = tensor(named: "layers.\(i).w_up")
            else { return "layer \(i) is missing a projection" }
            if wk.offset != wq.offset + wq.count || wv.offset != wk.offset + wk.count || block.queryKeyValue != wq.offset {
                return "layer \(i): wq, wk, wv are not adjacent"
            }
            if up.offset != gate.offset + gate.count || block.gateUp != gate.offset {
                return "layer \(i): w_gate and w_up are not adjacent"
            }
        }
        return nil
    }
}
