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

/// y = W·x for one input row: the decode-time matrix–vector product, through the
/// kernels' `matVec` (one thread; decoding is bound by streaming W, perf-notes).
///
/// - Parameters:
///   - output: [O] (overwritten, or accumulated when `accumulate`); input: [I]; weight: [O×I].
/// - Complexity: O(I·O).
public func linearRowForward(output: FloatSlice, input: FloatSlice, weight: FloatSlice,
                             inputs I: Int, outputs O: Int, accumulate: Bool = false) {
    output.require(O, "linearRow output"); input.require(I, "linearRow input")
    weight.require(O * I, "linearRow weight")
    matVec(rows: O, cols: I, w: weight.pointer, ldw: I, x: input.pointer, y: output.pointer, accumulate: accumulate)
}
