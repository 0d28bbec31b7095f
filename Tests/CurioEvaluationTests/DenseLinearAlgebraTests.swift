import Testing
@testable import CurioEvaluation
import CurioRandom

/// A random symmetric positive-definite matrix XᵀX + λI, like EASE's.
private func gram(n: Int, rows: Int, lambda: Float, seed: UInt64) -> [Float] {
    var rng = SeededGenerator(seed: seed)
    var x = [Float](repeating: 0, count: rows * n)
    for i in x.indices where rng.next() % 5 == 0 { x[i] = 1 }
    var g = [Float](repeating: 0, count: n * n)
    for r in 0..<rows {
        for i in 0..<n where x[r * n + i] != 0 {
            for j in 0..<n where x[r * n + j] != 0 { g[i * n + j] += 1 }
        }
    }
    for i in 0..<n { g[i * n + i] += lambda }
    return g
}

/// Worst |A·A⁻¹ − I| entry, accumulated in Double.
private func worstResidual(_ a: [Float], _ inverse: [Float], n: Int) -> Double {
    var worst = 0.0
    for i in 0..<n {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<n { sum += Double(a[i * n + p]) * Double(inverse[p * n + j]) }
            worst = max(worst, abs(sum - (i == j ? 1 : 0)))
        }
    }
    return worst
}

@Test(arguments: [(n: 1, block: 4), (n: 7, block: 3), (n: 64, block: 16), (n: 101, block: 32), (n: 150, block: 192)])
func inverseTimesMatrixIsIdentity(n: Int, block: Int) throws {
    let a = gram(n: n, rows: 3 * n, lambda: 5, seed: UInt64(n))
    var inverse = a
    try invertSymmetricPositiveDefinite(&inverse, n: n, blockSize: block)
    let residual = worstResidual(a, inverse, n: n)
    #expect(residual < 1e-4, "n \(n), block \(block): worst |A·A⁻¹ − I| = \(residual)")
    // The inverse of a symmetric matrix is symmetric, both triangles filled.
    for i in 0..<n { for j in 0..<i { #expect(inverse[i * n + j] == inverse[j * n + i]) } }
}

@Test func blockSizeDoesNotChangeTheAnswer() throws {
    let n = 90
    let a = gram(n: n, rows: 200, lambda: 10, seed: 9)
    var small = a, large = a
    try invertSymmetricPositiveDefinite(&small, n: n, blockSize: 8)
    try invertSymmetricPositiveDefinite(&large, n: n, blockSize: 90)
    let worst = zip(small, large).map { abs($0 - $1) }.max()!
    #expect(worst < 1e-5, "blocked and unblocked inverses differ by \(worst)")
}

@Test func indefiniteMatrixIsReportedNotInverted() {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second pivot is 1 − 4 < 0.
    var a: [Float] = [1, 2, 2, 1]
    #expect(throws: EvaluationError.notPositiveDefinite(column: 1)) {
        try invertSymmetricPositiveDefinite(&a, n: 2, blockSize: 1)
    }
}
