// Cache blocking for GEMM: the loops around the micro-kernel.
//
// Classic loop order (outermost first) and where each packed block lives on a Zen 4/5
// core (32-48 KiB L1d, 1 MiB L2, 32 MiB shared L3); see `run` for the variant with B
// packed whole:
//   jc: columns of C in blocks of nc      B block kc×nc packed once, stays in L2/L3
//   pc: depth in blocks of kc             the first pass writes C, later ones add
//   ic: rows of C in blocks of mc         A block mc×kc packed, stays in L2
//   jr: NR-column panels of the B block   one B panel (kc×NR, 16-32 KiB) stays in L1
//   ir: 6-row panels of the A block       streamed from L2 into the micro-kernel

/// Depth of a packed block: a B panel of kc×NR floats (16 KiB on AVX2, 32 KiB on
/// AVX-512) fits L1 with room for the A panel streaming past it.
let gemmKC = 256
/// Rows of a packed A block (a multiple of 6): 144×256 floats is 144 KiB of L2.
let gemmMC = 144
/// Columns of a packed B block (a multiple of NR): 256×4096 floats is 4 MiB of L3.
let gemmNC = 4096
/// The most floats of op(B) packed whole (all depth blocks at once): 4 MiB, in L3.
let gemmWholeBLimit = 1 << 20

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

    /// Computes C[rows, cols] on the calling thread, with its own packing buffers.
    ///
    /// When all of op(B)'s columns in `cols` fit one packed buffer (`gemmWholeBLimit`),
    /// B is packed once and the depth loop runs inside the row-block loop, so each
    /// mc×n block of C stays in L2 across its depth passes instead of going back to
    /// L3 between them (a 4096×256 C is 4 MiB). Otherwise the classic order runs.
    ///
    /// - Complexity: O(rows.count · cols.count · k).
    func run(rows: Range<Int>, cols: Range<Int>) {
        if rows.isEmpty || cols.isEmpty { return }
        let kcMax = min(k, gemmKC)
        let mcMax = min(roundUp(rows.count, gemmMR), gemmMC)
        let wholeB = k * roundUp(cols.count, gemmNR) <= gemmWholeBLimit
        let bFloats = wholeB ? k * roundUp(cols.count, gemmNR) : kcMax * min(roundUp(cols.count, gemmNR), gemmNC)
        // The B buffer starts on a 64-byte boundary, like the A block.
        let aFloats = roundUp(kcMax * mcMax, 16)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: (aFloats + bFloats) * 4, alignment: 64)
        defer { raw.deallocate() }
        let packedA = raw.bindMemory(to: Float.self, capacity: aFloats + bFloats)  // [mc/6][6·kc]
        let packedB = packedA + aFloats  // per depth block: [nc/NR][kc·NR]

        if wholeB {
            let nc = cols.count
            let depthBlockFloats = kcMax * roundUp(nc, gemmNR)
            for pc in stride(from: 0, to: k, by: gemmKC) {
                gemmPackB(transposed: transposeB, b: b, ldb: ldb, cols: cols,
                          depth: pc..<min(k, pc + gemmKC), into: packedB + (pc / gemmKC) * depthBlockFloats)
            }
            for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: gemmMC) {
                let mc = min(gemmMC, rows.upperBound - ic)
                for pc in stride(from: 0, to: k, by: gemmKC) {
                    let kc = min(gemmKC, k - pc)
                    block(ic: ic, mc: mc, jc: cols.lowerBound, nc: nc, pc: pc, kc: kc, packedA: packedA,
                          packedB: packedB + (pc / gemmKC) * depthBlockFloats)
                }
            }
            return
        }
        for jc in stride(from: cols.lowerBound, to: cols.upperBound, by: gemmNC) {
            let nc = min(gemmNC, cols.upperBound - jc)
            for pc in stride(from: 0, to: k, by: gemmKC) {
                let kc = min(gemmKC, k - pc)
                gemmPackB(transposed: transposeB, b: b, ldb: ldb,
                          cols: jc..<(jc + nc), depth: pc..<(pc + kc), into: packedB)
                for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: gemmMC) {
                    let mc = min(gemmMC, rows.upperBound - ic)
                    block(ic: ic, mc: mc, jc: jc, nc: nc, pc: pc, kc: kc, packedA: packedA, packedB: packedB)
                }
            }
        }
    }

    /// Packs one mc×kc block of A and multiplies it by the packed kc×nc block of B
    /// into C[ic..<ic+mc, jc..<jc+nc]; the first depth block writes C, later ones add.
    @inline(__always)
    func block(ic: Int, mc: Int, jc: Int, nc: Int, pc: Int, kc: Int,
               packedA: UnsafeMutablePointer<Float>, packedB: UnsafePointer<Float>) {
        gemmPackA(transposed: transposeA, a: a, lda: lda,
                  rows: ic..<(ic + mc), depth: pc..<(pc + kc), into: packedA)
        let cBlock = c + ic * ldc + jc
        let addToC = accumulate || pc > 0
        if transposeA {
            gemmMacroKernel(mc: mc, nc: nc, kc: kc, a: packedA, aRowStride: 1, aKStride: gemmMR,
                            b: packedB, c: cBlock, ldc: ldc, accumulate: addToC)
        } else {
            gemmMacroKernel(mc: mc, nc: nc, kc: kc, a: packedA, aRowStride: kc, aKStride: 1,
                            b: packedB, c: cBlock, ldc: ldc, accumulate: addToC)
        }
    }
}

/// Sweeps the micro-kernel over one packed A block and one packed B block.
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
    accumulate: Bool
) {
    for jr in stride(from: 0, to: nc, by: gemmNR) {
        let nr = min(gemmNR, nc - jr)
        let bPanel = b + jr * kc
        for ir in stride(from: 0, to: mc, by: gemmMR) {
            let mr = min(gemmMR, mc - ir)
            let aPanel = a + ir * kc
            let cTile = c + ir * ldc + jr
            if mr == gemmMR && nr == gemmNR {
                gemmMicroKernel(kc: kc, a: aPanel, aRowStride: aRowStride, aKStride: aKStride,
                                b: bPanel, c: cTile, ldc: ldc, accumulate: accumulate)
            } else {
                gemmEdgeKernel(kc: kc, mr: mr, nr: nr, a: aPanel, aRowStride: aRowStride,
                               aKStride: aKStride, b: bPanel, c: cTile, ldc: ldc,
                               accumulate: accumulate)
            }
        }
    }
}

@inline(__always)
func roundUp(_ value: Int, _ multiple: Int) -> Int {
    (value + multiple - 1) / multiple * multiple
}
