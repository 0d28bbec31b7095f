// Packing: copying blocks of A and B into the panel layouts the micro-kernel streams.
//
// Packing is where the transposes are absorbed, so the micro-kernel has one shape for
// all four variants. Every packing loop here is a contiguous vector copy or a 16x16
// in-register transpose: a scalar gather costs about one cycle per element, which at
// n = 256 would add 6-12% to the whole product (the micro-kernel retires 16-32
// multiply-adds per cycle).
//
// Layouts (kc = depth of the block):
// - A, not transposed: per panel of 6 rows, the rows one after another, `[6][kc]`
//   (a straight copy of each row segment; the micro-kernel reads it with row stride kc).
// - A, transposed: per panel of 6 rows, `[kc][6]` (6 contiguous values per k in the
//   source too; the micro-kernel reads it with k stride 6).
// Sources stored with k along their rows are read one row at a time across all panels.
// - B, either way: per panel of NR columns (16 or 32), `[kc][NR]`; a transposed B goes
//   through 8x8 transposes in registers. Rows and columns past the matrix edge are zero-filled.

/// Packs rows `rows` and depth `depth` of op(A) into panels of 6 rows.
///
/// The destination holds `ceil(rows.count / 6)` panels of `6·kc` floats each.
///
/// - Complexity: O(rows.count · depth.count).
@inline(__always)
func gemmPackA(
    transposed: Bool,
    a: UnsafePointer<Float>, lda: Int,
    rows: Range<Int>, depth: Range<Int>,
    into dst: UnsafeMutablePointer<Float>  // [panels][6·kc]
) {
    let kc = depth.count
    let fullPanels = rows.count / gemmMR
    let edgeRows = rows.count - fullPanels * gemmMR
    if transposed {
        // Source A is k×m. Walk it one source row (one k) at a time across all panels:
        // a panel-at-a-time walk would touch a new page for every k of every panel
        // (lda is 16-64 KiB for the weight-gradient shapes), thrashing the TLB.
        var src = a + depth.lowerBound * lda + rows.lowerBound
        for p in 0..<kc {
            var out = dst + p * gemmMR
            var s = src
            for _ in 0..<fullPanels {
                // 6 floats as one 4-wide and one 2-wide move: 2 loads and 2 stores.
                SIMD4<Float>.load(s).store(to: out)
                SIMD2<Float>.load(s + 4).store(to: out + 4)
                s += gemmMR
                out += gemmMR * kc
            }
            if edgeRows > 0 {
                for r in 0..<gemmMR { out[r] = r < edgeRows ? s[r] : 0 }
            }
            src += lda
        }
    } else {
        // Source A is m×k: each row segment is contiguous; copy it whole.
        var panel = dst
        var i0 = rows.lowerBound
        while i0 < rows.upperBound {
            let mr = min(gemmMR, rows.upperBound - i0)
            for r in 0..<gemmMR {
                let out = panel + r * kc
                if r < mr {
                    out.update(from: a + (i0 + r) * lda + depth.lowerBound, count: kc)
                } else {
                    out.update(repeating: 0, count: kc)
                }
            }
            panel += gemmMR * kc
            i0 += gemmMR
        }
    }
}

/// Packs columns `cols` and depth `depth` of op(B) into panels of NR columns.
///
/// The destination holds `ceil(cols.count / NR)` panels of `kc·NR` floats each.
///
/// - Complexity: O(cols.count · depth.count).
@inline(__always)
func gemmPackB(
    transposed: Bool,
    b: UnsafePointer<Float>, ldb: Int,
    cols: Range<Int>, depth: Range<Int>,
    into dst: UnsafeMutablePointer<Float>  // [panels][kc·NR]
) {
    let kc = depth.count
    if transposed {
        var panel = dst
        var j0 = cols.lowerBound
        while j0 < cols.upperBound {
            let nr = min(gemmNR, cols.upperBound - j0)
            gemmPackBTransposedPanel(b: b, ldb: ldb, j0: j0, nr: nr, depth: depth, into: panel)
            panel += kc * gemmNR
            j0 += gemmNR
        }
        return
    }
    // Source B is k×n: NR contiguous values per k and panel. Walk one source row at a
    // time across all panels, for the same TLB reason as transposed A above.
    let fullPanels = cols.count / gemmNR
    let edgeCols = cols.count - fullPanels * gemmNR
    let w = GemmVector.scalarCount
    var src = b + depth.lowerBound * ldb + cols.lowerBound
    for p in 0..<kc {
        var out = dst + p * gemmNR
        var s = src
        for _ in 0..<fullPanels {
            GemmVector.load(s).store(to: out)
            GemmVector.load(s + w).store(to: out + w)
            s += gemmNR
            out += kc * gemmNR
        }
        if edgeCols > 0 {
            out.update(from: s, count: edgeCols)
            (out + edgeCols).update(repeating: 0, count: gemmNR - edgeCols)
        }
        src += ldb
    }
}

/// One NR-column panel of a transposed B (stored n×k), through 8x8 transposes.
@inline(__always)
private func gemmPackBTransposedPanel(
    b: UnsafePointer<Float>, ldb: Int,
    j0: Int, nr: Int, depth: Range<Int>,
    into panel: UnsafeMutablePointer<Float>  // [kc][NR]
) {
    typealias V = SIMD8<Float>
    let kc = depth.count
    let fullSteps = kc / 8
    for group in 0..<(gemmNR / 8) {
        let jg = j0 + group * 8
        let rowsHere = max(0, min(8, nr - group * 8))
        // Row j of the stored matrix is column j of op(B); rows past the edge read as 0.
        let src = b + jg * ldb + depth.lowerBound
        if rowsHere == 8 {
            for step in 0..<fullSteps {
                let p = step * 8
                var r0 = V.load(src + p), r1 = V.load(src + ldb + p)
                var r2 = V.load(src + 2 * ldb + p), r3 = V.load(src + 3 * ldb + p)
                var r4 = V.load(src + 4 * ldb + p), r5 = V.load(src + 5 * ldb + p)
                var r6 = V.load(src + 6 * ldb + p), r7 = V.load(src + 7 * ldb + p)
                transpose8x8(&r0, &r1, &r2, &r3, &r4, &r5, &r6, &r7)
                let out = panel + p * gemmNR + group * 8
                r0.store(to: out); r1.store(to: out + gemmNR)
                r2.store(to: out + 2 * gemmNR); r3.store(to: out + 3 * gemmNR)
                r4.store(to: out + 4 * gemmNR); r5.store(to: out + 5 * gemmNR)
                r6.store(to: out + 6 * gemmNR); r7.store(to: out + 7 * gemmNR)
            }
        }
        // The edge group and the last kc % 8 values of p, one at a time.
        let scalarFrom = rowsHere == 8 ? fullSteps * 8 : 0
        for p in scalarFrom..<kc {
            let out = panel + p * gemmNR + group * 8
            for r in 0..<8 {
                out[r] = r < rowsHere ? src[r * ldb + p] : 0
            }
        }
    }
}

/// Transposes the 8x8 matrix whose rows are r0…r7, in registers.
///
/// Three rounds of a perfect unshuffle over the 64 values: each round rotates the
/// 6-bit index right by one bit, so three rounds swap the row and column halves.
/// LLVM lowers each unshuffle to one `vshufps` and one `vpermpd` on AVX2.
@inline(__always)
func transpose8x8(
    _ r0: inout SIMD8<Float>, _ r1: inout SIMD8<Float>, _ r2: inout SIMD8<Float>, _ r3: inout SIMD8<Float>,
    _ r4: inout SIMD8<Float>, _ r5: inout SIMD8<Float>, _ r6: inout SIMD8<Float>, _ r7: inout SIMD8<Float>
) {
    @inline(__always)
    func unshuffle(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> (SIMD8<Float>, SIMD8<Float>) {
        let pair = SIMD16<Float>(lowHalf: a, highHalf: b)
        return (pair.evenHalf, pair.oddHalf)
    }
    for _ in 0..<3 {
        let (a0, a4) = unshuffle(r0, r1)
        let (a1, a5) = unshuffle(r2, r3)
        let (a2, a6) = unshuffle(r4, r5)
        let (a3, a7) = unshuffle(r6, r7)
        r0 = a0; r1 = a1; r2 = a2; r3 = a3; r4 = a4; r5 = a5; r6 = a6; r7 = a7
    }
}
