// Incremental decoding (llama2.c's `forward` with a key/value cache): each new position's
// keys and values are appended to per-layer caches, so a step costs one pass over the
// weights instead of a pass over the whole prefix. A prompt is prefilled as GEMMs over all
// its rows at once; single steps use the matrix–vector kernel on one thread (perf-notes:
// decoding is memory-bound and does not scale across threads).
//
// Dimensions: n new rows, P capacity, C channels, F MLP width, H heads, L layers, V vocabulary.

import CurioKernels

/// The decoding state of one sequence: cached keys and values of every layer, and the
/// final hidden state of the last position.
public final class KVCache {
    /// The model decoded (weights are shared, not copied).
    public let model: TransformerModel
    /// Positions the cache can hold (at most the model's context length).
    public let capacity: Int
    /// Positions filled so far.
    public private(set) var length = 0

    /// [L×P×C] rotated keys and values of every cached position.
    let keys: FloatStorage, values: FloatStorage
    /// [C] final-norm output at the last position: the input of the output layer.
    let lastHidden: FloatStorage
    private var scratch: Scratch
    /// Logits of the last `allowedLogits` call, reused so a step allocates only the array
    /// it returns; made on first use (a beam's copy may never need it).
    private var logitScratch: FloatStorage?

    /// Per-call buffers for up to `rows` new positions, grown when a longer prompt arrives.
    private struct Scratch {
        let rows: Int
        /// [n×C] residual, [n×C] norm output, [n] 1/rms, [n×3C] q|k|v, [n×C] attention output.
        let x: FloatStorage, normed: FloatStorage, rms: FloatStorage, qkv: FloatStorage, attended: FloatStorage
        /// [n×2F] gate|up, [n×F] hidden, [H×n×P] attention scores.
        let gateUp: FloatStorage, hidden: FloatStorage, scores: FloatStorage

        init(rows n: Int, config: ModelConfig, capacity P: Int) {
            let C = config.dModel, F = config.ffnHidden
            rows = n
            x = FloatStorage(count: n * C); normed = FloatStorage(count: n * C); rms = FloatStorage(count: n)
            qkv = FloatStorage(count: n * 3 * C); attended = FloatStorage(count: n * C)
            gateUp = FloatStorage(count: n * 2 * F); hidden = FloatStorage(count: n * F)
            scores = FloatStorage(count: config.heads * n * P)
        }
    }

    /// An empty cache for `model`, holding up to `capacity` positions (default: the
    /// model's context length).
    ///
    /// - Throws: `ModelError.invalidConfig` if the capacity is not in 1...contextLength.
    public init(model: TransformerModel, capacity: Int? = nil) throws {
        let config = model.config
        let capacity = capacity ?? config.contextLength
        guard capacity >= 1, capacity <= config.contextLength else {
            throw ModelError.invalidConfig("KV cache capacity \(capacity) must be in 1...\(config.contextLength)")
        }
        self.model = model
        self.capacity = capacity
        keys = FloatStorage(count: config.layers * capacity * config.dModel)
        values = FloatStorage(count: config.layers * capacity * config.dModel)
        lastHidden = FloatStorage(count: config.dModel)
        scratch = Scratch(rows: 1, config: config, capacity: capacity)
    }

    /// An independent cache holding the same positions: beam search extends several
    /// continuations of one prefix without recomputing it. Copies only the filled
    /// positions. - Complexity: O(L·length·C).
    public func copy() -> KVCache {
        // The capacity was valid for this cache, so it is valid for its copy.
        let twin = try! KVCache(model: model, capacity: capacity)
        let C = model.config.dModel, filled = length * C
        if filled > 0 {
            for l in 0..<model.config.layers {
                let at = l * capacity * C
                twin.keys.slice(at, filled).copy(from: keys.slice(at, filled))
                twin.values.slice(at, filled).copy(from: values.slice(at, filled))
            }
        }
        twin.lastHidden.all.copy(from: lastHidden.all)
        twin.length = length
        return twin
    }

    /// Forgets every position (the buffers are kept).
    public func reset() { length = 0 }

    /// Appends `tokens` (a prompt, or its continuation) in one batched pass.
    ///
    /// - Throws: `ModelError` if a token is outside the vocabulary or the cache would overflow.
    /// - Complexity: O(L·n·(C² + C·F) + L·n·(length + n)·C).
    public func prefill(_ tokens: [Int32]) throws {
        guard !tokens.isEmpty else { return }
        try model.checkTokens(tokens, context: "prefill")
        guard length + tokens.count <= capacity else {
            throw ModelError.sequenceTooLong(length: length + tokens.count, limit: capacity)
        }
        append(tokens)
    }

    /// Appends one token and returns the next-token logits over the whole vocabulary.
    ///
    /// - Throws: `ModelError` if the token is outside the vocabulary or the cache is full.
    /// - Complexity: O(L·(C² + C·F + length·C) + V·C).
    public func step(_ token: Int32) throws -> [Float] {
        try prefill([token])
        return try nextTokenLogits()
    }

    /// Logits for the position after the last one appended, with every token outside
    /// `mask` at −∞. Only the allowed rows of the tied output layer are computed, so asking
    /// for the item range (or a few candidates) costs only those rows.
    ///
    /// - Throws: `ModelError.invalidMask`, or `.invalidBatch` if nothing has been appended.
    /// - Complexity: O(k·C) for k allowed tokens.
    public func nextTokenLogits(mask: TokenMask = .all) throws -> [Float] {
        try mask.expand(allowedLogits(mask: mask), vocabSize: model.config.vocabSize)
    }

    /// Logits of the allowed tokens only, in mask order: V values for `.all`, one per
    /// token of the range or list otherwise.
    ///
    /// - Complexity: O(k·C) for k allowed tokens.
    public func allowedLogits(mask: TokenMask) throws -> [Float] {
        guard length > 0 else { throw ModelError.invalidBatch("the cache is empty: prefill a prompt first") }
        try mask.validate(vocabSize: model.config.vocabSize)
        let count: Int
        switch mask {
        case .all: count = model.config.vocabSize
        case .range(let range): count = range.count
        case .tokens(let tokens): count = tokens.count
        }
        if (logitScratch?.count ?? 0) < count { logitScratch = FloatStorage(count: max(count, model.config.vocabSize)) }
        return model.outputLogits(hidden: lastHidden.all, mask: mask, scratch: logitScratch)
    }

    /// `allowedLogits(mask:)` of several caches of one model at once (the beams of a list
    /// search): with bf16 decode weights and a range mask the output layer is read once
    /// for all of them (`linearRowsForward`); otherwise each cache computes its own. The
    /// logits are bit for bit those of `allowedLogits(mask:)` on each cache.
    ///
    /// - Throws: as `allowedLogits(mask:)`; `ModelError.invalidBatch` for caches of
    ///   different models.
    /// - Complexity: O(n·k·C) arithmetic for n caches and k allowed tokens.
    public static func allowedLogits(_ caches: [KVCache], mask: TokenMask) throws -> [[Float]] {
        guard let model = caches.first?.model else { return [] }
        guard caches.allSatisfy({ $0.model === model }) else {
            throw ModelError.invalidBatch("the caches of one batched step must belong to one model")
        }
        guard caches.count > 1, case .range(let range) = mask, let packed = model.decodeWeights?.output else {
            return try caches.map { try $0.allowedLogits(mask: mask) }
        }
        try mask.validate(vocabSize: model.config.vocabSize)
        guard caches.allSatisfy({ $0.length > 0 }) else {
            throw ModelError.invalidBatch("a cache is empty: prefill a prompt first")
        }
        let outputs = caches.map { _ in FloatStorage(count: range.count) }
        linearRowsForward(outputs: outputs.map(\.all), inputs: caches.map(\.lastHidden.all), weight: packed, rows: range)
        return outputs.map(\.array)
    }

    /// Runs the new rows through every block, filling the caches; tokens are valid.
    private func append(_ tokens: [Int32]) {
        let config = model.config, layout = model.layout
        let n = tokens.count, start = length, P = capacity
        let C = config.dModel, F = config.ffnHidden, H = config.heads, eps = config.normEpsilon
        if scratch.rows < n { scratch = Scratch(rows: n, config: config, capacity: capacity) }
        let s = scratch, threads = n > 1 ? model.threads : 1, streaming = model.streamsWeights
        let x = s.x.slice(0, n * C), normed = s.normed.slice(0, n * C), rms = s.rms.slice(0, n)
        let qkv = s.qkv.slice(0, n * 3 * C), attended = s.attended.slice(0, n * C)
        let gateUp = s.gateUp.slice(0, n * 2 * F), hidden = s.hidden.slice(0, n * F)
        // One-row products go through the matrix–vector kernel, over the packed bf16 copy
        // when the model decodes in bf16; prompts through gemm over the fp32 weights.
        func linear(_ output: FloatSlice, _ input: FloatSlice, _ weight: FloatSlice, _ packed: PackedBFloat16Matrix?,
                    _ I: Int, _ O: Int, accumulate: Bool = false) {
            if n == 1, let packed {
                linearRowForward(output: output, input: input, weight: packed, accumulate: accumulate)
            } else if n == 1 {
                linearRowForward(output: output, input: input, weight: weight, inputs: I, outputs: O,
                                 accumulate: accumulate, streaming: streaming)
            } else {
                linearForward(output: output, input: input, weight: weight, rows: n, inputs: I, outputs: O,
                              accumulate: accumulate, threads: threads)
            }
        }
        embeddingForward(output: x, table: model.embeddingRows(0..<config.vocabSize), tokens: tokens, channels: C)
        for l in 0..<config.layers {
            let block = layout.blocks[l], packed = model.decodeWeights?.blocks[l]
            let layerKeys = keys.slice(l * P * C, P * C), layerValues = values.slice(l * P * C, P * C)
            rmsNormForward(output: normed, reciprocalRMS: rms, input: x, weight: model.weights(block.attentionNorm, C),
                           rows: n, channels: C, epsilon: eps)
            linear(qkv, normed, model.weights(block.queryKeyValue, 3 * C * C), packed?.queryKeyValue, C, 3 * C)
            rotaryForward(values: qkv, rows: n, rowStride: 3 * C, width: 2 * C, sequenceLength: n,
                          startPosition: start, table: model.rotary)
            for i in 0..<n {
                layerKeys.slice((start + i) * C, C).copy(from: qkv.slice(i * 3 * C + C, C))
                layerValues.slice((start + i) * C, C).copy(from: qkv.slice(i * 3 * C + 2 * C, C))
            }
            cachedAttentionForward(output: attended, scores: s.scores.slice(0, H * n * (start + n)), queries: qkv,
                                   queryStride: 3 * C, keys: layerKeys.slice(0, (start + n) * C),
                                   values: layerValues.slice(0, (start + n) * C),
                                   newPositions: n, startPosition: start, channels: C, heads: H)
            linear(x, attended, model.weights(block.attentionOutput, C * C), packed?.attentionOutput, C, C, accumulate: true)
            rmsNormForward(output: normed, reciprocalRMS: rms, input: x, weight: model.weights(block.mlpNorm, C),
                           rows: n, channels: C, epsilon: eps)
            linear(gateUp, normed, model.weights(block.gateUp, 2 * F * C), packed?.gateUp, C, 2 * F)
            swiGLUForward(hidden: hidden, gateUp: gateUp, rows: n, hiddenWidth: F)
            linear(x, hidden, model.weights(block.down, C * F), packed?.down, F, C, accumulate: true)
        }
        rmsNormForward(output: lastHidden.all, reciprocalRMS: rms.slice(0, 1), input: x.slice((n - 1) * C, C),
                       weight: model.weights(layout.finalNorm, C), rows: 1, channels: C, epsilon: eps)
        length = start + n
    }
}

extension TransformerModel {
    /// Logits of one final-norm row `hidden` [C] for the tokens `mask` allows, compactly
    /// in mask order; reads only those rows of the tied embedding (its packed bf16 copy when
    /// the model decodes in bf16). The mask is valid. `scratch`, when large enough, holds the
    /// logits before they are copied out, instead of a fresh buffer.
    ///
    /// - Complexity: O(k·C) for k allowed tokens.
    func outputLogits(hidden: FloatSlice, mask: TokenMask, scratch: FloatStorage? = nil) -> [Float] {
        let C = config.dModel
        func buffer(_ count: Int) -> FloatSlice {
            if let scratch, scratch.count >= count { return scratch.slice(0, count) }
            return FloatStorage(count: count).all
        }
        switch mask {
        case .all, .range:
            let range: Range<Int>
            if case .range(let r) = mask { range = r } else { range = 0..<config.vocabSize }
            let out = buffer(range.count)
            if let packed = decodeWeights?.output {
                linearRowForward(output: out, input: hidden, weight: packed, rows: range)
            } else {
                linearRowForward(output: out, input: hidden, weight: embeddingRows(range), inputs: C,
                                 outputs: range.count, streaming: streamsWeights)
            }
            return out.array
        case .tokens(let tokens):
            let out = buffer(tokens.count)
            if let packed = decodeWeights?.output {
                selectedRowDots(output: out, input: hidden, table: packed, rows: tokens)
            } else {
                selectedRowDots(output: out, input: hidden, table: embeddingRows(0..<config.vocabSize), rows: tokens,
                                channels: C)
            }
            return out.array
        }
    }
}
