import CurioKernels
import Dispatch

// Dense symmetric positive-definite inversion for EASE: blocked Cholesky, blocked
// triangular inverse, then P = L⁻ᵀ·L⁻¹, each with its O(n³) work in `gemm` calls
// (Golub & Van Loan, "Matrix Computations", 4th ed., §4.2.9 and §3.2.11; the same split
// as LAPACK's potrf/trtri/lauum). All matrices are row-major n×n with leading
// dimension n. Block rows or block columns that do not depend on each other run on
// both cores. This file holds all of CurioEvaluation's pointer arithmetic.
//
// Shapes: n = matrix order, nb = block size, s = size of one block (≤ nb).

/// Inverts a symmetric positive-definite matrix in place.
///
/// `a` must hold all n×n entries of a symmetric matrix (both triangles); on return it
/// holds all entries of its inverse. Works in float32 with float64 accumulation in the
/// small diagonal-block factorisations, which is ample for a well-regularised Gram
/// matrix such as EASE's XᵀX + λI.
///
/// - Throws: `EvaluationError.notPositiveDefinite` naming the first failing pivot.
/// - Complexity: O(n³) time (about n³ multiply-adds in total: n³/3 each for the
///   factorisation, the triangular inverse and the product), O(n²) extra memory.
public func invertSymmetricPositiveDefinite(_ a: inout [Float], n: Int, blockSize: Int = 192) throws {
    precondition(a.count == n * n, "matrix must hold n*n entries")
    guard n > 0 else { return }
    let nb = max(1, min(blockSize, n))
    let blocks = (n + nb - 1) / nb
    // Per diagonal block, the inverse of its Cholesky factor (s×s, lower), at k·nb·nb.
    var diagonalInverses = [Float](repeating: 0, count: blocks * nb * nb)
    var w = [Float](repeating: 0, count: n * n)   // [n, n] L⁻¹, lower
    try a.withUnsafeMutableBufferPointer { aBuffer in
        try diagonalInverses.withUnsafeMutableBufferPointer { dBuffer in
            try w.withUnsafeMutableBufferPointer { wBuffer in
                let layout = BlockLayout(n: n, nb: nb, blocks: blocks)
                let a = SharedPointer(aBuffer.baseAddress!)
                let d = SharedPointer(dBuffer.baseAddress!)
                let w = SharedPointer(wBuffer.baseAddress!)
                try choleskyFactor(a, d, layout)
                triangularInverse(a, d, w, layout)
                productOfInverseFactors(a, w, layout)
            }
        }
    }
}

/// Block geometry shared by the three stages.
struct BlockLayout: Sendable {
    let n: Int, nb: Int, blocks: Int
    func start(_ b: Int) -> Int { b * nb }
    func size(_ b: Int) -> Int { min(nb, n - b * nb) }
}

/// Right-looking blocked Cholesky A = L·Lᵀ. L overwrites A's lower triangle; the
/// strictly upper part of each panel's row band receives −Lᵀ so that the trailing
/// update is a plain accumulate-GEMM without transposes. Stores inv(L_kk) in `d`.
private func choleskyFactor(_ a: SharedPointer<Float>, _ d: SharedPointer<Float>,
                            _ layout: BlockLayout) throws {
    let n = layout.n
    for k in 0..<layout.blocks {
        let o = layout.start(k), s = layout.size(k)
        let diagonal = a.base + o * n + o
        try factorDiagonalBlock(diagonal, n: n, s: s, offset: o)
        let inverse = d.base + k * layout.nb * layout.nb   // [s, s] inv(L_kk), ld s
        invertLowerTriangle(diagonal, ld: n, s: s, into: inverse)
        // U = inv(L_kk)ᵀ, so that the panel solve L_ik = A_ik·inv(L_kk)ᵀ is A_ik·U.
        var upper = [Float](repeating: 0, count: s * s)
        for i in 0..<s { for j in 0...i { upper[j * s + i] = inverse[i * s + j] } }
        let below = Array((k + 1)..<layout.blocks)
        upper.withUnsafeBufferPointer { u in
            let u = SharedPointer(UnsafeMutablePointer(mutating: u.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: below.count) { t in
                let r = layout.start(below[t]), m = layout.size(below[t])
                let panel = a.base + r * n + o
                var copy = [Float](repeating: 0, count: m * s)   // [m, s] A_ik before the solve
                for i in 0..<m { for j in 0..<s { copy[i * s + j] = panel[i * n + j] } }
                copy.withUnsafeBufferPointer { c in
                    gemm(transposeA: false, transposeB: false, m: m, n: s, k: s,
                         a: c.baseAddress!, lda: s, b: UnsafePointer(u.base), ldb: s,
                         c: panel, ldc: n, threads: 1)
                }
                // −L_ikᵀ into the upper band (rows o..<o+s, columns r..<r+m).
                for i in 0..<m { for j in 0..<s { a.base[(o + j) * n + r + i] = -panel[i * n + j] } }
            }
        }
        // Trailing update of the lower triangle: A[I, k+1 ... I] += L_Ik · (−L_{k+1...I,k}ᵀ).
        DispatchQueue.concurrentPerform(iterations: below.count) { t in
            let block = below[t]
            let r = layout.start(block), m = layout.size(block)
            let first = o + s, width = r + m - first
            gemm(transposeA: false, transposeB: false, m: m, n: width, k: s,
                 a: UnsafePointer(a.base + r * n + o), lda: n,
                 b: UnsafePointer(a.base + o * n + first), ldb: n,
                 c: a.base + r * n + first, ldc: n, accumulate: true, threads: 1)
        }
    }
}

/// Unblocked Cholesky of one s×s diagonal block (already updated), lower triangle.
private func factorDiagonalBlock(_ block: UnsafeMutablePointer<Float>, n: Int, s: Int,
                                 offset: Int) throws {
    for j in 0..<s {
        var pivot = Double(block[j * n + j])
        for p in 0..<j { pivot -= Double(block[j * n + p]) * Double(block[j * n + p]) }
        guard pivot > 0, pivot.isFinite else {
            throw EvaluationError.notPositiveDefinite(column: offset + j)
        }
        let root = pivot.squareRoot()
        block[j * n + j] = Float(root)
        for i in (j + 1)..<max(j + 1, s) {
            var sum = Double(block[i * n + j])
            for p in 0..<j { sum -= Double(block[i * n + p]) * Double(block[j * n + p]) }
            block[i * n + j] = Float(sum / root)
        }
    }
}

/// Inverse of an s×s lower-triangular matrix by forward substitution, column by column.
private func invertLowerTriangle(_ l: UnsafeMutablePointer<Float>, ld: Int, s: Int,
                                 into x: UnsafeMutablePointer<Float>) {
    for j in 0..<s {
        x[j * s + j] = 1 / l[j * ld + j]
        for i in (j + 1)..<max(j + 1, s) {
            var sum = 0.0
            for p in j..<i { sum += Double(l[i * ld + p]) * Double(x[p * s + j]) }
            x[i * s + j] = Float(-sum / Double(l[i * ld + i]))
        }
    }
}

/// W = L⁻¹, block column by block column (they are independent):
/// W_JJ = inv(L_JJ), W_IJ = −inv(L_II) · Σ_{K=J}^{I−1} L_IK·W_KJ for I > J.
private func triangularInverse(_ a: SharedPointer<Float>, _ d: SharedPointer<Float>,
                               _ w: SharedPointer<Float>, _ layout: BlockLayout) {
    let n = layout.n, nb = layout.nb
    DispatchQueue.concurrentPerform(iterations: layout.blocks) { column in
        let c0 = layout.start(column), sj = layout.size(column)
        let inverse = d.base + column * nb * nb
        for i in 0..<sj { for j in 0...i { w.base[(c0 + i) * n + c0 + j] = inverse[i * sj + j] } }
        var sum = [Float](repeating: 0, count: nb * sj)   // [m, sj] Σ L_IK·W_KJ
        for row in (column + 1)..<max(column + 1, layout.blocks) {
            let r0 = layout.start(row), m = layout.size(row)
            sum.withUnsafeMutableBufferPointer { t in
                gemm(transposeA: false, transposeB: false, m: m, n: sj, k: r0 - c0,
                     a: UnsafePointer(a.base + r0 * n + c0), lda: n,
                     b: UnsafePointer(w.base + c0 * n + c0), ldb: n,
                     c: t.baseAddress!, ldc: sj, threads: 1)
                let target = w.base + r0 * n + c0
                gemm(transposeA: false, transposeB: false, m: m, n: sj, k: m,
                     a: UnsafePointer(d.base + row * nb * nb), lda: m,
                     b: UnsafePointer(t.baseAddress!), ldb: sj,
                     c: target, ldc: n, threads: 1)
                for i in 0..<m { for j in 0..<sj { target[i * n + j] = -target[i * n + j] } }
            }
        }
    }
}

/// A⁻¹ = Wᵀ·W with W = L⁻¹ lower triangular. A is overwritten with V = Wᵀ (upper);
/// block row I of the result needs only V's block row I (columns ≥ I), so each block
/// row writes its lower blocks into V's unused lower part and its diagonal block last.
/// Finally the upper triangle is mirrored from the lower.
private func productOfInverseFactors(_ a: SharedPointer<Float>, _ w: SharedPointer<Float>,
                                     _ layout: BlockLayout) {
    let n = layout.n
    transpose(w, into: a, n: n)
    DispatchQueue.concurrentPerform(iterations: layout.blocks) { row in
        let r0 = layout.start(row), m = layout.size(row)
        let vRow = UnsafePointer(a.base + r0 * n + r0)      // [m, n − r0] V_I,K for K ≥ I
        let wRows = UnsafePointer(w.base + r0 * n)          // [n − r0, n] W_K,· for K ≥ I
        if r0 > 0 {
            gemm(transposeA: false, transposeB: false, m: m, n: r0, k: n - r0,
                 a: vRow, lda: n, b: wRows, ldb: n, c: a.base + r0 * n, ldc: n, threads: 1)
        }
        var diagonal = [Float](repeating: 0, count: m * m)
        diagonal.withUnsafeMutableBufferPointer { t in
            gemm(transposeA: false, transposeB: false, m: m, n: m, k: n - r0,
                 a: vRow, lda: n, b: wRows + r0, ldb: n, c: t.baseAddress!, ldc: m, threads: 1)
        }
        for i in 0..<m { for j in 0..<m { a.base[(r0 + i) * n + r0 + j] = diagonal[i * m + j] } }
    }
    // Mirror the strictly lower triangle into the upper one, in tiles for locality.
    let tile = 64
    for i0 in stride(from: 0, to: n, by: tile) {
        for j0 in stride(from: 0, to: i0 + 1, by: tile) {
            for i in i0..<min(i0 + tile, n) {
                for j in j0..<min(j0 + tile, i) { a.base[j * n + i] = a.base[i * n + j] }
            }
        }
    }
}

/// `to = fromᵀ` for n×n row-major matrices, in tiles for cache locality.
private func transpose(_ from: SharedPointer<Float>, into to: SharedPointer<Float>, n: Int) {
    let tile = 64
    for i0 in stride(from: 0, to: n, by: tile) {
        for j0 in stride(from: 0, to: n, by: tile) {
            for i in i0..<min(i0 + tile, n) {
                for j in j0..<min(j0 + tile, n) { to.base[j * n + i] = from.base[i * n + j] }
            }
        }
    }
}
