// Scoring many contexts at once: the final position's next-token logits for each. Used
// to rank items after a prompt and to explain a recommendation by re-scoring the same
// item under many ablated contexts.
//
// Identical contexts are scored once. The others are sorted by length and run in chunks
// of similar lengths through the training-time forward pass (GEMMs over all rows, both
// cores), right-padded to the chunk's longest context. Causal attention means padding
// after a context's last token cannot change its logits.

import CurioKernels

extension TransformerModel {
    /// The next-token logits after each context, restricted to the tokens `selection`
    /// allows, compactly in mask order (V values for `.all`, one per range or list token
    /// otherwise). Result i belongs to `contexts[i]`.
    ///
    /// Batched results equal one-by-one `KVCache` results up to float summation order.
    ///
    /// - Parameters:
    ///   - rowsPerChunk: contexts × padded length run together; bounds the activation memory
    ///   (about L·rows·(8C + 3F) floats plus attention weights). A context longer than this
    ///   runs alone.
    /// - Throws: `ModelError` for an empty or too-long context, a token outside the
    ///   vocabulary, or an invalid selection.
    /// - Complexity: O(Σ over chunks of L·rows·(C² + C·F + T·C)) + O(contexts · k · C) for
    ///   k selected tokens.
    public func scoreBatch(contexts: [[Int32]], selection: TokenMask,
                           rowsPerChunk: Int = 8_192) throws -> [[Float]] {
        try checkScoringBatch(contexts, selection: selection)
        var results = [[Float]](repeating: [], count: contexts.count)
        // Identical contexts are scored once: an ablation often leaves a prompt as it was.
        var firstOfContext: [[Int32]: Int] = [:]
        var duplicates: [(index: Int, of: Int)] = []
        for (i, context) in contexts.enumerated() {
            if let first = firstOfContext[context] { duplicates.append((i, first)) } else { firstOfContext[context] = i }
        }
        let order = firstOfContext.values.sorted {
            contexts[$0].count != contexts[$1].count ? contexts[$0].count < contexts[$1].count : $0 < $1
        }
        var next = 0
        while next < order.count {
            // Grow the chunk while its padded size stays within the row budget and no
            // context is padded by more than an eighth of its length (padding is work).
            var end = next + 1
            while end < order.count,
                  (end - next + 1) * contexts[order[end]].count <= rowsPerChunk,
                  contexts[order[end]].count * 8 <= contexts[order[next]].count * 9 { end += 1 }
            let chunk = Array(order[next..<end])
            let T = contexts[chunk.last!].count, B = chunk.count
            var tokens = [Int32](repeating: 0, count: B * T)
            for (b, index) in chunk.enumerated() {
                tokens.replaceSubrange(b * T..<(b * T + contexts[index].count), with: contexts[index])
            }
            let workspace = try ActivationWorkspace(config: config, batchSize: B, sequenceLength: T)
            forwardHidden(tokens: tokens, workspace: workspace)
            let C = config.dModel
            let lastRows = chunk.enumerated().map { b, index in b * T + contexts[index].count - 1 }
            switch selection {
            case .all, .range:
                // One GEMM against the selected rows of the tied embedding for the whole chunk.
                let range: Range<Int>
                if case .range(let r) = selection { range = r } else { range = 0..<config.vocabSize }
                let hidden = FloatStorage(count: B * C), logits = FloatStorage(count: B * range.count)
                gatherRows(destination: hidden.all, source: workspace.finalNormed.all, rows: lastRows, width: C)
                linearForward(output: logits.all, input: hidden.all, weight: embeddingRows(range),
                              rows: B, inputs: C, outputs: range.count, threads: threads)
                for (b, index) in chunk.enumerated() {
                    results[index] = logits.slice(b * range.count, range.count).array
                }
            case .tokens:
                for (b, index) in chunk.enumerated() {
                    results[index] = outputLogits(hidden: workspace.finalNormed.slice(lastRows[b] * C, C), mask: selection)
                }
            }
            next = end
        }
        for (index, first) in duplicates { results[index] = results[first] }
        return results
    }
}
