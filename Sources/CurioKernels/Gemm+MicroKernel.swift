// The GEMM micro-kernel: one 6×NR tile of C from packed panels of A and B.
//
// The tile is 6 rows by two vectors. On AVX-512 (built with CURIO_AVX512, see
// Package.swift) a vector is SIMD16<Float>, one zmm register, and the tile is 6x32;
// on AVX2 it is SIMD8<Float>, one ymm register, and the tile is 6x16. Either way the
// kernel holds 12 accumulators, 2 B vectors and 1 broadcast A value in registers (15 of
// the 16 ymm that AVX2 has: a 6x32 tile of SIMD16 on AVX2 would need 24 and spill).
// Per step of k it issues 12 FMAs against 2 vector loads and 6 broadcasts, enough
// independent FMAs to cover their 4-cycle latency on both FMA pipes (perf-notes: the
// 6x32 tile reaches 245-249 GFLOP/s on a Zen 5 core). The structure is the BLIS
// micro-kernel (Van Zee & van de Geijn, "BLIS: A Framework for Rapidly Instantiating
// BLAS Functionality", ACM TOMS 2015).

#if CURIO_AVX512
/// One register of floats: a zmm.
typealias GemmVector = SIMD16<Float>
/// Columns of C in one micro-tile (two vectors).
let gemmNR = 32
#else
/// One register of floats: a ymm.
typealias GemmVector = SIMD8<Float>
/// Columns of C in one micro-tile (two vectors).
let gemmNR = 16
#endif
/// Rows of C in one micro-tile.
let gemmMR = 6

extension SIMD where Scalar == Float {
    /// Loads a vector from memory with no alignment requirement.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }

    /// Stores the vector to memory with no alignment requirement.
    @inline(__always)
    func store(to p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
}

/// C[6×NR] (=|+=) Ap[6×kc] · Bp[kc×NR] for packed panels.
///
/// A[r, p] is read at `a[r·aRowStride + p·aKStride]`, so one kernel serves both packed
/// A layouts (`[6][kc]`: strides (kc, 1); `[kc][6]`: strides (1, 6)); callers pass
/// them as literals or loop invariants, so they cost nothing per step. `b` holds kc
/// groups of NR values (one row of the B panel). C is written row-major with row
/// stride `ldc`.
///
/// - Complexity: O(kc).
@inline(__always)
func gemmMicroKernel(
    kc: Int,
    a: UnsafePointer<Float>,          // [6][kc] or [kc][6]
    aRowStride: Int, aKStride: Int,
    b: UnsafePointer<Float>,          // [kc][NR]
    c: UnsafeMutablePointer<Float>,   // [6][ldc]
    ldc: Int,
    accumulate: Bool
) {
    typealias V = GemmVector
    let rs = aRowStride
    let w = V.scalarCount
    var c00 = V(), c01 = V()
    var c10 = V(), c11 = V()
    var c20 = V(), c21 = V()
    var c30 = V(), c31 = V()
    var c40 = V(), c41 = V()
    var c50 = V(), c51 = V()

    var pa = a
    var pb = b
    for _ in 0..<kc {
        let b0 = V.load(pb)
        let b1 = V.load(pb + V.scalarCount)
        var s = V(repeating: pa[0])
        c00.addProduct(s, b0); c01.addProduct(s, b1)
        s = V(repeating: pa[rs])
        c10.addProduct(s, b0); c11.addProduct(s, b1)
        s = V(repeating: pa[2 * rs])
        c20.addProduct(s, b0); c21.addProduct(s, b1)
        s = V(repeating: pa[3 * rs])
        c30.addProduct(s, b0); c31.addProduct(s, b1)
        s = V(repeating: pa[4 * rs])
        c40.addProduct(s, b0); c41.addProduct(s, b1)
        s = V(repeating: pa[5 * rs])
        c50.addProduct(s, b0); c51.addProduct(s, b1)
        pa += aKStride
        pb += gemmNR
    }

    if accumulate {
        c00 += .load(c);                c01 += .load(c + w)
        c10 += .load(c + ldc);          c11 += .load(c + ldc + w)
        c20 += .load(c + 2 * ldc);      c21 += .load(c + 2 * ldc + w)
        c30 += .load(c + 3 * ldc);      c31 += .load(c + 3 * ldc + w)
        c40 += .load(c + 4 * ldc);      c41 += .load(c + 4 * ldc + w)
        c50 += .load(c + 5 * ldc);      c51 += .load(c + 5 * ldc + w)
    }
    c00.store(to: c);               c01.store(to: c + w)
    c10.store(to: c + ldc);         c11.store(to: c + ldc + w)
    c20.store(to: c + 2 * ldc);     c21.store(to: c + 2 * ldc + w)
    c30.store(to: c + 3 * ldc);     c31.store(to: c + 3 * ldc + w)
    c40.store(to: c + 4 * ldc);     c41.store(to: c + 4 * ldc + w)
    c50.store(to: c + 5 * ldc);     c51.store(to: c + 5 * ldc + w)
}

/// The micro-kernel for a partial tile (fewer than 6 rows or NR columns of C left).
///
/// Computes the full 6×NR product into a scratch tile (the packed panels are
/// zero-padded, so the extra lanes are harmless) and copies only the `mr×nr` corner.
///
/// - Complexity: O(kc).
@inline(never)
func gemmEdgeKernel(
    kc: Int, mr: Int, nr: Int,
    a: UnsafePointer<Float>,          // [6][kc] or [kc][6]
    aRowStride: Int, aKStride: Int,
    b: UnsafePointer<Float>,          // [kc][NR]
    c: UnsafeMutablePointer<Float>,   // [mr][ldc]
    ldc: Int,
    accumulate: Bool
) {
    withUnsafeTemporaryAllocation(of: Float.self, capacity: gemmMR * gemmNR) { tile in
        let t = tile.baseAddress!
        gemmMicroKernel(kc: kc, a: a, aRowStride: aRowStride, aKStride: aKStride,
                        b: b, c: t, ldc: gemmNR, accumulate: false)
        for i in 0..<mr {
            let src = t + i * gemmNR
            let dst = c + i * ldc
            if accumulate {
                for j in 0..<nr { dst[j] += src[j] }
            } else {
                for j in 0..<nr { dst[j] = src[j] }
            }
        }
    }
}
