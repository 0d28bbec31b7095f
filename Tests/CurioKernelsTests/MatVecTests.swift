import Testing
@testable import CurioKernels
import CurioRandom

/// Matrix-vector kernels against a plain loop, in fp32 and 16-bit weights.
@Suite struct MatVecTests {
    /// row(i) · x in Double.
    func naive(_ w: [Float], ldw: Int, _ x: [Float], rows: [Int]) -> [Float] {
        rows.map { r in
            var s: Double = 0
            for c in 0..<x.count { s += Double(w[r * ldw + c]) * Double(x[c]) }
            return Float(s)
        }
    }

    /// Odd row counts (the 4-row groups and the single-row tail), odd column counts
    /// (the 16-wide vector loop and the scalar tail) and a padded row stride.
    static let shapes = [(1, 1), (3, 15), (4, 16), (5, 17), (13, 100), (64, 256), (37, 333)]

    @Test func fp32MatchesNaive() {
        for (index, (rows, cols)) in Self.shapes.enumerated() {
            var rng = SeededGenerator(seed: UInt64(index))
            let ldw = cols + 3
            let w = rng.floats(rows * ldw), x = rng.floats(cols)
            var y = [Float](repeating: .nan, count: rows)
            w.withUnsafeBufferPointer { pw in x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
                matVec(rows: rows, cols: cols, w: pw.baseAddress!, ldw: ldw, x: px.baseAddress!, y: py.baseAddress!)
            } } }
            expectAgrees("matVec fp32 \(rows)x\(cols)", got: y, want: naive(w, ldw: ldw, x, rows: Array(0..<rows)),
                         tolerance: 1e-6 * Float(cols) + 1e-6)
        }
    }

    @Test func accumulateAddsToY() {
        let w: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], x: [Float] = [1, 1]
        var y: [Float] = [100, 200, 300, 400, 500]
        w.withUnsafeBufferPointer { pw in x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
            matVec(rows: 5, cols: 2, w: pw.baseAddress!, ldw: 2, x: px.baseAddress!, y: py.baseAddress!,
                   accumulate: true)
        } } }
        #expect(y == [103, 207, 311, 415, 519])
    }

    /// The half kernels agree with the fp32 kernel run on the decoded weights (widening
    /// is exact; only the order of the sum differs) and with the naive loop.
    @Test(arguments: HalfFormat.allCases)
    func halfWeightsMatchFp32OnDecodedWeights(_ format: HalfFormat) {
        for (index, (rows, cols)) in Self.shapes.enumerated() {
            var rng = SeededGenerator(seed: 50 + UInt64(index))
            let ldw = cols + 1
            let bits = format.encode(rng.floats(rows * ldw)), x = rng.floats(cols)
            let decoded = format.decode(bits)
            var yHalf = [Float](repeating: .nan, count: rows), yFloat = yHalf
            bits.withUnsafeBufferPointer { pb in decoded.withUnsafeBufferPointer { pd in x.withUnsafeBufferPointer { px in
                yHalf.withUnsafeMutableBufferPointer { py in
                    matVec(rows: rows, cols: cols, w: pb.baseAddress!, format: format, ldw: ldw,
                           x: px.baseAddress!, y: py.baseAddress!)
                }
                yFloat.withUnsafeMutableBufferPointer { py in
                    matVec(rows: rows, cols: cols, w: pd.baseAddress!, ldw: ldw, x: px.baseAddress!, y: py.baseAddress!)
                }
            } } }
            expectAgrees("matVec \(format) \(rows)x\(cols) vs fp32 on decoded weights", got: yHalf, want: yFloat,
                         tolerance: 1e-6 * Float(cols) + 1e-6)
            expectAgrees("matVec \(format) \(rows)x\(cols) vs naive", got: yHalf,
                         want: naive(decoded, ldw: ldw, x, rows: Array(0..<rows)), tolerance: 1e-6 * Float(cols) + 1e-6)
        }
    }

    /// Selected rows give exactly the full product's values at those rows, in any
    /// order, with repeats, for Int and Int32 indices and every weight format.
    @Test func selectedRowsEqualFullProductRows() {
        let (rows, cols) = (50, 70)
        var rng = SeededGenerator(seed: 9)
        let w = rng.floats(rows * cols), x = rng.floats(cols)
        let picks = [49, 0, 7, 7, 31, 2, 48]
        var full = [Float](repeating: 0, count: rows)
        var picked = [Float](repeating: .nan, count: picks.count)
        var picked32 = picked
        let picks32 = picks.map(Int32.init)
        w.withUnsafeBufferPointer { pw in x.withUnsafeBufferPointer { px in
            full.withUnsafeMutableBufferPointer { py in
                matVec(rows: rows, cols: cols, w: pw.baseAddress!, ldw: cols, x: px.baseAddress!, y: py.baseAddress!)
            }
            picks.withUnsafeBufferPointer { pi in picked.withUnsafeMutableBufferPointer { py in
                matVecSelectedRows(pi, cols: cols, w: pw.baseAddress!, ldw: cols, x: px.baseAddress!, y: py.baseAddress!)
            } }
            picks32.withUnsafeBufferPointer { pi in picked32.withUnsafeMutableBufferPointer { py in
                matVecSelectedRows(pi, cols: cols, w: pw.baseAddress!, ldw: cols, x: px.baseAddress!, y: py.baseAddress!)
            } }
        } }
        let want = picks.map { full[$0] }
        expectAgrees("selected rows (Int)", got: picked, want: want, tolerance: 0)
        expectAgrees("selected rows (Int32)", got: picked32, want: want, tolerance: 0)

        for format in HalfFormat.allCases {
            let bits = format.encode(w)
            var fullHalf = [Float](repeating: 0, count: rows), pickedHalf = picked
            bits.withUnsafeBufferPointer { pb in x.withUnsafeBufferPointer { px in
                fullHalf.withUnsafeMutableBufferPointer { py in
                    matVec(rows: rows, cols: cols, w: pb.baseAddress!, format: format, ldw: cols,
                           x: px.baseAddress!, y: py.baseAddress!)
                }
                picks.withUnsafeBufferPointer { pi in pickedHalf.withUnsafeMutableBufferPointer { py in
                    matVecSelectedRows(pi, cols: cols, w: pb.baseAddress!, format: format, ldw: cols,
                                       x: px.baseAddress!, y: py.baseAddress!)
                } }
            } }
            expectAgrees("selected rows (\(format))", got: pickedHalf, want: picks.map { fullHalf[$0] }, tolerance: 0)
        }
    }

    @Test func horizontalSumAddsAllLanes() {
        let v = SIMD8<Float>((0..<8).map(Float.init))
        #expect(horizontalSum(v) == 28)
    }
}
