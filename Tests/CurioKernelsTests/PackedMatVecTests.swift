import Testing
@testable import CurioKernels
import CurioRandom

/// The decode kernels: packed bf16 rows against a plain loop on the same bf16 values, the
/// streaming fp32 loop against the four-row loop, one-row attention against the GEMM path.
@Suite struct PackedMatVecTests {
    /// Odd row counts (partial groups of four), odd column counts (a padded last chunk).
    static let shapes = [(1, 1), (3, 15), (4, 16), (5, 17), (13, 100), (64, 256), (37, 333)]

    /// A packed matrix of `values` ([rows×cols]) in its own storage.
    func packed(_ values: [Float], rows: Int, cols: Int) -> PackedBFloat16Matrix {
        let matrix = PackedBFloat16Matrix(storage: HalfStorage(count: PackedBFloat16Matrix.count(rows: rows, cols: cols)),
                                          offset: 0, rows: rows, cols: cols)
        matrix.pack(FloatStorage(values).all)
        return matrix
    }

    /// row(i) · x in Double.
    func naive(_ w: [Float], cols: Int, _ x: [Float], rows: [Int]) -> [Float] {
        rows.map { r in
            var s: Double = 0
            for c in 0..<cols { s += Double(w[r * cols + c]) * Double(x[c]) }
            return Float(s)
        }
    }

    @Test func packedRowsMatchNaiveOnTheRoundedWeights() {
        for (index, (rows, cols)) in Self.shapes.enumerated() {
            var rng = SeededGenerator(seed: 200 + UInt64(index))
            let w = rng.floats(rows * cols), x = rng.floats(cols)
            let rounded = HalfFormat.bfloat16.decode(HalfFormat.bfloat16.encode(w))
            let matrix = packed(w, rows: rows, cols: cols)
            for (r, c) in [(0, 0), (rows - 1, cols - 1), (rows / 2, cols / 3)] {
                #expect(matrix[r, c] == rounded[r * cols + c], "packed (\(r), \(c)) of \(rows)x\(cols)")
            }
            let y = FloatStorage(count: rows, repeating: .nan)
            linearRowForward(output: y.all, input: FloatStorage(x).all, weight: matrix)
            expectAgrees("packed bf16 \(rows)x\(cols) vs naive", got: y.array,
                         want: naive(rounded, cols: cols, x, rows: Array(0..<rows)), tolerance: 1e-6 * Float(cols) + 1e-6)
        }
    }

    /// Several inputs through one read of the matrix (a list search's beams) give each
    /// input bit for bit what `linearRowForward` gives it alone, on every shape and on a
    /// range that starts and ends inside a group of four.
    @Test func severalInputsAtOnceEqualEachAlone() {
        for (index, (rows, cols)) in Self.shapes.enumerated() {
            var rng = SeededGenerator(seed: 300 + UInt64(index))
            let matrix = packed(rng.floats(rows * cols), rows: rows, cols: cols)
            let inputs = (0..<3).map { _ in FloatStorage(rng.floats(cols)) }
            for range in [0..<rows, (rows / 3)..<max(rows / 3, rows - 1)] {
                let together = inputs.map { _ in FloatStorage(count: range.count, repeating: .nan) }
                linearRowsForward(outputs: together.map(\.all), inputs: inputs.map(\.all), weight: matrix, rows: range)
                for (j, input) in inputs.enumerated() {
                    let alone = FloatStorage(count: range.count, repeating: .nan)
                    linearRowForward(output: alone.all, input: input.all, weight: matrix, rows: range)
                    #expect(together[j].array == alone.array, "input \(j) of \(rows)x\(cols), rows \(range)")
                }
            }
        }
    }

    /// Row ranges that start and end inside a group of four, and scattered rows, give
    /// exactly the full product's values; accumulate adds them.
    @Test func rangesAndSelectedRowsEqualTheFullProduct() {
        let (rows, cols) = (37, 40)
        var rng = SeededGenerator(seed: 7)
        let matrix = packed(rng.floats(rows * cols), rows: rows, cols: cols)
        let x = FloatStorage(rng.floats(cols))
        let full = FloatStorage(count: rows)
        linearRowForward(output: full.all, input: x.all, weight: matrix)
        for range in [0..<37, 5..<6, 3..<29, 36..<37, 4..<8, 1..<3] {
            let part = FloatStorage(count: range.count, repeating: .nan)
            linearRowForward(output: part.all, input: x.all, weight: matrix, rows: range)
            expectAgrees("rows \(range)", got: part.array, want: Array(full.array[range]), tolerance: 0)
            let summed = FloatStorage(count: range.count, repeating: 1)
            linearRowForward(output: summed.all, input: x.all, weight: matrix, rows: range, accumulate: true)
            expectAgrees("rows \(range), accumulated onto 1", got: summed.array,
                         want: full.array[range].map { 1 + $0 }, tolerance: 0)
        }
        let picks = [36, 0, 5, 5, 17, 3]
        let picked = FloatStorage(count: picks.count, repeating: .nan)
        selectedRowDots(output: picked.all, input: x.all, table: matrix, rows: picks)
        expectAgrees("selected rows", got: picked.array, want: picks.map { full[$0] }, tolerance: 0)
    }

    /// Reading rows one after another sums each row exactly as the four-row loop does.
    @Test func streamingRowsAreBitIdentical() {
        for (index, (rows, cols)) in Self.shapes.enumerated() {
            var rng = SeededGenerator(seed: 300 + UInt64(index))
            let w = FloatStorage(rng.floats(rows * cols)), x = FloatStorage(rng.floats(cols))
            let start = rng.floats(rows)
            for accumulate in [false, true] {
                let interleaved = FloatStorage(start), streamed = FloatStorage(start)
                linearRowForward(output: interleaved.all, input: x.all, weight: w.all, inputs: cols, outputs: rows,
                                 accumulate: accumulate)
                linearRowForward(output: streamed.all, input: x.all, weight: w.all, inputs: cols, outputs: rows,
                                 accumulate: accumulate, streaming: true)
                expectAgrees("streaming \(rows)x\(cols) accumulate=\(accumulate)", got: streamed.array,
                             want: interleaved.array, tolerance: 0)
            }
        }
    }

    /// A decode step's attention (one new row, plain SIMD loops) equals the last row of the
    /// same positions attended as a batch (the GEMM path).
    @Test func oneRowAttentionMatchesTheBatchedPath() {
        let (C, H, total) = (48, 3, 9)
        var rng = SeededGenerator(seed: 11)
        let queries = FloatStorage(rng.floats(total * C)), keys = FloatStorage(rng.floats(total * C))
        let values = FloatStorage(rng.floats(total * C))
        let batched = FloatStorage(count: total * C), batchScores = FloatStorage(count: H * total * total)
        cachedAttentionForward(output: batched.all, scores: batchScores.all, queries: queries.all, queryStride: C,
                               keys: keys.all, values: values.all, newPositions: total, startPosition: 0,
                               channels: C, heads: H)
        let single = FloatStorage(count: C), scores = FloatStorage(count: H * total)
        cachedAttentionForward(output: single.all, scores: scores.all, queries: queries.slice((total - 1) * C, C),
                               queryStride: C, keys: keys.all, values: values.all, newPositions: 1,
                               startPosition: total - 1, channels: C, heads: H)
        expectAgrees("one-row attention", got: single.array, want: Array(batched.array[((total - 1) * C)...]),
                     tolerance: 1e-6)
    }
}
