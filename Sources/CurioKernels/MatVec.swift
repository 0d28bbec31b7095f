// Matrix-vector products for decoding: y = W·x, one token at a time.
//
// Decoding streams every weight once per token, so these kernels are bound by memory
// bandwidth, not arithmetic: they read W exactly once, keep x in L1, and work on four
// rows at a time so each chunk of x is loaded once for four rows. They run on the
// caller's thread only: perf-notes measured a 1 MiB matvec split over two threads at
// half the speed. The summation order of a row never depends on which other rows are
// computed, so `matVecSelectedRows` returns bit-for-bit the same values as `matVec`.
//
// Shapes: W is [rows × cols] row-major with row stride `ldw`; x is [cols]; y is [rows]
// (or [indices.count] for the selected-rows variants).

/// y[rows] = W[rows×cols] · x[cols] (or y += … when `accumulate`), fp32 weights.
///
/// - Complexity: O(rows · cols).
public func matVec(
    rows: Int, cols: Int,
    w: UnsafePointer<Float>, ldw: Int,
    x: UnsafePointer<Float>,
    y: UnsafeMutablePointer<Float>,
    accumulate: Bool = false
) {
    precondition(rows >= 0 && cols >= 0 && ldw >= cols, "matVec: bad shape rows=\(rows) cols=\(cols) ldw=\(ldw)")
    matVecRows(FloatWeights.self, count: rows, cols: cols, x: x, y: y, accumulate: accumulate) { w + $0 * ldw }
}

/// y[rows] = W[rows×cols] · x[cols] (or y += …) with W stored as 16-bit floats.
///
/// Each weight is widened to fp32 in registers (exactly) and the products are summed
/// in fp32, so the result differs from the fp32 kernel on the decoded weights only by
/// the order of the sum.
///
/// - Complexity: O(rows · cols), reading half the bytes of the fp32 kernel.
public func matVec(
    rows: Int, cols: Int,
    w: UnsafePointer<UInt16>, format: HalfFormat, ldw: Int,
    x: UnsafePointer<Float>,
    y: UnsafeMutablePointer<Float>,
    accumulate: Bool = false
) {
    precondition(rows >= 0 && cols >= 0 && ldw >= cols, "matVec: bad shape rows=\(rows) cols=\(cols) ldw=\(ldw)")
    switch format {
    case .bfloat16:
        matVecRows(BFloat16Weights.self, count: rows, cols: cols, x: x, y: y, accumulate: accumulate) { w + $0 * ldw }
    case .float16:
        matVecFloat16Rows(count: rows, cols: cols, x: x, y: y, accumulate: accumulate) { w + $0 * ldw }
    }
}

/// y[i] = W[indices[i]] · x for each i: only the rows asked for.
///
/// At an item position the tied output layer needs logits for the candidate items
/// only; computing those rows alone reads `indices.count / rows` of the weights.
/// Indices may repeat and come in any order; each must be in `0..<rows` of W.
///
/// - Complexity: O(indices.count · cols).
@_specialize(where Index == Int)
@_specialize(where Index == Int32)
public func matVecSelectedRows<Index: BinaryInteger>(
    _ indices: UnsafeBufferPointer<Index>, cols: Int,
    w: UnsafePointer<Float>, ldw: Int,
    x: UnsafePointer<Float>,
    y: UnsafeMutablePointer<Float>
) {
    precondition(cols >= 0 && ldw >= cols, "matVecSelectedRows: bad shape cols=\(cols) ldw=\(ldw)")
    matVecRows(FloatWeights.self, count: indices.count, cols: cols, x: x, y: y, accumulate: false) {
        w + Int(indices[$0]) * ldw
    }
}

/// y[i] = W[indices[i]] · x with W stored as 16-bit floats.
///
/// - Complexity: O(indices.count · cols).
@_specialize(where Index == Int)
@_specialize(where Index == Int32)
public func matVecSelectedRows<Index: BinaryInteger>(
    _ indices: UnsafeBufferPointer<Index>, cols: Int,
    w: UnsafePointer<UInt16>, format: HalfFormat, ldw: Int,
    x: UnsafePointer<Float>,
    y: UnsafeMutablePointer<Float>
) {
    precondition(cols >= 0 && ldw >= cols, "matVecSelectedRows: bad shape cols=\(cols) ldw=\(ldw)")
    switch format {
    case .bfloat16:
        matVecRows(BFloat16Weights.self, count: indices.count, cols: cols, x: x, y: y, accumulate: false) {
            w + Int(indices[$0]) * ldw
        }
    case .float16:
        matVecFloat16Rows(count: indices.count, cols: cols, x: x, y: y, accumulate: false) {
            w + Int(indices[$0]) * ldw
        }
    }
}

// MARK: - The kernel, generic over how a weight is stored

/// How a chunk of 16 consecutive weights becomes two vectors of 8 floats, and which
/// elements of x each vector lane meets.
///
/// fp32 weights load in order. bf16 weights load as 8 `UInt32`s, each holding an even
/// and an odd element; a shift and a mask give the evens and the odds as floats with
/// two integer instructions, so x is permuted once per call to match
/// (`[x0, x2, …, x14, x1, x3, …, x15]` per chunk). Swift's SIMD width conversions
/// (`SIMD16<UInt32>(truncatingIfNeeded:)`) compile to out-of-line calls, three times
/// slower than this.
protocol MatVecWeights {
    associatedtype Stored
    /// Whether x must be permuted into even/odd order per 16-element chunk.
    static var pairsEvenOdd: Bool { get }
    static func load16(_ p: UnsafePointer<Stored>) -> (SIMD8<Float>, SIMD8<Float>)
    static func load1(_ p: UnsafePointer<Stored>) -> Float
}

enum FloatWeights: MatVecWeights {
    static var pairsEvenOdd: Bool { false }
    @inline(__always) static func load16(_ p: UnsafePointer<Float>) -> (SIMD8<Float>, SIMD8<Float>) {
        (.load(p), .load(p + 8))
    }
    @inline(__always) static func load1(_ p: UnsafePointer<Float>) -> Float { p.pointee }
}

enum BFloat16Weights: MatVecWeights {
    static var pairsEvenOdd: Bool { true }
    @inline(__always) static func load16(_ p: UnsafePointer<UInt16>) -> (SIMD8<Float>, SIMD8<Float>) {
        let pairs = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<UInt32>.self)
        return (unsafeBitCast(pairs &<< 16, to: SIMD8<Float>.self),
                unsafeBitCast(pairs & 0xFFFF_0000, to: SIMD8<Float>.self))
    }
    @inline(__always) static func load1(_ p: UnsafePointer<UInt16>) -> Float { HalfFormat.bfloat16.decode(p.pointee) }
}

/// fp16 rows are widened a group of four rows at a time into an L1-resident fp32
/// buffer by a plain loop that LLVM vectorizes to `vcvtph2ps` (F16C), then summed by
/// the fp32 kernel; widening in registers without F16C costs ~10 integer and float
/// instructions per 8 weights, 3x slower.
@inline(__always)
func matVecFloat16Rows(
    count: Int, cols: Int,
    x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, accumulate: Bool,
    row: (Int) -> UnsafePointer<UInt16>
) {
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(4 * cols, 1)) { scratch in
        let wide = scratch.baseAddress!  // [4][cols]
        var i = 0
        while i < count {
            let group = min(4, count - i)
            for r in 0..<group { HalfFormat.float16.decode(row(i + r), into: wide + r * cols, count: cols) }
            matVecRowsArranged(FloatWeights.self, count: group, cols: cols, x: x, y: y + i,
                               accumulate: accumulate) { UnsafePointer(wide + $0 * cols) }
            i += group
        }
    }
}

/// y[i] (=|+=) row(i) · x for i in 0..<count, four rows per pass over x.
@inline(__always)
func matVecRows<W: MatVecWeights>(
    _ weights: W.Type, count: Int, cols: Int,
    x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, accumulate: Bool,
    row: (Int) -> UnsafePointer<W.Stored>
) {
    if !W.pairsEvenOdd {
        matVecRowsArranged(W.self, count: count, cols: cols, x: x, y: y, accumulate: accumulate, row: row)
        return
    }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(cols, 1)) { scratch in
        let arranged = scratch.baseAddress!
        let chunks = cols / 16
        for chunk in 0..<chunks {
            let c = chunk * 16
            for j in 0..<8 {
                arranged[c + j] = x[c + 2 * j]
                arranged[c + 8 + j] = x[c + 2 * j + 1]
            }
        }
        for c in (chunks * 16)..<cols { arranged[c] = x[c] }
        matVecRowsArranged(W.self, count: count, cols: cols, x: arranged, y: y, accumulate: accumulate, row: row)
    }
}

@inline(__always)
func matVecRowsArranged<W: MatVecWeights>(
    _ weights: W.Type, count: Int, cols: Int,
    x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, accumulate: Bool,
    row: (Int) -> UnsafePointer<W.Stored>
) {
    var i = 0
    while i + 4 <= count {
        let sums = dot4(W.self, row(i), row(i + 1), row(i + 2), row(i + 3), x: x, cols: cols)
        if accumulate {
            y[i] += sums[0]; y[i + 1] += sums[1]; y[i + 2] += sums[2]; y[i + 3] += sums[3]
        } else {
            y[i] = sums[0]; y[i + 1] = sums[1]; y[i + 2] = sums[2]; y[i + 3] = sums[3]
        }
        i += 4
    }
    while i < count {
        let sum = dot1(W.self, row(i), x: x, cols: cols)
        y[i] = accumulate ? y[i] + sum : sum
        i += 1
    }
}

/// Four dot products sharing each load of x: two 8-lane accumulators per row (eight
/// independent FMA chains, enough to cover FMA latency), then a horizontal sum and
/// the scalar tail.
@inline(__always)
func dot4<W: MatVecWeights>(
    _ weights: W.Type,
    _ r0: UnsafePointer<W.Stored>, _ r1: UnsafePointer<W.Stored>,
    _ r2: UnsafePointer<W.Stored>, _ r3: UnsafePointer<W.Stored>,
    x: UnsafePointer<Float>, cols: Int
) -> SIMD4<Float> {
    typealias V = SIMD8<Float>
    var a0 = V(), b0 = V(), a1 = V(), b1 = V(), a2 = V(), b2 = V(), a3 = V(), b3 = V()
    let vectorCols = cols & ~15
    var c = 0
    while c < vectorCols {
        let xa = V.load(x + c), xb = V.load(x + c + 8)
        var (wa, wb) = W.load16(r0 + c)
        a0.addProduct(wa, xa); b0.addProduct(wb, xb)
        (wa, wb) = W.load16(r1 + c)
        a1.addProduct(wa, xa); b1.addProduct(wb, xb)
        (wa, wb) = W.load16(r2 + c)
        a2.addProduct(wa, xa); b2.addProduct(wb, xb)
        (wa, wb) = W.load16(r3 + c)
        a3.addProduct(wa, xa); b3.addProduct(wb, xb)
        c += 16
    }
    var sums = SIMD4<Float>(horizontalSum(a0 + b0), horizontalSum(a1 + b1),
                            horizontalSum(a2 + b2), horizontalSum(a3 + b3))
    while c < cols {
        let xc = x[c]
        sums[0] += W.load1(r0 + c) * xc
        sums[1] += W.load1(r1 + c) * xc
        sums[2] += W.load1(r2 + c) * xc
        sums[3] += W.load1(r3 + c) * xc
        c += 1
    }
    return sums
}

/// One dot product, summed in exactly the order `dot4` uses for each of its rows.
@inline(__always)
func dot1<W: MatVecWeights>(
    _ weights: W.Type, _ r0: UnsafePointer<W.Stored>, x: UnsafePointer<Float>, cols: Int
) -> Float {
    typealias V = SIMD8<Float>
    var a0 = V(), b0 = V()
    let vectorCols = cols & ~15
    var c = 0
    while c < vectorCols {
        let (wa, wb) = W.load16(r0 + c)
        a0.addProduct(wa, V.load(x + c)); b0.addProduct(wb, V.load(x + c + 8))
        c += 16
    }
    var sum = horizontalSum(a0 + b0)
    while c < cols {
        sum += W.load1(r0 + c) * x[c]
        c += 1
    }
    return sum
}

/// The sum of 8 lanes as a fixed pairwise tree, so every caller rounds alike.
@inline(__always)
func horizontalSum(_ v: SIMD8<Float>) -> Float {
    let s4 = v.lowHalf + v.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
}
