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
/// Each weight is widened to fp32 in registers and the products are summed in fp32,
/// so the result differs from the fp32 kernel on the decoded weights only by
/// summation order (not at all, in fact: the order is the same).
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
        matVecRows(Float16Weights.self, count: rows, cols: cols, x: x, y: y, accumulate: accumulate) { w + $0 * ldw }
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
        matVecRows(Float16Weights.self, count: indices.count, cols: cols, x: x, y: y, accumulate: false) {
            w + Int(indices[$0]) * ldw
        }
    }
}

// MARK: - The kernel, generic over how a weight is stored

/// How 16 consecutive weights become 16 floats.
protocol MatVecWeights {
    associatedtype Stored
    static func load16(_ p: UnsafePointer<Stored>) -> SIMD16<Float>
    static func load1(_ p: UnsafePointer<Stored>) -> Float
}

enum FloatWeights: MatVecWeights {
    @inline(__always) static func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> { .load(p) }
    @inline(__always) static func load1(_ p: UnsafePointer<Float>) -> Float { p.pointee }
}

enum BFloat16Weights: MatVecWeights {
    @inline(__always) static func load16(_ p: UnsafePointer<UInt16>) -> SIMD16<Float> {
        HalfFormat.bfloat16.decode16(p)
    }
    @inline(__always) static func load1(_ p: UnsafePointer<UInt16>) -> Float { HalfFormat.bfloat16.decode(p.pointee) }
}

enum Float16Weights: MatVecWeights {
    @inline(__always) static func load16(_ p: UnsafePointer<UInt16>) -> SIMD16<Float> {
        HalfFormat.float16.decode16(p)
    }
    @inline(__always) static func load1(_ p: UnsafePointer<UInt16>) -> Float { HalfFormat.float16.decode(p.pointee) }
}

/// y[i] (=|+=) row(i) · x for i in 0..<count, four rows per pass over x.
@inline(__always)
func matVecRows<W: MatVecWeights>(
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

/// Four dot products sharing each load of x. One SIMD16 accumulator per row (two ymm
/// on AVX2, one zmm on AVX-512), then a horizontal sum and the scalar tail.
@inline(__always)
func dot4<W: MatVecWeights>(
    _ weights: W.Type,
    _ r0: UnsafePointer<W.Stored>, _ r1: UnsafePointer<W.Stored>,
    _ r2: UnsafePointer<W.Stored>, _ r3: UnsafePointer<W.Stored>,
    x: UnsafePointer<Float>, cols: Int
) -> SIMD4<Float> {
    var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
    let vectorCols = cols & ~15
    var c = 0
    while c < vectorCols {
        let xv = SIMD16<Float>.load(x + c)
        a0.addProduct(W.load16(r0 + c), xv)
        a1.addProduct(W.load16(r1 + c), xv)
        a2.addProduct(W.load16(r2 + c), xv)
        a3.addProduct(W.load16(r3 + c), xv)
        c += 16
    }
    var sums = SIMD4<Float>(horizontalSum(a0), horizontalSum(a1), horizontalSum(a2), horizontalSum(a3))
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
    var a0 = SIMD16<Float>()
    let vectorCols = cols & ~15
    var c = 0
    while c < vectorCols {
        a0.addProduct(W.load16(r0 + c), SIMD16<Float>.load(x + c))
        c += 16
    }
    var sum = horizontalSum(a0)
    while c < cols {
        sum += W.load1(r0 + c) * x[c]
        c += 1
    }
    return sum
}

/// The sum of 16 lanes as a fixed pairwise tree, so every caller rounds alike.
@inline(__always)
func horizontalSum(_ v: SIMD16<Float>) -> Float {
    let s8 = v.lowHalf + v.highHalf
    let s4 = s8.lowHalf + s8.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
}
