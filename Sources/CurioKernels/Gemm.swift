// Matrix multiplication, the workhorse of training and prefill.
// Shapes are row-major; `ld*` is the distance between consecutive rows.
//
// The algorithm is the BLIS/GotoBLAS layering (Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", ACM TOMS 2008): C is cut into column blocks
// of `nc`, depth blocks of `kc` and row blocks of `mc`; a kc×nc block of B and an mc×kc
// block of A are packed into panel layouts (absorbing any transpose), and a 6x16
// (AVX2) or 6x32 (AVX-512) register-blocked micro-kernel sweeps the packed panels. The pieces live in
// Gemm+Packing.swift, Gemm+MicroKernel.swift and Gemm+Blocking.swift.

/// C[m×n] = op(A)[m×k] · op(B)[k×n], or C += … when `accumulate` is true.
///
/// `op(A)` is A itself (stored m×k) or, when `transposeA`, Aᵀ with A stored k×m;
/// likewise for B (stored k×n, or n×k when `transposeB`). Training needs all three
/// variants: A·B forward, A·Bᵀ for input gradients, Aᵀ·B for weight gradients.
///
/// Products with one or two rows of C (decoding) skip packing and run on the caller's
/// thread (Gemm+SmallM.swift). `threads` is an upper bound: products too small to repay a hand-off to another
/// thread (see `gemmThreadCount`) run on the caller's thread, and the work is split
/// into equal slices of C, one per thread, each packing its own panels (no barrier,
/// no spinning). Pass 1 to stay on the caller's thread, for instance inside another
/// parallel region. The result does not depend on `threads`: each element of C is
/// summed in the same order either way.
///
/// When `k == 0`, C is zeroed (or left as is when `accumulate`). C must not overlap
/// A or B. Leading dimensions must be at least the stored row lengths.
///
/// - Complexity: O(m·n·k) time; O(kc·(nc + mc)) scratch per thread.
public func gemm(
    transposeA: Bool, transposeB: Bool,
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool = false, threads: Int = Parallelism.defaultThreads
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative dimension m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transposeA ? m : k), "gemm: lda=\(lda) is shorter than a row of A")
    precondition(ldb >= max(1, transposeB ? k : n), "gemm: ldb=\(ldb) is shorter than a row of B")
    precondition(ldc >= max(1, n), "gemm: ldc=\(ldc) is shorter than a row of C (n=\(n))")
    if m == 0 || n == 0 { return }
    if k == 0 {
        if !accumulate {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
        }
        return
    }

    if m <= gemmSmallM {
        gemmSmallRows(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                      a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
        return
    }
    let problem = GemmProblem(
        transposeA: transposeA, transposeB: transposeB, k: k,
        a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
    let count = gemmThreadCount(m: m, n: n, k: k, threads: threads)
    if count == 1 {
        problem.run(rows: 0..<m, cols: 0..<n)
        return
    }
    // Slice C along its longer side: each thread packs all of the other operand's
    // shared dimension, so cutting the long side duplicates the smaller packing.
    let alongColumns = n >= m
    if problem.fitsOneDepthBlock, m * n * k <= gemmClaimingLimit {
        // Small: chunks claimed as the threads arrive (Gemm+Claiming.swift).
        let total = alongColumns ? n : m, granule = alongColumns ? gemmNR : gemmMR
        let chunks = Parallelism.partition(total, parts: max(count, min(gemmClaimingChunks, total / granule)),
                                           granule: granule)
        Parallelism.runSharing(chunks: chunks.count, threads: count) { claim in
            problem.runClaiming(m: m, n: n, chunks: chunks, alongColumns: alongColumns, claim: claim)
        }
        return
    }
    if alongColumns {
        let slices = Parallelism.partition(n, parts: count, granule: gemmNR)
        Parallelism.run(count) { t in problem.run(rows: 0..<m, cols: slices[t]) }
    } else {
        let slices = Parallelism.partition(m, parts: count, granule: gemmMR)
        Parallelism.run(count) { t in problem.run(rows: slices[t], cols: 0..<n) }
    }
}

/// Products of at most this many multiply-adds (with one depth block) are split into
/// claimed chunks rather than fixed slices: up to ~2 ms of work, where a thread's late
/// start is a large share of its slice.
let gemmClaimingLimit = 1 << 26
/// How many chunks a claimed product is cut into.
let gemmClaimingChunks = 16

/// How many threads a product of this size should use, at most `threads`.
///
/// A hand-off through `concurrentPerform` costs a few microseconds, and each slice
/// repacks the shared operand, so a slice needs about 2²¹ multiply-adds (≈ 10 µs at
/// the single-core ceiling) and at least one micro-tile along the cut dimension.
///
/// - Complexity: O(1).
public func gemmThreadCount(m: Int, n: Int, k: Int, threads: Int) -> Int {
    let minWorkPerThread = 1 << 21
    let work = m * n * k
    let byWork = max(1, work / minWorkPerThread)
    let byShape = n >= m ? max(1, n / gemmNR) : max(1, m / gemmMR)
    return max(1, min(threads, byWork, byShape))
}
