// Cache blocking for GEMM: the loops around the micro-kernel.
//
// The classic loop order (outermost first) and where each packed block lives on a
// Zen 4/5 core (32-48 KiB L1d, 1 MiB L2, 32 MiB shared L3); `GemmLoopOrder` has two
// variants for shapes where this order sends packed data or C back to L3:
//   jc: columns of C in blocks of nc      B block kc×nc packed once, stays in L2/L3
//   pc: depth in blocks of kc             the first pass writes C, later ones add
//   ic: rows of C in blocks of mc         A block mc×kc packed, stays in L2
//   jr: NR-column panels of the B block   one B panel (kc×NR, 24-32 KiB) stays in L1
//   ir: 6-row panels of the A block       streamed from L2 into the micro-kernel

#if CURIO_AVX512
/// Depth of a packed block: a B panel of kc×32 floats (32 KiB) fits a Zen 5 L1 (48 KiB)
/// with room for the A panel streaming past it.
let gemmKC = 256
#else
/// Depth of a packed block: a B panel of kc×16 floats (24 KiB) fits a 32 KiB L1 with
/// room for the A panel streaming past it. Deeper blocks mean fewer passes over C:
/// 384 measured 7% faster than 256 on 256×768×4096 and the same elsewhere.
let gemmKC = 384
#endif
/// Rows of a packed A block (a multiple of 6): 144×384 floats is 216 KiB of L2.
let gemmMC = 144
/// Columns of a packed B block (a multiple of NR): kc×4096 floats is 4-6 MiB of L3.
let gemmNC = 4096
/// The most floats of op(B) packed whole (all depth blocks at once): 4 MiB, in L3.
let gemmWholeBLimit = 1 << 20
/// The most floats of A packed at once when B is streamed panel by panel: 512 KiB,
/// half of L2 (256 rows at kc = 384 fit; 512 rows would not).
let gemmWholeALimit = 1 << 17
/// Columns of B packed together when streaming B (a multiple of NR): 8 AVX2 panels.
let gemmStreamNC = 128

/// The three loop orders around the macro-kernel; `GemmLoopOrder(rows:cols:k:)` picks.
enum GemmLoopOrder: CaseIterable {
    /// jc → pc → ic with a kc×nc B block (the GotoBLAS order above).
    case classic
    /// B packed whole (all depth blocks), then ic → pc: each mc×n block of C stays in
    /// L2 across its depth passes instead of going back to L3 between them (a 4096×256
    /// C is 4 MiB). For B of at most `gemmWholeBLimit` floats.
    case wholeB
    /// pc → all of A packed (in L2) → B `gemmStreamNC` columns at a time, packed just
    /// before use (in L2), swept row tile by row tile: packed B never travels to L3 and
    /// back. For few rows and many columns: the tied output layer, 256 × 16384. Rows
    /// outermost matters there: a row stride of 64 KiB maps every row of a C column to
    /// the same L1 and L2 set, and sweeping 256 rows down one panel evicted C lines as
    /// fast as it wrote them (70 → 77 GFLOP/s for A·Bᵀ, 75 → 81 for A·B).
    case streamingB

    /// The order for a rows×cols slice of C with depth k.
    init(rows: Int, cols: Int, k: Int) {
        if k * roundUp(cols, gemmNR) <= gemmWholeBLimit {
            self = .wholeB
        } else if roundUp(rows, gemmMR) * min(k, gemmKC) <= gemmWholeALimit {
            self = .streamingB
        } else {
            self = .classic
        }
    }
}

/// One product's operands, passed to each thread's slice of C.
///
/// Lives only for the duration of one `gemm` call; the pointers are the caller's.
struct GemmProblem: @unchecked Sendable {
    let transposeA: Bool, transposeB: Bool
    let k: Int
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>, ldb: Int
    let c: UnsafeMutablePointer<Float>, ldc: Int
    let accumulate: Bool

    /// Computes C[rows, cols] on the calling thread, with its own packing buffers, in
    /// the given loop order (by default the one `GemmLoopOrder` picks for the shape).
    ///
    /// - Complexity: O(rows.count · cols.count · k).
    func run(rows: Range<Int>, cols: Range<Int>, order: GemmLoopOrder? = nil) {
        if rows.isEmpty || cols.isEmpty { return }
        let kcMax = min(k, gemmKC)
        let order = order ?? GemmLoopOrder(rows: rows.count, cols: cols.count, k: k)
        let mcMax = order == .streamingB ? roundUp(rows.count, gemmMR) : min(roundUp(rows.count, gemmMR), gemmMC)
        // B is streamed a few panels at a time: a row-major B's source rows are then
        // read in runs of `gemmStreamNC` columns (one page visit per run), and C is
        // written in runs of as many columns, one row tile at a time.
        let streamChunk = gemmStreamNC
        let bFloats = switch order {
        case .classic: kcMax * min(roundUp(cols.count, gemmNR), gemmNC)
        case .wholeB: roundUp(k, gemmKC) / gemmKC * kcMax * roundUp(cols.count, gemmNR)
        case .streamingB: kcMax * streamChunk
        }
        // The B buffer starts on a 64-byte boundary, like the A block.
        let aFloats = roundUp(kcMax * mcMax, 16)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: (aFloats + bFloats) * 4, alignment: 64)
        defer { raw.deallocate() }
        let packedA = raw.bindMemory(to: Float.self, capacity: aFloats + bFloats)  // [mc/6][6·kc]
        let packedB = packedA + aFloats                                            // [nc/NR][kc·NR] per depth block

        switch order {
        case .classic:
            for jc in stride(from: cols.lowerBound, to: cols.upperBound, by: gemmNC) {
                let nc = min(gemmNC, cols.upperBound - jc)
                for pc in stride(from: 0, to: k, by: gemmKC) {
                    let kc = min(gemmKC, k - pc)
                    gemmPackB(transposed: transposeB, b: b, ldb: ldb,
                              cols: jc..<(jc + nc), depth: pc..<(pc + kc), into: packedB)
                    for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: gemmMC) {
                        let mc = min(gemmMC, rows.upperBound - ic)
                        gemmPackA(transposed: transposeA, a: a, lda: lda,
                                  rows: ic..<(ic + mc), depth: pc..<(pc + kc), into: packedA)
                        multiply(mc: mc, nc: nc, kc: kc, packedA: packedA, packedB: packedB,
                                 c: c + ic * ldc + jc, first: pc == 0)
                    }
                }
            }
        case .wholeB:
            let depthBlockFloats = kcMax * roundUp(cols.count, gemmNR)
            for pc in stride(from: 0, to: k, by: gemmKC) {
                gemmPackB(transposed: transposeB, b: b, ldb: ldb, cols: cols,
                          depth: pc..<min(k, pc + gemmKC), into: packedB + (pc / gemmKC) * depthBlockFloats)
            }
            for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: gemmMC) {
                let mc = min(gemmMC, rows.upperBound - ic)
                for pc in stride(from: 0, to: k, by: gemmKC) {
                    let kc = min(gemmKC, k - pc)
                    gemmPackA(transposed: transposeA, a: a, lda: lda,
                              rows: ic..<(ic + mc), depth: pc..<(pc + kc), into: packedA)
                    multiply(mc: mc, nc: cols.count, kc: kc, packedA: packedA,
                             packedB: packedB + (pc / gemmKC) * depthBlockFloats,
                             c: c + ic * ldc + cols.lowerBound, first: pc == 0)
                }
            }
        case .streamingB:
            for pc in stride(from: 0, to: k, by: gemmKC) {
                let kc = min(gemmKC, k - pc)
                gemmPackA(transposed: transposeA, a: a, lda: lda, rows: rows, depth: pc..<(pc + kc), into: packedA)
                for j0 in stride(from: cols.lowerBound, to: cols.upperBound, by: streamChunk) {
                    let nc = min(streamChunk, cols.upperBound - j0)
                    gemmPackB(transposed: transposeB, b: b, ldb: ldb, cols: j0..<(j0 + nc),
                              depth: pc..<(pc + kc), into: packedB)
                    multiply(mc: rows.count, nc: nc, kc: kc, packedA: packedA, packedB: packedB,
                             c: c + rows.lowerBound * ldc + j0, first: pc == 0, rowsOuter: true)
                }
            }
        }
    }

    /// C[mc×nc] (=|+=) packed A block · packed B block; the first depth block writes C
    /// (unless the caller asked to accumulate), later ones add.
    @inline(__always)
    func multiply(mc: Int, nc: Int, kc: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
                  c: UnsafeMutablePointer<Float>, first: Bool, rowsOuter: Bool = false) {
        let addToC = accumulate || !first
        if transposeA {
            gemmMacroKernel(mc: mc, nc: nc, kc: kc, a: packedA, aRowStride: 1, aKStride: gemmMR,
                            b: packedB, c: c, ldc: ldc, accumulate: addToC, rowsOuter: rowsOuter)
        } else {
            gemmMacroKernel(mc: mc, nc: nc, kc: kc, a: packedA, aRowStride: kc, aKStride: 1,
                            b: packedB, c: c, ldc: ldc, accumulate: addToC, rowsOuter: rowsOuter)
        }
    }
}

/// Sweeps the micro-kernel over one packed A block and one packed B block.
///
/// By default column panels are outermost, so one B panel stays in L1 while the A
/// panels stream past; `rowsOuter` keeps one A panel in L1 instead and writes C a row
/// tile at a time across the whole block (see `GemmLoopOrder.streamingB`).
///
/// - Complexity: O(mc · nc · kc).
@inline(__always)
func gemmMacroKernel(
    mc: Int, nc: Int, kc: Int,
    a: UnsafePointer<Float>,          // [mc/6][6·kc], panel layout per strides
    aRowStride: Int, aKStride: Int,
    b: UnsafePointer<Float>,          // [nc/NR][kc·NR]
    c: UnsafeMutablePointer<Float>,   // [mc][ldc]
    ldc: Int,
    accumulate: Bool,
    rowsOuter: Bool = false
) {
    @inline(__always)
    func tile(_ ir: Int, _ jr: Int) {
        let mr = min(gemmMR, mc - ir), nr = min(gemmNR, nc - jr)
        let aPanel = a + ir * kc, bPanel = b + jr * kc, cTile = c + ir * ldc + jr
        if mr == gemmMR && nr == gemmNR {
            gemmMicroKernel(kc: kc, a: aPanel, aRowStride: aRowStride, aKStride: aKStride,
                            b: bPanel, c: cTile, ldc: ldc, accumulate: accumulate)
        } else {
            gemmEdgeKernel(kc: kc, mr: mr, nr: nr, a: aPanel, aRowStride: aRowStride,
                           aKStride: aKStride, b: bPanel, c: cTile, ldc: ldc, accumulate: accumulate)
        }
    }
    if rowsOuter {
        for ir in stride(from: 0, to: mc, by: gemmMR) {
            for jr in stride(from: 0, to: nc, by: gemmNR) { tile(ir, jr) }
        }
    } else {
        for jr in stride(from: 0, to: nc, by: gemmNR) {
            for ir in stride(from: 0, to: mc, by: gemmMR) { tile(ir, jr) }
        }
    }
}

@inline(__always)
func roundUp(_ value: Int, _ multiple: Int) -> Int {
    (value + multiple - 1) / multiple * multiple
}
