// Scoring many contexts that begin like one prompt (SuffixScoring.swift): the prompt is run
// through the model once and its keys and values are kept, so each context computes only
// the tokens after the part it shares.
//
// Why: explaining a recommendation by ablation scores one context per removed part of the
// dialogue state. Removing liked item j changes the next-item prompt only from j's
// position on — the rotary positions after it shift, so only the tokens before j can be
// reused — and on average half of every ablated prompt is the full state's.
//
// Dimensions: P prefix length, C channels, L layers.

import CurioKernels

/// A prompt run once through the model: its rotated keys and values in every layer, and
/// the final hidden state at its last position. `TransformerModel.scoreBatch(contexts:
/// sharing:selection:)` reads the first k positions of it for a context whose first k
/// tokens are the prompt's, instead of recomputing them.
///
/// Keys and values at positions 0..<k depend only on the tokens 0..<k (causal attention,
/// absolute rotary positions), so they are the same for every context that starts with
/// those k tokens.
public final class SharedPrefix: @unchecked Sendable {
    /// The prompt's tokens.
    public let tokens: [Int32]
    /// The model the keys and values belong to.
    let model: TransformerModel
    /// [L×P×C] rotated keys and values of every layer.
    let keys: FloatStorage, values: FloatStorage
    /// [C] final-norm output at the last position: scoring the prompt itself costs nothing more.
    let lastHidden: FloatStorage

    init(tokens: [Int32], model: TransformerModel) {
        let config = model.config, P = tokens.count, C = config.dModel
        self.tokens = tokens
        self.model = model
        keys = FloatStorage(count: config.layers * P * C)
        values = FloatStorage(count: config.layers * P * C)
        lastHidden = FloatStorage(count: C)
    }

    /// Layer `l`'s keys and values of the first `count` positions.
    func layer(_ l: Int, first count: Int) -> (keys: FloatSlice, values: FloatSlice) {
        let C = model.config.dModel, at = l * tokens.count * C
        return (keys.slice(at, count * C), values.slice(at, count * C))
    }

    /// How many leading tokens `context` shares with the prompt.
    /// - Complexity: O(min(P, context length)).
    func sharedLength(with context: [Int32]) -> Int {
        var k = 0
        let end = min(tokens.count, context.count)
        while k < end, tokens[k] == context[k] { k += 1 }
        return k
    }
}

extension TransformerModel {
    /// Runs `tokens` through the model once and keeps every layer's keys and values, for
    /// `scoreBatch(contexts:sharing:selection:)` to reuse in contexts that begin the same way.
    ///
    /// - Throws: `ModelError` for an empty or too-long prompt or a token outside the vocabulary.
    /// - Complexity: O(L·P·(C² + C·F) + L·P²·C), as prefilling a `KVCache`.
    public func sharedPrefix(_ tokens: [Int32]) throws -> SharedPrefix {
        if tokens.isEmpty { throw ModelError.invalidBatch("a shared prefix needs at least one token") }
        if tokens.count > config.contextLength {
            throw ModelError.sequenceTooLong(length: tokens.count, limit: config.contextLength)
        }
        try checkTokens(tokens, context: "shared prefix")
        let prefix = SharedPrefix(tokens: tokens, model: self)
        let hidden = suffixForward([SuffixJob(tokens: tokens[...], start: 0, prefix: nil)], recordingInto: prefix)
        prefix.lastHidden.all.copy(from: hidden.all)
        return prefix
    }
}
