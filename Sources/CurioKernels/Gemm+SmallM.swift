// GEMM with one or two rows of C: decoding-time products, done without packing.
//
// Packing B costs about one cycle per element of B and the 6-row micro-kernel would
// waste 4-5 of its 6 rows, so for m ≤ 2 the product runs straight from the operands:
// with a transposed B (weights stored n×k, y = W·x) each row of C is a matrix-vector
// product; otherwise each row of C is a sum of k scaled rows of B. Either way B is read
// once per row of C, at streaming speed, on the caller's thread (perf-notes: threading
// a matrix-vector product made it slower).

/// Rows of C up to which `gemm` skips packing.
let gemmSmallM = 2

/// C[m×n] (=|+=) op(A)[m×k] · op(B)[k×n] for m ≤ `gemmSmallM`, without packing.
///
/// - Complexity: O(m·n·k).
func gemmSmallRows(
    transposeA: Bool, transposeB: Bool,
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool
) {
    withUnsafeTemporaryAllocation(of: Float.self, capacity: k) { scratch in
        for i in 0..<m {
            // Row i of op(A), contiguous.
            let x: UnsafePointer<Float>
            if transposeA {
                for p in 0..<k { scratch[p] = a[p * lda + i] }
                x = UnsafePointer(scratch.baseAddress!)
            } else {
                x = a + i * lda
            }
            let row = c + i * ldc
            if transposeB {
                matVecRows(FloatWeights.self, count: n, cols: k, x: x, y: row, accumulate: accumulate) {
                    b + $0 * ldb
                }
            } else {
                if !accumulate { row.update(repeating: 0, count: n) }
                addScaledRows(x: x, k: k, b: b, ldb: ldb, n: n, into: row)
            }
        }
    }
}

/// row[n] += Σ_p x[p] · B[p, :], four rows of B per pass over `row`, then the
/// remaining rows one at a time (never padded with zero-scaled rows: 0 · ∞ is NaN).
@inline(__always)
private func addScaledRows(
    x: UnsafePointer<Float>, k: Int,
    b: UnsafePointer<Float>, ldb: Int,   // [k][ldb]
    n: Int, into row: UnsafeMutablePointer<Float>
) {
    typealias V = SIMD8<Float>
    let vectorN = n & ~7
    var p = 0
    while p + 4 <= k {
        let s0 = V(repeating: x[p]), s1 = V(repeating: x[p + 1])
        let s2 = V(repeating: x[p + 2]), s3 = V(repeating: x[p + 3])
        let b0 = b + p * ldb, b1 = b0 + ldb, b2 = b0 + 2 * ldb, b3 = b0 + 3 * ldb
        var j = 0
        while j < vectorN {
            var acc = V.load(row + j)
            acc.addProduct(s0, .load(b0 + j))
            acc.addProduct(s1, .load(b1 + j))
            acc.addProduct(s2, .load(b2 + j))
            acc.addProduct(s3, .load(b3 + j))
            acc.store(to: row + j)
            j += 8
        }
        while j < n {
            row[j] = row[j].addingProduct(s0[0], b0[j]).addingProduct(s1[0], b1[j])
                .addingProduct(s2[0], b2[j]).addingProduct(s3[0], b3[j])
            j += 1
        }
        p += 4
    }
    while p < k {
        let s0 = V(repeating: x[p])
        let b0 = b + p * ldb
        var j = 0
        while j < vectorN {
            var acc = V.load(row + j)
            acc.addProduct(s0, .load(b0 + j))
            acc.store(to: row + j)
            j += 8
        }
        while j < n {
            row[j] = row[j].addingProduct(s0[0], b0[j])
            j += 1
        }
        p += 1
    }
}
