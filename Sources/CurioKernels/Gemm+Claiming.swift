// Two threads on a small product: chunks of C claimed as the threads arrive.
//
// A 256×256×256 product takes about 400 µs on one core, so an even split gives each
// thread 200 µs — and in a `concurrentPerform` the second thread measured 25-35 µs late to
// start (it has to be woken), the caller's own part ~10 µs late, and the caller ~25 µs
// late to learn that the other had finished: two threads gave only ~1.45×
// (docs/benchmarks.md). Here the cut dimension is split into small chunks that the
// threads claim as they arrive (`Parallelism.runSharing`), so a late helper simply does
// fewer; each thread packs the operand every chunk shares (the whole of it: one depth
// block) once, on its first claim, and only the chunk's own slice of the other operand
// per chunk. (One shared packed copy, packed by whoever came first, measured slower:
// 1.58× and 1.53× against 1.59× and 1.64× for NN and TT — the late thread then reads it
// from the other core's cache.)

extension GemmProblem {
    /// Whether `runClaiming` can compute this product: one depth block (so every element
    /// of C is finished by the one chunk that holds it, with nothing to accumulate later).
    var fitsOneDepthBlock: Bool { k <= gemmKC }

    /// Computes the chunks of C it claims through `claim` (indices into `chunks`, nil
    /// when none are left): column ranges of all m rows when `alongColumns`, else row
    /// ranges of all n columns.
    ///
    /// The tiles are the ones `run(rows:cols:)` uses (chunk bounds are multiples of the
    /// micro-tile), so C is bit-for-bit the same whichever thread computes which chunk.
    /// - Complexity: O(m·n·k) over all threads; the shared operand is packed once per
    ///   thread that claims anything.
    func runClaiming(m: Int, n: Int, chunks: [Range<Int>], alongColumns: Bool, claim: () -> Int?) {
        precondition(fitsOneDepthBlock, "runClaiming needs k ≤ kc (one depth block)")
        guard var index = claim() else { return }
        let largest = chunks.map(\.count).max() ?? 0
        // The shared operand whole, the other one chunk at a time.
        let aFloats = roundUp(k * roundUp(alongColumns ? m : largest, gemmMR), 16)
        let bFloats = k * roundUp(alongColumns ? largest : n, gemmNR)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: (aFloats + bFloats) * 4, alignment: 64)
        defer { raw.deallocate() }
        let packedA = raw.bindMemory(to: Float.self, capacity: aFloats + bFloats)
        let packedB = packedA + aFloats
        if alongColumns {
            gemmPackA(transposed: transposeA, a: a, lda: lda, rows: 0..<m, depth: 0..<k, into: packedA)
        } else {
            gemmPackB(transposed: transposeB, b: b, ldb: ldb, cols: 0..<n, depth: 0..<k, into: packedB)
        }
        while true {
            let chunk = chunks[index]
            if alongColumns {
                gemmPackB(transposed: transposeB, b: b, ldb: ldb, cols: chunk, depth: 0..<k, into: packedB)
                multiply(mc: m, nc: chunk.count, kc: k, packedA: packedA, packedB: packedB,
                         c: c + chunk.lowerBound, first: true)
            } else {
                gemmPackA(transposed: transposeA, a: a, lda: lda, rows: chunk, depth: 0..<k, into: packedA)
                multiply(mc: chunk.count, nc: n, kc: k, packedA: packedA, packedB: packedB,
                         c: c + chunk.lowerBound * ldc, first: true)
            }
            guard let next = claim() else { return }
            index = next
        }
    }
}
