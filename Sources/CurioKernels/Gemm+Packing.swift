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
// - B, either way: per panel of NR columns (16 or 32), `[kc][NR]`; a transposed B goes
//   through 16x16 transposes. Rows and columns past the matrix edge are zero-filled.

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
    var panel = dst
    var i0 = rows.lowerBound
    while i0 < rows.upperBound {
        let mr = min(gemmMR, rows.upperBound - i0)
        if transposed {
            // Source A is k×m: the 6 values for one k are contiguous.
            var src = a + depth.lowerBound * lda + i0
            var out = panel
            if mr == gemmMR {
                for _ in 0..<kc {
                    out[0] = src[0]; out[1] = src[1]; out[2] = src[2]
                    out[3] = src[3]; out[4] = src[4]; out[5] = src[5]
                    src += lda
                    out += gemmMR
                }
            } else {
                for _ in 0..<kc {
                    for r in 0..<gemmMR { out[r] = r < mr ? src[r] : 0 }
                    src += lda
                    out += gemmMR
                }
            }
        } else {
            // Source A is m×k: each row segment is contiguous; copy it whole.
            for r in 0..<gemmMR {
                let out = panel + r * kc
                if r < mr {
                    out.update(from: a + (i0 + r) * lda + depth.lowerBound, count: kc)
                } else {
                    out.update(repeating: 0, count: kc)
                }
            }
        }
        panel += gemmMR * kc
        i0 += gemmMR
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
    var panel = dst
    var j0 = cols.lowerBound
    while j0 < cols.upperBound {
        let nr = min(gemmNR, cols.upperBound - j0)
        if transposed {
            gemmPackBTransposedPanel(b: b, ldb: ldb, j0: j0, nr: nr, depth: depth, into: panel)
        } else if nr == gemmNR {
            // Source B is k×n: NR contiguous values per k.
            let w = GemmVector.scalarCount
            var src = b + depth.lowerBound * ldb + j0
            var out = panel
            for _ in 0..<kc {
                GemmVector.load(src).store(to: out)
                GemmVector.load(src + w).store(to: out + w)
                src += ldb
                out += gemmNR
            }
        } else {
            var src = b + depth.lowerBound * ldb + j0
            var out = panel
            for _ in 0..<kc {
                out.update(from: src, count: nr)
                (out + nr).update(repeating: 0, count: gemmNR - nr)
                src += ldb
                out += gemmNR
            }
        }
        panel += kc * gemmNR
        j0 += gemmNR
    }
}

/// One NR-column panel of a transposed B (stored n×k), through 16x16 transposes.
@inline(__always)
private func gemmPackBTransposedPanel(
    b: UnsafePointer<Float>, ldb: Int,
    j0: Int, nr: Int, depth: Range<Int>,
    into panel: UnsafeMutablePointer<Float>  // [kc][NR]
) {
    let kc = depth.count
    let fullSteps = kc / 16
    withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 32) { scratch in
        let blockIn = scratch.baseAddress!
        let blockOut = blockIn + 16
        for half in 0..<(gemmNR / 16) {
            let jh = j0 + half * 16
            let rowsHere = max(0, min(16, nr - half * 16))
            for step in 0..<fullSteps {
                let p = depth.lowerBound + step * 16
                // Row j of the stored matrix is column j of op(B): 16 values of p.
                for r in 0..<16 {
                    blockIn[r] = r < rowsHere ? .load(b + (jh + r) * ldb + p) : SIMD16<Float>()
                }
                transpose16x16(blockIn, scratch: blockOut)
                var out = panel + (step * 16) * gemmNR + half * 16
                for r in 0..<16 {
                    blockIn[r].store(to: out)
                    out += gemmNR
                }
            }
            // The last kc % 16 values of p, one at a time.
            for p in (fullSteps * 16)..<kc {
                let out = panel + p * gemmNR + half * 16
                for r in 0..<16 {
                    out[r] = r < rowsHere ? b[(jh + r) * ldb + depth.lowerBound + p] : 0
                }
            }
        }
    }
}

/// Transposes the 16x16 matrix held in `m[0..<16]` (one row per vector) in place.
///
/// Four rounds of a perfect unshuffle over the 256 values: each round rotates the
/// 8-bit index right by one bit, so four rounds swap the row and column nibbles.
/// Each output vector is one two-source permute (`vpermt2ps`) of two input vectors.
@inline(__always)
func transpose16x16(
    _ m: UnsafeMutablePointer<SIMD16<Float>>,       // [16] rows in, rows out
    scratch: UnsafeMutablePointer<SIMD16<Float>>    // [16]
) {
    var src = m
    var dst = scratch
    for _ in 0..<4 {
        for v in 0..<8 {
            let pair = SIMD32<Float>(lowHalf: src[2 * v], highHalf: src[2 * v + 1])
            dst[v] = pair.evenHalf
            dst[v + 8] = pair.oddHalf
        }
        swap(&src, &dst)
    }
    // After an even number of rounds the result is back in `m`.
}
