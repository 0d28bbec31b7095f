// A bf16 copy of a weight matrix laid out for the decode matrix–vector product.
//
// Decoding one token reads every weight once, so at d_model 256 / vocabulary 16,384 a step
// streams 15 MB of bf16 weights from L3 or memory. Read row-major, four rows at a time, that
// is four interleaved streams of 512 bytes each, and the hardware prefetcher falls behind:
// measured here, a step over row-major bf16 ran at 721 tokens/s, the same bytes in the order
// below at 2,681 (one thread, AVX2). So the copy is packed like a GEMM panel: rows in groups
// of four, each group's columns in chunks of 16 with the four rows' chunks side by side.
// The kernel then reads the whole matrix front to back, one sequential stream.
//
// Within a row's chunk of 16 weights w0…w15, 32-bit word p (p < 8) holds w_p in its low
// half and w_{p+8} in its high half: a shift left by 16 gives w0…w7 as floats and a mask
// gives w8…w15, two integer instructions per 16 weights, and x needs no permutation.
//
// Dimensions: O rows, I columns, Ip = I rounded up to 16, G = ⌈O/4⌉ groups.

/// A fixed-size, zero-initialised block of 16-bit values (bf16 weights) with reference
/// semantics, the `UInt16` counterpart of `FloatStorage`.
public final class HalfStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt16>
    /// Number of 16-bit values held.
    public let count: Int

    /// Allocates `count` zeroed values.
    public init(count: Int) {
        precondition(count >= 0, "HalfStorage needs a non-negative count, got \(count)")
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { base.deallocate() }
}

/// An [O×I] weight matrix held as bf16 in a `HalfStorage`, in the order the decode kernels
/// read it (see the file comment). Written once by `pack(_:)`, then read by
/// `linearRowForward(output:input:weight:rows:accumulate:)` and `selectedRowDots(output:input:table:rows:)`.
public struct PackedBFloat16Matrix: Sendable {
    /// The storage holding the packed values.
    public let storage: HalfStorage
    /// First value of this matrix within `storage`.
    public let offset: Int
    /// O, the number of rows (output features).
    public let rows: Int
    /// I, the number of columns (input features).
    public let cols: Int

    /// Columns rounded up to a whole chunk of 16 (the padding holds zeros).
    public var paddedCols: Int { (cols + 15) & ~15 }

    /// Values the packed matrix occupies: ⌈O/4⌉·4 rows of `paddedCols`.
    public var count: Int { Self.count(rows: rows, cols: cols) }

    /// Values a packed [rows×cols] matrix occupies.
    public static func count(rows: Int, cols: Int) -> Int { ((rows + 3) & ~3) * ((cols + 15) & ~15) }

    /// A matrix occupying `count(rows:cols:)` values of `storage` from `offset`.
    public init(storage: HalfStorage, offset: Int, rows: Int, cols: Int) {
        precondition(rows > 0 && cols > 0, "packed matrix needs a positive shape, got \(rows)x\(cols)")
        precondition(offset >= 0 && offset + Self.count(rows: rows, cols: cols) <= storage.count,
                     "packed \(rows)x\(cols) matrix at \(offset) does not fit in \(storage.count) values")
        self.storage = storage
        self.offset = offset
        self.rows = rows
        self.cols = cols
    }

    var pointer: UnsafeMutablePointer<UInt16> { storage.base + offset }

    /// Where weight (r, c) lives, relative to `pointer`.
    @inline(__always) func index(row r: Int, col c: Int) -> Int {
        let j = c & 15
        return (r >> 2) * 4 * paddedCols + (c >> 4) * 64 + (r & 3) * 16 + (j < 8 ? 2 * j : 2 * (j - 8) + 1)
    }

    /// Stores `weight` ([O×I], row-major fp32) rounded to bf16, ties to even.
    ///
    /// - Complexity: O(O·I).
    public func pack(_ weight: FloatSlice) {
        weight.require(rows * cols, "packed matrix source")
        let source = weight.pointer, packed = pointer
        for r in 0..<rows {
            let row = source + r * cols
            for c in 0..<cols { packed[index(row: r, col: c)] = bfloat16Bits(row[c]) }
        }
    }

    /// The weight at (row, col), widened to fp32 (exact).
    public subscript(row: Int, col: Int) -> Float {
        precondition(row >= 0 && row < rows && col >= 0 && col < cols,
                     "packed weight (\(row), \(col)) outside \(rows)x\(cols)")
        return HalfFormat.bfloat16.decode(pointer[index(row: row, col: col)])
    }
}

/// Rounds every value of `values` to the nearest bf16 (ties to even), in place: what a
/// bf16 checkpoint would hold for them.
///
/// - Complexity: O(values.count).
public func roundToBFloat16(_ values: FloatSlice) {
    let p = values.pointer
    for i in 0..<values.count { p[i] = Float(bitPattern: UInt32(bfloat16Bits(p[i])) << 16) }
}
