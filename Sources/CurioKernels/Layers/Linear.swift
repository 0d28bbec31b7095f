// Bias-free linear layers, y = x·Wᵀ with W stored [out×in] (PyTorch's convention, so a
// checkpoint's tensors read the same in numpy), expressed as `gemm` calls on slices.
//
// Dimensions: N rows, I input features, O output features.

/// y = x·Wᵀ (or y += x·Wᵀ when `accumulate`).
///
/// - Parameters:
///   - output: [N×O]; input: [N×I]; weight: [O×I].
/// - Complexity: O(N·I·O).
public func linearForward(output: FloatSlice, input: FloatSlice, weight: FloatSlice,
                          rows N: Int, inputs I: Int, outputs O: Int,
                          accumulate: Bool = false, threads: Int = 1) {
    guard N > 0 else { return }
    output.require(N * O, "linear output"); input.require(N * I, "linear input")
    weight.require(O * I, "linear weight")
    gemm(transposeA: false, transposeB: true, m: N, n: O, k: I,
         a: input.pointer, lda: I, b: weight.pointer, ldb: I, c: output.pointer, ldc: O,
         accumulate: accumulate, threads: threads)
}

/// Backward of `linearForward`: dx = dy·W (overwritten, or accumulated when
/// `accumulateInput`), dW += dyᵀ·x (always accumulated, so gradients of a weight used at
/// several places, like the tied embedding, add up).
///
/// - Parameters:
///   - dInput: [N×I] or nil when the input needs no gradient; dWeight: [O×I].
///   - dOutput: [N×O]; input: [N×I]; weight: [O×I].
/// - Complexity: O(N·I·O).
public func linearBackward(dInput: FloatSlice?, dWeight: FloatSlice, dOutput: FloatSlice,
                           input: FloatSlice, weight: FloatSlice,
                           rows N: Int, inputs I: Int, outputs O: Int,
                           accumulateInput: Bool = false, threads: Int = 1) {
    guard N > 0 else { return }
    dOutput.require(N * O, "linear dOutput"); input.require(N * I, "linear input")
    weight.require(O * I, "linear weight"); dWeight.require(O * I, "linear dWeight")
    if let dInput {
        dInput.require(N * I, "linear dInput")
        gemm(transposeA: false, transposeB: false, m: N, n: I, k: O,
             a: dOutput.pointer, lda: O, b: weight.pointer, ldb: I, c: dInput.pointer, ldc: I,
             accumulate: accumulateInput, threads: threads)
    }
    gemm(transposeA: true, transposeB: false, m: O, n: I, k: N,
         a: dOutput.pointer, lda: O, b: input.pointer, ldb: I, c: dWeight.pointer, ldc: I,
         accumulate: true, threads: threads)
}

/// y = W·x for one input row: the decode-time matrix–vector product.
///
/// Four weight rows share each load of x; decoding is bound by streaming W from memory
/// (perf-notes), so this runs on one thread. (The kernels' generic `matVec` measured ~100x
/// slower in `swift test`'s debug build, where its SIMD loads went through an unspecialised
/// generic `loadUnaligned`; this concrete SIMD16 version does not depend on that.)
///
/// When the weights are not expected in cache (`streaming`: a model larger than L3 streams
/// them from memory every step), rows are read one after another, one sequential stream the
/// hardware prefetcher keeps ahead of; four interleaved row streams ran 2.6x slower there
/// (d_model 256, vocabulary 16,384: 320 against 860 tokens/s of matrix–vector products),
/// while from cache the four-row loop is ~15% faster. Each row is summed in the same order
/// either way, so both give bit-for-bit the same output.
///
/// - Parameters:
///   - output: [O] (overwritten, or accumulated when `accumulate`); input: [I]; weight: [O×I].
/// - Complexity: O(I·O).
public func linearRowForward(output: FloatSlice, input: FloatSlice, weight: FloatSlice,
                             inputs I: Int, outputs O: Int, accumulate: Bool = false, streaming: Bool = false) {
    output.require(O, "linearRow output"); input.require(I, "linearRow input")
    weight.require(O * I, "linearRow weight")
    let x = input.pointer, w = weight.pointer, y = output.pointer
    var o = 0
    if streaming {
        // The four-row loop's arithmetic, one row at a time.
        let grouped = O & ~3
        while o < grouped {
            let row = w + o * I
            var a = LayerVector(), i = 0
            while i + layerLanes <= I { a.addProduct(loadVector(row + i), loadVector(x + i)); i += layerLanes }
            var s = a.sum()
            while i < I { s += row[i] * x[i]; i += 1 }
            y[o] = accumulate ? y[o] + s : s
            o += 1
        }
    }
    while o + 4 <= O {
        let w0 = w + o * I, w1 = w0 + I, w2 = w1 + I, w3 = w2 + I
        var a0 = LayerVector(), a1 = LayerVector(), a2 = LayerVector(), a3 = LayerVector(), i = 0
        while i + layerLanes <= I {
            let xv = loadVector(x + i)
            a0.addProduct(loadVector(w0 + i), xv); a1.addProduct(loadVector(w1 + i), xv)
            a2.addProduct(loadVector(w2 + i), xv); a3.addProduct(loadVector(w3 + i), xv)
            i += layerLanes
        }
        var s0 = a0.sum(), s1 = a1.sum(), s2 = a2.sum(), s3 = a3.sum()
        while i < I { s0 += w0[i] * x[i]; s1 += w1[i] * x[i]; s2 += w2[i] * x[i]; s3 += w3[i] * x[i]; i += 1 }
        if accumulate { y[o] += s0; y[o + 1] += s1; y[o + 2] += s2; y[o + 3] += s3 } else {
            y[o] = s0; y[o + 1] = s1; y[o + 2] = s2; y[o + 3] = s3
        }
        o += 4
    }
    while o < O {
        let s = vectorDot(w + o * I, x, I)
        y[o] = accumulate ? y[o] + s : s
        o += 1
    }
}
