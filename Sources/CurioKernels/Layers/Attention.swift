// Causal multi-head self-attention (Vaswani et al., "Attention Is All You Need", 2017),
// softmax(Q·Kᵀ/√D)·V per head, with every product done by `gemm`.
// Parallelism is across (b, h) pairs, so each gemm runs on the calling thread alone.
//
// Queries, keys and values live side by side in one [N×3C] buffer (one fused projection),
// so a head's Q, K and V are strided views (leading dimension 3C) that `gemm` reads
// without copying. Computing the full T×T score block and zeroing the future wastes half
// the multiply but keeps it in the fast GEMM; the softmax rows only touch the past.
//
// Dimensions: B sequences, T positions, C = H·D channels, H heads, D head width.

import Dispatch

/// Softmax of `scale · row[0..<valid]` in place; entries valid..<width become 0.
@inline(__always) private func causalSoftmaxRow(_ row: UnsafeMutablePointer<Float>, valid: Int,
                                                width: Int, scale: Float) {
    let peak = vectorMax(row, valid) * scale
    var acc = LayerVector(), j = 0
    while j + layerLanes <= valid {
        let e = vectorExp(loadVector(row + j) * scale - peak)
        storeVector(e, row + j); acc += e; j += layerLanes
    }
    var total = acc.sum()
    while j < valid { let e = scalarExp(row[j] * scale - peak); row[j] = e; total += e; j += 1 }
    vectorScale(row, 1 / total, valid)
    if width > valid { (row + valid).update(repeating: 0, count: width - valid) }
}

/// Causal self-attention over B sequences of T positions.
///
/// - Parameters:
///   - output: [B·T×C] attention output, heads concatenated (before the output projection).
///   - probabilities: [B×H×T×T] attention weights, kept for the backward pass.
///   - qkv: [B·T×3C] queries, keys and values (rotary already applied to Q and K).
///   - threads: (b, h) pairs run concurrently on up to this many threads.
/// - Complexity: O(B·H·T²·D).
public func attentionForward(output: FloatSlice, probabilities: FloatSlice, qkv: FloatSlice,
                             batch B: Int, sequenceLength T: Int, channels C: Int, heads H: Int,
                             threads: Int = 1) {
    let D = C / H
    precondition(D * H == C, "channels \(C) not divisible by heads \(H)")
    output.require(B * T * C, "attention output"); qkv.require(B * T * 3 * C, "attention qkv")
    probabilities.require(B * H * T * T, "attention probabilities")
    let out = output.pointer, att = probabilities.pointer, q = qkv.pointer
    let scale = 1 / Float(D).squareRoot()
    layerParallel(B * H, threads: threads) { pairs in
        for pair in pairs {
            let b = pair / H, h = pair % H
            let query = q + b * T * 3 * C + h * D, key = query + C, value = query + 2 * C
            let p = att + pair * T * T
            gemm(transposeA: false, transposeB: true, m: T, n: T, k: D,
                 a: query, lda: 3 * C, b: key, ldb: 3 * C, c: p, ldc: T, threads: 1)
            for t in 0..<T { causalSoftmaxRow(p + t * T, valid: t + 1, width: T, scale: scale) }
            gemm(transposeA: false, transposeB: false, m: T, n: D, k: T,
                 a: p, lda: T, b: value, ldb: 3 * C, c: out + b * T * C + h * D, ldc: C, threads: 1)
        }
    }
}

/// Backward of `attentionForward`: writes (overwrites) the gradients of Q, K and V.
///
/// dP = dO·Vᵀ, dV = Pᵀ·dO, dS = P ⊙ (dP − rowsum(P ⊙ dP)) / √D, dQ = dS·K, dK = dSᵀ·Q.
///
/// - Parameters:
///   - dQKV: [B·T×3C] gradient w.r.t. `qkv` (rotated Q and K), overwritten.
///   - dProbabilities: [B×H×T×T] scratch.
///   - dOutput: [B·T×C] incoming gradient; qkv, probabilities: from the forward pass.
/// - Complexity: O(B·H·T²·D).
public func attentionBackward(dQKV: FloatSlice, dProbabilities: FloatSlice, dOutput: FloatSlice,
                              qkv: FloatSlice, probabilities: FloatSlice,
                              batch B: Int, sequenceLength T: Int, channels C: Int, heads H: Int,
                              threads: Int = 1) {
    let D = C / H
    dQKV.require(B * T * 3 * C, "attention dQKV"); dOutput.require(B * T * C, "attention dOutput")
    dProbabilities.require(B * H * T * T, "attention dProbabilities")
    qkv.require(B * T * 3 * C, "attention qkv"); probabilities.require(B * H * T * T, "attention probabilities")
    let dq = dQKV.pointer, dAtt = dProbabilities.pointer, dOut = dOutput.pointer
    let q = qkv.pointer, att = probabilities.pointer
    let scale = 1 / Float(D).squareRoot()
    layerParallel(B * H, threads: threads) { pairs in
        for pair in pairs {
            let b = pair / H, h = pair % H
            let query = q + b * T * 3 * C + h * D, key = query + C, value = query + 2 * C
            let dQuery = dq + b * T * 3 * C + h * D, dKey = dQuery + C, dValue = dQuery + 2 * C
            let dO = dOut + b * T * C + h * D
            let p = att + pair * T * T, dp = dAtt + pair * T * T
            gemm(transposeA: false, transposeB: true, m: T, n: T, k: D,
                 a: dO, lda: C, b: value, ldb: 3 * C, c: dp, ldc: T, threads: 1)
            gemm(transposeA: true, transposeB: false, m: T, n: D, k: T,
                 a: p, lda: T, b: dO, ldb: C, c: dValue, ldc: 3 * C, threads: 1)
            for t in 0..<T {
                let pRow = p + t * T, dRow = dp + t * T
                let valid = t + 1
                let inner = vectorDot(pRow, dRow, valid)
                var j = 0
                while j + layerLanes <= valid {
                    let pv = loadVector(pRow + j)
                    storeVector(pv * (loadVector(dRow + j) - inner) * scale, dRow + j)
                    j += layerLanes
                }
                while j < valid { dRow[j] = pRow[j] * (dRow[j] - inner) * scale; j += 1 }
                if T > valid { (dRow + valid).update(repeating: 0, count: T - valid) }
            }
            gemm(transposeA: false, transposeB: false, m: T, n: D, k: T,
                 a: dp, lda: T, b: key, ldb: 3 * C, c: dQuery, ldc: 3 * C, threads: 1)
            gemm(transposeA: true, transposeB: false, m: T, n: D, k: T,
                 a: dp, lda: T, b: query, ldb: 3 * C, c: dKey, ldc: 3 * C, threads: 1)
        }
    }
}

/// Attention of `n` new positions over a key/value cache (inference: prefill and decode).
///
/// The new rows sit at positions start..<start+n, and their keys and values must already be
/// in the cache; row i attends to cache positions 0...start+i.
///
/// - Parameters:
///   - output: [n×C] attention output.
///   - scores: [H×n×(start+n)] scratch.
///   - queries: [n×queryStride] rotated queries in columns 0..<C.
///   - keys, values: [(start+n)×C] this layer's cache.
/// - Complexity: O(H·n·(start+n)·D).
public func cachedAttentionForward(output: FloatSlice, scores: FloatSlice, queries: FloatSlice,
                                   queryStride: Int, keys: FloatSlice, values: FloatSlice,
                                   newPositions n: Int, startPosition start: Int,
                                   channels C: Int, heads H: Int) {
    let D = C / H, total = start + n
    output.require(n * C, "cached attention output"); scores.require(H * n * total, "cached attention scores")
    queries.require((n - 1) * queryStride + C, "cached attention queries")
    keys.require(total * C, "cached attention keys"); values.require(total * C, "cached attention values")
    let scale = 1 / Float(D).squareRoot()
    if n == 1 {
        // A decode step: one query row per head. Plain SIMD dot products and axpys over the
        // cache; as 1-row GEMMs the packing and edge tiles cost more than the arithmetic.
        for h in 0..<H {
            let q = queries.pointer + h * D, s = scores.pointer + h * total, out = output.pointer + h * D
            for j in 0..<total { s[j] = vectorDot(q, keys.pointer + j * C + h * D, D) }
            causalSoftmaxRow(s, valid: total, width: total, scale: scale)
            out.update(repeating: 0, count: D)
            for j in 0..<total { vectorAxpy(s[j], values.pointer + j * C + h * D, out, D) }
        }
        return
    }
    for h in 0..<H {
        let s = scores.pointer + h * n * total
        gemm(transposeA: false, transposeB: true, m: n, n: total, k: D,
             a: queries.pointer + h * D, lda: queryStride, b: keys.pointer + h * D, ldb: C, c: s, ldc: total, threads: 1)
        for i in 0..<n { causalSoftmaxRow(s + i * total, valid: start + i + 1, width: total, scale: scale) }
        gemm(transposeA: false, transposeB: false, m: n, n: D, k: total,
             a: s, lda: total, b: values.pointer + h * D, ldb: C, c: output.pointer + h * D, ldc: C, threads: 1)
    }
}
