// The batched "suffix forward over shared prefix caches": each context is split into the
// tokens it shares with a `SharedPrefix` (their keys and values are read from it) and its
// own suffix; the suffixes of many contexts run together, their rows concatenated without
// padding, through GEMMs over all rows, and each suffix attends to its prefix's first
// positions and then causally to itself.
//
// Only the last position of each context is read, so the last block computes its
// attention output and MLP at that row alone: below it, every row's keys and values are
// needed; in it, only the keys and values. (With two blocks that is ~40% of the work.)
//
// Dimensions: B suffixes, N = Σ suffix lengths rows, S a suffix's length, k its shared
// length, C channels, F MLP width, H heads, L layers, V vocabulary.

import CurioKernels

/// One suffix to run: `tokens` at positions start..<start+S, after the first `start`
/// positions of `prefix` (none when `start` is 0).
struct SuffixJob {
    let tokens: ArraySlice<Int32>
    let start: Int
    let prefix: SharedPrefix?
}

/// The activations of one chunk of suffixes, allocated once for the largest chunk and
/// reused by the others: small chunks keep the activations in cache, and only one set is
/// allocated and zeroed.
final class SuffixBuffers {
    /// Rows and key/value floats the buffers hold.
    let rows: Int, window: Int
    /// [N×C] residual, norm output, attention output; [N] 1/rms; [N×3C] q|k|v.
    let x: FloatStorage, normed: FloatStorage, attended: FloatStorage, rms: FloatStorage, qkv: FloatStorage
    /// [N×2F] gate|up; [N×F] hidden; [B×C] the last rows' residual (B ≤ N).
    let gateUp: FloatStorage, hidden: FloatStorage, lastX: FloatStorage
    /// Per suffix, one layer's keys and values of its shared positions and its own: Σ (k+S)×C.
    let keys: FloatStorage, values: FloatStorage
    /// [H×S×(k+S)] attention scores of one suffix.
    let scores: FloatStorage

    /// Buffers big enough for each of `chunks`.
    init(config: ModelConfig, chunks: [ArraySlice<SuffixJob>]) {
        let C = config.dModel, F = config.ffnHidden
        var N = 1, W = 1, longest = 1, widest = 1
        for chunk in chunks {
            N = max(N, chunk.reduce(0) { $0 + $1.tokens.count })
            W = max(W, chunk.reduce(0) { $0 + ($1.start + $1.tokens.count) * C })
            for job in chunk { longest = max(longest, job.tokens.count); widest = max(widest, job.start + job.tokens.count) }
        }
        rows = N; window = W
        x = FloatStorage(count: N * C); normed = FloatStorage(count: N * C); attended = FloatStorage(count: N * C)
        rms = FloatStorage(count: N); qkv = FloatStorage(count: N * 3 * C)
        gateUp = FloatStorage(count: N * 2 * F); hidden = FloatStorage(count: N * F); lastX = FloatStorage(count: N * C)
        keys = FloatStorage(count: W); values = FloatStorage(count: W)
        scores = FloatStorage(count: config.heads * longest * widest)
    }
}

extension TransformerModel {
    /// The next-token logits after each context, restricted to the tokens `selection`
    /// allows (compactly in mask order, as `scoreBatch(contexts:selection:)`), where every
    /// context reuses the keys and values of its longest common prefix with one of
    /// `prefixes` and computes only the rest. A context equal to a prefix costs nothing
    /// but its output row. Identical contexts are scored once.
    ///
    /// Results equal `scoreBatch(contexts:selection:)`'s up to float summation order.
    ///
    /// - Parameters:
    ///   - prefixes: prompts prefilled by `sharedPrefix(_:)` on this model; empty runs
    ///     every context whole.
    ///   - rowsPerChunk: suffix tokens run together; bounds the activation memory
    ///     (about rows·(8C + 3F) floats).
    /// - Throws: `ModelError` for an empty or too-long context, a token outside the
    ///   vocabulary, an invalid selection, or a prefix made by another model.
    /// - Complexity: O(L·n·(C² + C·F) + L·n·(k + S)·C) summed over the contexts' n = S
    ///   unshared tokens (only the last block's keys and values at all but the last row),
    ///   plus O(contexts · m · C) for m selected tokens.
    public func scoreBatch(contexts: [[Int32]], sharing prefixes: [SharedPrefix], selection: TokenMask,
                           rowsPerChunk: Int = 256) throws -> [[Float]] {
        try checkScoringBatch(contexts, selection: selection)
        if prefixes.contains(where: { $0.model !== self }) {
            throw ModelError.invalidBatch("a shared prefix was computed by another model")
        }
        // Identical contexts are scored once; each distinct one gets one final-norm row.
        var distinct: [[Int32]] = [], slot: [[Int32]: Int] = [:]
        let slots = contexts.map { context -> Int in
            if let s = slot[context] { return s }
            slot[context] = distinct.count
            distinct.append(context)
            return distinct.count - 1
        }
        let C = config.dModel
        let finals = FloatStorage(count: distinct.count * C)  // [D×C]
        var jobs: [(slot: Int, job: SuffixJob)] = []
        for (s, context) in distinct.enumerated() {
            let best = prefixes.map { ($0, $0.sharedLength(with: context)) }.max { $0.1 < $1.1 }
            if let (prefix, k) = best, k == context.count, k == prefix.tokens.count {
                finals.slice(s * C, C).copy(from: prefix.lastHidden.all)
                continue
            }
            // At least the last token is run: its output row is what is read.
            let start = min(best?.1 ?? 0, context.count - 1)
            jobs.append((s, SuffixJob(tokens: context[start...], start: start, prefix: start > 0 ? best?.0 : nil)))
        }
        var chunks: [Range<Int>] = [], next = 0
        while next < jobs.count {
            var end = next + 1, rows = jobs[next].job.tokens.count
            while end < jobs.count, rows + jobs[end].job.tokens.count <= rowsPerChunk {
                rows += jobs[end].job.tokens.count
                end += 1
            }
            chunks.append(next..<end)
            next = end
        }
        let allJobs = jobs.map(\.job)
        let buffers = SuffixBuffers(config: config, chunks: chunks.map { allJobs[$0] })
        for chunk in chunks {
            let hidden = suffixForward(Array(allJobs[chunk]), buffers: buffers)
            for (b, entry) in jobs[chunk].enumerated() {
                finals.slice(entry.slot * C, C).copy(from: hidden.slice(b * C, C))
            }
        }
        let rows = outputRows(finals, count: distinct.count, selection: selection)
        return slots.map { rows[$0] }
    }

    /// Logits of each of the `count` final-norm rows [count×C] for the tokens `selection`
    /// allows: one GEMM against the selected rows of the tied embedding.
    private func outputRows(_ finals: FloatStorage, count: Int, selection: TokenMask) -> [[Float]] {
        let C = config.dModel
        guard count > 0 else { return [] }
        switch selection {
        case .all, .range:
            let range: Range<Int>
            if case .range(let r) = selection { range = r } else { range = 0..<config.vocabSize }
            let logits = FloatStorage(count: count * range.count)
            linearForward(output: logits.all, input: finals.all, weight: embeddingRows(range),
                          rows: count, inputs: C, outputs: range.count, threads: threads)
            return (0..<count).map { logits.slice($0 * range.count, range.count).array }
        case .tokens:
            return (0..<count).map { outputLogits(hidden: finals.slice($0 * C, C), mask: selection) }
        }
    }

    /// Runs each job's suffix through every block and returns [B×C]: the final-norm output
    /// at each suffix's last position. With `record` (one job, nothing shared), every
    /// layer's keys and values are also written into it. Tokens must be valid.
    func suffixForward(_ jobs: [SuffixJob], buffers given: SuffixBuffers? = nil,
                       recordingInto record: SharedPrefix? = nil) -> FloatStorage {
        let C = config.dModel, F = config.ffnHidden, H = config.heads, L = config.layers, eps = config.normEpsilon
        let B = jobs.count
        let buffers = given ?? SuffixBuffers(config: config, chunks: [jobs[...]])
        var rowStart: [Int] = [], windowStart: [Int] = [], N = 0, W = 0
        for job in jobs {
            rowStart.append(N); windowStart.append(W)
            N += job.tokens.count; W += (job.start + job.tokens.count) * C
        }
        precondition(N <= buffers.rows && W <= buffers.window, "suffix buffers too small for the chunk")
        let lastRows = jobs.indices.map { rowStart[$0] + jobs[$0].tokens.count - 1 }
        let x = buffers.x.slice(0, N * C), normed = buffers.normed.slice(0, N * C), attended = buffers.attended.slice(0, N * C)
        let rms = buffers.rms.slice(0, N), qkv = buffers.qkv.slice(0, N * 3 * C)
        let gateUp = buffers.gateUp, hidden = buffers.hidden, keys = buffers.keys, values = buffers.values
        let scores = buffers.scores
        embeddingForward(output: x, table: embeddingRows(0..<config.vocabSize), tokens: jobs.flatMap(\.tokens), channels: C)
        // The last block runs past its keys and values on these rows only.
        let lastX = buffers.lastX.slice(0, B * C)
        for l in 0..<L {
            let block = layout.blocks[l], last = l == L - 1
            rmsNormForward(output: normed, reciprocalRMS: rms, input: x, weight: weights(block.attentionNorm, C),
                           rows: N, channels: C, epsilon: eps)
            linearForward(output: qkv, input: normed, weight: weights(block.queryKeyValue, 3 * C * C),
                          rows: N, inputs: C, outputs: 3 * C, threads: threads)
            for (b, job) in jobs.enumerated() {
                let S = job.tokens.count, k = job.start, total = k + S
                let rowsQKV = qkv.slice(rowStart[b] * 3 * C, S * 3 * C)
                rotaryForward(values: rowsQKV, rows: S, rowStride: 3 * C, width: 2 * C, sequenceLength: S,
                              startPosition: k, table: rotary)
                let jobKeys = keys.slice(windowStart[b], total * C), jobValues = values.slice(windowStart[b], total * C)
                if k > 0, let prefix = job.prefix {
                    let shared = prefix.layer(l, first: k)
                    jobKeys.slice(0, k * C).copy(from: shared.keys)
                    jobValues.slice(0, k * C).copy(from: shared.values)
                }
                for i in 0..<S {
                    jobKeys.slice((k + i) * C, C).copy(from: rowsQKV.slice(i * 3 * C + C, C))
                    jobValues.slice((k + i) * C, C).copy(from: rowsQKV.slice(i * 3 * C + 2 * C, C))
                }
                if let record {
                    let into = record.layer(l, first: total)
                    into.keys.copy(from: jobKeys)
                    into.values.copy(from: jobValues)
                }
                // Below the last block every row attends; in it, only the row that is read.
                let queries = last ? rowsQKV.slice((S - 1) * 3 * C, 3 * C) : rowsQKV
                let n = last ? 1 : S
                cachedAttentionForward(output: attended.slice((last ? b : rowStart[b]) * C, n * C),
                                       scores: scores.slice(0, H * n * total), queries: queries, queryStride: 3 * C,
                                       keys: jobKeys, values: jobValues, newPositions: n, startPosition: total - n,
                                       channels: C, heads: H)
            }
            let R = last ? B : N
            let stream: FloatSlice
            if last {
                gatherRows(destination: lastX, source: x, rows: lastRows, width: C)
                stream = lastX
            } else {
                stream = x
            }
            let rowsNormed = normed.slice(0, R * C), rowsRMS = rms.slice(0, R)
            linearForward(output: stream, input: attended.slice(0, R * C), weight: weights(block.attentionOutput, C * C),
                          rows: R, inputs: C, outputs: C, accumulate: true, threads: threads)
            rmsNormForward(output: rowsNormed, reciprocalRMS: rowsRMS, input: stream, weight: weights(block.mlpNorm, C),
                           rows: R, channels: C, epsilon: eps)
            linearForward(output: gateUp.slice(0, R * 2 * F), input: rowsNormed, weight: weights(block.gateUp, 2 * F * C),
                          rows: R, inputs: C, outputs: 2 * F, threads: threads)
            swiGLUForward(hidden: hidden.slice(0, R * F), gateUp: gateUp.slice(0, R * 2 * F), rows: R, hiddenWidth: F,
                          threads: threads)
            linearForward(output: stream, input: hidden.slice(0, R * F), weight: weights(block.down, C * F),
                          rows: R, inputs: F, outputs: C, accumulate: true, threads: threads)
        }
        let out = FloatStorage(count: B * C)
        rmsNormForward(output: out.all, reciprocalRMS: rms.slice(0, B), input: lastX, weight: weights(layout.finalNorm, C),
                       rows: B, channels: C, epsilon: eps)
        return out
    }
}
