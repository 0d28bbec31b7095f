import Foundation
import Testing
@testable import CurioKernels
import CurioRandom

/// Test matrices: uniform in [-1, 1], the same on every run for a seed.
extension SeededGenerator {
    mutating func floats(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &self) }
    }
}

/// Records a failure naming `label`, the worst difference and the first mismatches,
/// when any element of `got` is further than `tolerance` from `want`.
func expectAgrees(_ label: String, got: [Float], want: [Float], tolerance: Float,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == want.count, "\(label): \(got.count) values, expected \(want.count)",
            sourceLocation: sourceLocation)
    var worst: Float = 0
    var mismatches: [String] = []
    for (i, (g, w)) in zip(got, want).enumerated() {
        let d = abs(g - w)
        if !(d <= tolerance) {
            if mismatches.count < 5 { mismatches.append("[\(i)] got \(g), want \(w)") }
            worst = d.isNaN ? .nan : max(worst, d)
        }
    }
    #expect(mismatches.isEmpty,
            "\(label): worst difference \(worst) > \(tolerance); first mismatches: \(mismatches.joined(separator: "; "))",
            sourceLocation: sourceLocation)
}

@Suite struct GemmTests {
    /// op(A)·op(B) (+ C0) in Double, straight from the definition.
    func naive(_ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int,
               _ a: [Float], lda: Int, _ b: [Float], ldb: Int,
               _ c0: [Float], ldc: Int, accumulate: Bool) -> [Float] {
        var c = c0
        for i in 0..<m { for j in 0..<n {
            var s: Double = accumulate ? Double(c0[i * ldc + j]) : 0
            for p in 0..<k {
                let x = tA ? a[p * lda + i] : a[i * lda + p]
                let y = tB ? b[j * ldb + p] : b[p * ldb + j]
                s += Double(x) * Double(y)
            }
            c[i * ldc + j] = Float(s)
        } }
        return c
    }

    /// Runs one product with padded leading dimensions and compares with `naive`,
    /// including the padding, which gemm must leave untouched.
    func check(_ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int,
               accumulate: Bool, threads: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let lda = (tA ? m : k) + 3, ldb = (tB ? k : n) + 2, ldc = n + 5
        let a = rng.floats((tA ? k : m) * lda)
        let b = rng.floats((tB ? n : k) * ldb)
        let c0 = rng.floats(m * ldc)
        var c = c0
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
            gemm(transposeA: tA, transposeB: tB, m: m, n: n, k: k,
                 a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                 c: pc.baseAddress!, ldc: ldc, accumulate: accumulate, threads: threads)
        } } }
        let want = naive(tA, tB, m, n, k, a, lda: lda, b, ldb: ldb, c0, ldc: ldc, accumulate: accumulate)
        let tolerance = 2e-6 * Float(k) + 1e-6
        expectAgrees("gemm tA=\(tA) tB=\(tB) m=\(m) n=\(n) k=\(k) accumulate=\(accumulate) threads=\(threads)",
                     got: c, want: want, tolerance: tolerance)
    }

    static let variants = [(false, false), (true, false), (false, true), (true, true)]

    /// Shapes that exercise every edge: single elements, partial micro-tiles on both
    /// sides, exact tiles, depth past one kc block (256 or 384), rows past one mc block (144),
    /// a depth that is not a multiple of 16, B too big to pack whole (k·n > 2^20), and
    /// one or two rows (the unpacked path).
    static let shapes = [(1, 1, 1), (1, 37, 5), (7, 1, 13), (6, 16, 256), (12, 64, 32),
                         (13, 33, 17), (37, 70, 400), (150, 20, 9), (5, 4100, 3), (64, 48, 129),
                         (7, 4100, 400), (2, 70, 33), (1, 300, 13), (2, 9, 400)]

    @Test(arguments: variants)
    func matchesNaiveOnOddShapes(_ transposes: (Bool, Bool)) {
        let (tA, tB) = transposes
        for (index, (m, n, k)) in Self.shapes.enumerated() {
            check(tA, tB, m, n, k, accumulate: false, threads: 1, seed: UInt64(index))
        }
    }

    @Test(arguments: variants)
    func accumulateAddsToC(_ transposes: (Bool, Bool)) {
        let (tA, tB) = transposes
        for (index, (m, n, k)) in [(13, 33, 17), (37, 70, 400), (1, 5, 2), (2, 21, 7)].enumerated() {
            check(tA, tB, m, n, k, accumulate: true, threads: 1, seed: 100 + UInt64(index))
        }
    }

    /// Each loop order, forced, on shapes with edges and several depth blocks, so every
    /// order is tested whichever one the size heuristics would pick.
    @Test(arguments: GemmLoopOrder.allCases)
    func everyLoopOrderMatchesNaive(_ order: GemmLoopOrder) {
        for (index, (tA, tB)) in Self.variants.enumerated() {
            for (m, n, k) in [(13, 37, 300), (1, 200, 5), (151, 18, 513)] {
                var rng = SeededGenerator(seed: 200 + UInt64(index))
                let lda = (tA ? m : k) + 1, ldb = (tB ? k : n) + 1, ldc = n + 2
                let a = rng.floats((tA ? k : m) * lda), b = rng.floats((tB ? n : k) * ldb)
                let c0 = rng.floats(m * ldc)
                var c = c0
                a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
                    GemmProblem(transposeA: tA, transposeB: tB, k: k, a: pa.baseAddress!, lda: lda,
                                b: pb.baseAddress!, ldb: ldb, c: pc.baseAddress!, ldc: ldc, accumulate: true)
                        .run(rows: 0..<m, cols: 0..<n, order: order)
                } } }
                let want = naive(tA, tB, m, n, k, a, lda: lda, b, ldb: ldb, c0, ldc: ldc, accumulate: true)
                expectAgrees("gemm order \(order) tA=\(tA) tB=\(tB) m=\(m) n=\(n) k=\(k)", got: c, want: want,
                             tolerance: 2e-6 * Float(k) + 1e-6)
            }
        }
    }

    /// Big enough to be split across threads, both along n (wide C) and along m (tall C).
    @Test(arguments: variants)
    func twoThreadsMatchNaive(_ transposes: (Bool, Bool)) {
        let (tA, tB) = transposes
        check(tA, tB, 70, 400, 160, accumulate: false, threads: 2, seed: 7)
        check(tA, tB, 301, 50, 400, accumulate: true, threads: 2, seed: 8)
        check(tA, tB, 12, 9000, 260, accumulate: true, threads: 2, seed: 9)  // classic order per slice
        check(tA, tB, 301, 50, 200, accumulate: true, threads: 2, seed: 10)  // row chunks claimed (one depth block)
        check(tA, tB, 256, 256, 256, accumulate: false, threads: 3, seed: 11)  // column chunks, more threads than cores
    }

    /// The thread count must not change a single bit of the result: fixed slices (deep
    /// products) and claimed chunks (one depth block, cut along columns or rows) alike.
    @Test(arguments: [(200, 300, 270), (300, 200, 270), (200, 300, 700), (256, 256, 256)])
    func threadCountDoesNotChangeResult(_ shape: (Int, Int, Int)) {
        var rng = SeededGenerator(seed: 42)
        let (m, n, k) = shape
        let a = rng.floats(m * k), b = rng.floats(n * k)
        func run(_ threads: Int) -> [Float] {
            var c = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
                gemm(transposeA: false, transposeB: true, m: m, n: n, k: k,
                     a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: k,
                     c: pc.baseAddress!, ldc: n, threads: threads)
            } } }
            return c
        }
        #expect(gemmThreadCount(m: m, n: n, k: k, threads: 2) == 2)
        let one = run(1)
        #expect(one == run(2))
        #expect(one == run(2))  // and again: which thread claims which chunk varies
    }

    /// Every chunk is claimed exactly once and finished before `runSharing` returns,
    /// however many threads share them.
    @Test(arguments: [1, 2, 3, 8])
    func sharedChunksAreEachDoneOnceBeforeReturning(_ threads: Int) {
        final class Tally: @unchecked Sendable { var hits = [Int](repeating: 0, count: 40) }
        let tally = Tally()
        let lock = NSLock()
        Parallelism.runSharing(chunks: 40, threads: threads) { claim in
            while let chunk = claim() {
                usleep(50)  // long enough for a helper to arrive and claim some
                lock.lock(); tally.hits[chunk] += 1; lock.unlock()
            }
        }
        #expect(tally.hits == [Int](repeating: 1, count: 40))
    }

    @Test func zeroDepthClearsOrKeepsC() {
        var c: [Float] = [1, 2, 3, 4, 5, 6]
        let a: [Float] = [0], b: [Float] = [0]
        c.withUnsafeMutableBufferPointer { pc in
            gemm(transposeA: false, transposeB: false, m: 2, n: 3, k: 0, a: a, lda: 1, b: b, ldb: 3,
                 c: pc.baseAddress!, ldc: 3, accumulate: true)
        }
        #expect(c == [1, 2, 3, 4, 5, 6])
        c.withUnsafeMutableBufferPointer { pc in
            gemm(transposeA: false, transposeB: false, m: 2, n: 3, k: 0, a: a, lda: 1, b: b, ldb: 3,
                 c: pc.baseAddress!, ldc: 3)
        }
        #expect(c == [0, 0, 0, 0, 0, 0])
    }

    @Test func smallProductsStayOnOneThread() {
        #expect(gemmThreadCount(m: 16, n: 16, k: 16, threads: 8) == 1)
        #expect(gemmThreadCount(m: 1024, n: 1024, k: 1024, threads: 2) == 2)
        #expect(gemmThreadCount(m: 1024, n: 1024, k: 1024, threads: 1) == 1)
        #expect(gemmThreadCount(m: 1, n: 16384, k: 256, threads: 2) == 2)
    }

    @Test func transposeOf8x8Block() {
        func row(_ r: Int) -> SIMD8<Float> { SIMD8<Float>((0..<8).map { Float(r * 8 + $0) }) }
        var (r0, r1, r2, r3, r4, r5, r6, r7) = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
        transpose8x8(&r0, &r1, &r2, &r3, &r4, &r5, &r6, &r7)
        let rows = [r0, r1, r2, r3, r4, r5, r6, r7]
        let flat: [Float] = rows.flatMap { v in (0..<8).map { v[$0] } }
        let want: [Float] = (0..<64).map { (index: Int) -> Float in Float((index % 8) * 8 + index / 8) }
        #expect(flat == want)
    }

    @Test func partitionCoversRangeInGranules() {
        let parts = Parallelism.partition(100, parts: 3, granule: 16)
        #expect(parts == [0..<48, 48..<80, 80..<100])
        #expect(Parallelism.partition(5, parts: 2, granule: 16) == [0..<5, 5..<5])
    }
}
