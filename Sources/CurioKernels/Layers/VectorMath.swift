// SIMD building blocks shared by the layer kernels: loads, stores, reductions and exp.
//
// perf-notes: Swift never vectorises a strict floating-point reduction, and libm's `expf`
// is scalar, so every reduction here keeps explicit SIMD16 accumulators and `exp` is a
// vector polynomial. The vocabulary softmax alone evaluates 67 M exponentials per step.

import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

typealias LayerVector = SIMD16<Float>
let layerLanes = LayerVector.scalarCount

@inline(__always) func loadVector(_ p: UnsafePointer<Float>) -> LayerVector {
    UnsafeRawPointer(p).loadUnaligned(as: LayerVector.self)
}

@inline(__always) func storeVector(_ v: LayerVector, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: LayerVector.self)
}

/// e^x for each lane, relative error below 2e-7 over the float range.
///
/// Cephes `expf` (S. Moshier): x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for
/// e^r, and 2^n built directly in the exponent bits. Inputs below -87.3 flush to 0, which
/// is what the softmax wants for masked (-inf) logits.
///
/// Written with only comparisons, selects and bit casts: the standard library's generic
/// `clamped`, `rounded` and float-to-integer SIMD conversions are not specialised and
/// measured 20x slower than this whole function (perf, training step).
@inline(__always) func vectorExp(_ x: LayerVector) -> LayerVector {
    let high = LayerVector(repeating: 88), low = LayerVector(repeating: -87.3)
    var clamped = x.replacing(with: high, where: x .> high)
    clamped = clamped.replacing(with: low, where: clamped .< low)
    // Adding 1.5·2²³ rounds to the nearest integer and leaves it in the low mantissa bits.
    let shifter = LayerVector(repeating: 12_582_912)
    let shifted = clamped * 1.442_695_04 + shifter
    let n = shifted - shifter
    let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
    var p = LayerVector(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    p = p * r * r + r + 1
    let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
    let scale = unsafeBitCast((integer &+ 127) &<< 23, to: LayerVector.self)
    // Lanes that were -inf (masked logits) or far below the range give exactly 0.
    return (p * scale).replacing(with: 0, where: x .< low)
}

/// Lane-wise maximum through a compare and select (the generic `pointwiseMax` is not
/// specialised).
@inline(__always) func lanewiseMax(_ a: LayerVector, _ b: LayerVector) -> LayerVector {
    a.replacing(with: b, where: a .< b)
}

/// Scalar e^x with the same polynomial, for loop tails.
@inline(__always) func scalarExp(_ x: Float) -> Float {
    vectorExp(LayerVector(repeating: x))[0]
}

@inline(__always) func vectorSum(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc = LayerVector(), i = 0
    while i + layerLanes <= count { acc += loadVector(p + i); i += layerLanes }
    var total = acc.sum()
    while i < count { total += p[i]; i += 1 }
    return total
}

@inline(__always) func vectorDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc0 = LayerVector(), acc1 = LayerVector(), i = 0
    while i + 2 * layerLanes <= count {
        acc0.addProduct(loadVector(a + i), loadVector(b + i))
        acc1.addProduct(loadVector(a + i + layerLanes), loadVector(b + i + layerLanes))
        i += 2 * layerLanes
    }
    while i + layerLanes <= count { acc0.addProduct(loadVector(a + i), loadVector(b + i)); i += layerLanes }
    var total = (acc0 + acc1).sum()
    while i < count { total += a[i] * b[i]; i += 1 }
    return total
}

@inline(__always) func vectorMax(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc = LayerVector(repeating: -.infinity), i = 0
    while i + layerLanes <= count { acc = lanewiseMax(acc, loadVector(p + i)); i += layerLanes }
    var best = acc.max()
    while i < count { best = max(best, p[i]); i += 1 }
    return best
}

/// y += alpha · x over `count` floats.
@inline(__always) func vectorAxpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
    let a = LayerVector(repeating: alpha)
    var i = 0
    while i + layerLanes <= count { storeVector(loadVector(y + i) + a * loadVector(x + i), y + i); i += layerLanes }
    while i < count { y[i] += alpha * x[i]; i += 1 }
}

/// x *= alpha over `count` floats.
@inline(__always) func vectorScale(_ x: UnsafeMutablePointer<Float>, _ alpha: Float, _ count: Int) {
    var i = 0
    while i + layerLanes <= count { storeVector(loadVector(x + i) * alpha, x + i); i += layerLanes }
    while i < count { x[i] *= alpha; i += 1 }
}

private struct UncheckedChunk: @unchecked Sendable { let run: (Range<Int>) -> Void }

/// Runs `body(0..<count)` split into at most `threads` contiguous chunks, concurrently.
///
/// One `concurrentPerform` per call: its workers block rather than spin (perf-notes).
func layerParallel(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let parts = max(1, min(threads, count))
    if parts == 1 { body(0..<count); return }
    withoutActuallyEscaping(body) { chunk in
        // The kernels hand each part a disjoint range of rows; that is the data-race
        // freedom Sendable cannot see through raw pointers.
        let box = UncheckedChunk(run: chunk)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            box.run((part * count / parts)..<((part + 1) * count / parts))
        }
    }
}

/// Adds `source` into `destination` element-wise (residual connections).
///
/// - Complexity: O(count).
public func addInPlace(_ destination: FloatSlice, _ source: FloatSlice) {
    precondition(destination.count == source.count, "addInPlace of \(source.count) into \(destination.count) floats")
    vectorAxpy(1, source.pointer, destination.pointer, source.count)
}

/// log Σ eˣ over `values`, computed stably from the largest; -infinity entries (masked
/// items) add nothing, and the result is -infinity when every entry is.
///
/// The list search normalises a row of every catalog item at every step, and libm's
/// scalar `exp` made that a quarter of an explanation's time (perf, `curio bench why`).
/// - Complexity: O(count).
public func logSumExp(_ values: [Float]) -> Float {
    values.withUnsafeBufferPointer { buffer -> Float in
        guard let p = buffer.baseAddress, !buffer.isEmpty else { return -.infinity }
        let n = buffer.count
        let largest = vectorMax(p, n)
        guard largest > -.infinity else { return -.infinity }
        let shift = LayerVector(repeating: largest)
        var acc = LayerVector(), i = 0
        while i + layerLanes <= n { acc += vectorExp(loadVector(p + i) - shift); i += layerLanes }
        var total = acc.sum()
        while i < n { total += scalarExp(p[i] - largest); i += 1 }
        return largest + logf(total)
    }
}
