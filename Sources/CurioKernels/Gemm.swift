// Matrix multiplication, the workhorse of training and prefill.
// Shapes are row-major; `ld*` is the distance between consecutive rows.

/// C[m×n] = op(A)[m×k] · op(B)[k×n], or C += … when `accumulate` is true.
///
/// `op(A)` is A itself (stored m×k) or, when `transposeA`, Aᵀ with A stored k×m;
/// likewise for B (stored k×n, or n×k when `transposeB`). Training needs all three
/// variants: A·B forward, A·Bᵀ for input gradients, Aᵀ·B for weight gradients.
///
/// - Complexity: O(m·n·k).
public func gemm(
    transposeA: Bool, transposeB: Bool,
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool = false, threads: Int = 1
) {
    // Reference implementation: one output row at a time, axpy over B's rows.
    for i in 0..<m {
        let row = c + i * ldc
        if !accumulate { row.update(repeating: 0, count: n) }
        for p in 0..<k {
            let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
            if aip == 0 { continue }
            if transposeB {
                for j in 0..<n { row[j] += aip * b[j * ldb + p] }
            } else {
                let bRow = b + p * ldb
                for j in 0..<n { row[j] += aip * bRow[j] }
            }
        }
    }
}
