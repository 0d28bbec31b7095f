import Testing
@testable import CurioKernels

/// Every transpose variant of `gemm` agrees with a plain triple loop.
@Suite struct GemmTests {
    func naive(_ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ b: [Float]) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n {
            var s: Float = 0
            for p in 0..<k {
                let x = tA ? a[p * m + i] : a[i * k + p]
                let y = tB ? b[j * k + p] : b[p * n + j]
                s += x * y
            }
            c[i * n + j] = s
        } }
        return c
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matchesNaive(_ transposes: (Bool, Bool)) {
        let (tA, tB) = transposes
        for (m, n, k) in [(1, 1, 1), (7, 13, 5), (37, 70, 33), (64, 48, 129)] {
            var rng = SystemRandomNumberGenerator()
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &rng) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &rng) }
            var c = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
                gemm(transposeA: tA, transposeB: tB, m: m, n: n, k: k,
                     a: pa.baseAddress!, lda: tA ? m : k, b: pb.baseAddress!, ldb: tB ? k : n,
                     c: pc.baseAddress!, ldc: n)
            } } }
            let want = naive(tA, tB, m, n, k, a, b)
            let worst = zip(c, want).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-4, "gemm tA=\(tA) tB=\(tB) \(m)x\(n)x\(k): worst difference \(worst)")
        }
    }
}
