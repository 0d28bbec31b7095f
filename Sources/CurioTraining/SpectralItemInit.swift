import CurioKernels
import Foundation
import CurioModel

/// Item token embeddings that start where co-watching puts them, instead of at random.
///
/// The items' rows of the (tied) embedding are the leading right singular vectors of the
/// training users × items matrix, each column of an item scaled by 1/√(its count) (so
/// e_i·e_j approximates the cosine of the two items' audiences), weighted by √σ. A model
/// that starts there scores, before its first step, roughly as item-kNN does, and every
/// seed starts from the same geometry of the catalog.
///
/// Computed through the users' Gram matrix (U×U: 671 for MovieLens) by subspace iteration
/// and a Rayleigh–Ritz step, in about a second; items nobody trained on keep their rows.
enum SpectralItemInit {
    /// Overwrites the item rows of `model`'s token embedding; returns how many were set.
    ///
    /// - Parameters:
    ///   - histories: per user, training item indices.
    ///   - scale: the root mean square the new rows get (the random rows' is 0.02).
    @discardableResult
    static func apply(to model: TransformerModel, itemRange: Range<Int>, histories: [[Int]], scale: Float = 0.02,
                      seed: UInt64) -> Int {
        let C = model.config.dModel
        let rows = embeddings(histories: histories, itemCount: itemRange.count, dimension: C, seed: seed)
        var meanSquare = 0.0, trained = 0
        for row in rows.compactMap({ $0 }) {
            meanSquare += row.reduce(0.0) { $0 + Double($1 * $1) }
            trained += 1
        }
        guard trained > 0, meanSquare > 0 else { return 0 }
        let factor = scale / Float((meanSquare / Double(trained * C)).squareRoot())
        let base = ParameterLayout(config: model.config).tokenEmbedding
        var parameters = model.parameters.array
        for (item, row) in rows.enumerated() {
            guard let row else { continue }
            let start = base + (itemRange.lowerBound + item) * C
            for c in 0..<C { parameters[start + c] = row[c] * factor }
        }
        model.parameters.all.copy(from: parameters)
        return trained
    }

    /// Per item, its `dimension` spectral coordinates (nil for an item with no training user).
    static func embeddings(histories: [[Int]], itemCount: Int, dimension: Int, seed: UInt64) -> [[Float]?] {
        let users = histories.map { Array(Set($0)).sorted() }
        var counts = [Int](repeating: 0, count: itemCount)
        for history in users { for item in history { counts[item] += 1 } }
        var audiences = [[Int]](repeating: [], count: itemCount)
        for (u, history) in users.enumerated() { for item in history { audiences[item].append(u) } }
        let U = users.count
        let k = min(dimension, U)
        guard k > 0 else { return Array(repeating: nil, count: itemCount) }

        // G = X̃X̃ᵀ with X̃[u, i] = 1/√count(i): users who share items, weighted by 1/count.
        var gram = [Float](repeating: 0, count: U * U)
        for (item, audience) in audiences.enumerated() where !audience.isEmpty {
            let w = 1 / Float(counts[item])
            for u in audience { for v in audience { gram[u * U + v] += w } }
        }

        // Subspace iteration: Q ← orth(G·Q), then the eigenpairs of QᵀGQ.
        var random = ModelRandom(seed: seed ^ 0x5EC7_4A1C_0000_0001)
        var q = (0..<(U * k)).map { _ in Float(random.nextGaussian()) }
        var product = [Float](repeating: 0, count: U * k)
        orthonormalizeColumns(&q, rows: U, columns: k)
        for _ in 0..<24 {
            multiply(gram, q, into: &product, n: U, k: k)
            swap(&q, &product)
            orthonormalizeColumns(&q, rows: U, columns: k)
        }
        multiply(gram, q, into: &product, n: U, k: k)
        var small = [Float](repeating: 0, count: k * k)   // QᵀGQ
        q.withUnsafeBufferPointer { qp in
            product.withUnsafeBufferPointer { pp in
                small.withUnsafeMutableBufferPointer { sp in
                    gemm(transposeA: true, transposeB: false, m: k, n: k, k: U, a: qp.baseAddress!, lda: k,
                         b: pp.baseAddress!, ldb: k, c: sp.baseAddress!, ldc: k)
                }
            }
        }
        let (values, vectors) = symmetricEigen(small, n: k)
        // Left singular vectors U_c = Q·w_c with σ_c² = λ_c; an item's coordinates are
        // X̃ᵀU Σ^{-1/2} = (1/√count) Σ_{u ∋ i} U_u · λ^{-1/4}.
        var left = [Float](repeating: 0, count: U * k)
        for u in 0..<U {
            for c in 0..<k {
                var sum: Float = 0
                for j in 0..<k { sum += q[u * k + j] * vectors[j * k + c] }
                left[u * k + c] = sum
            }
        }
        let weights = values.map { $0 > 1e-8 ? Float(pow(Double($0), -0.25)) : 0 }
        var result = [[Float]?](repeating: nil, count: itemCount)
        for (item, audience) in audiences.enumerated() where !audience.isEmpty {
            var row = [Float](repeating: 0, count: dimension)
            let w = 1 / Float(counts[item]).squareRoot()
            for u in audience { for c in 0..<k { row[c] += left[u * k + c] } }
            for c in 0..<k { row[c] *= w * weights[c] }
            result[item] = row
        }
        return result
    }

    /// C = A·B for A [n×n], B [n×k].
    private static func multiply(_ a: [Float], _ b: [Float], into c: inout [Float], n: Int, k: Int) {
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    gemm(transposeA: false, transposeB: false, m: n, n: k, k: n, a: ap.baseAddress!, lda: n,
                         b: bp.baseAddress!, ldb: k, c: cp.baseAddress!, ldc: k)
                }
            }
        }
    }

    /// Modified Gram–Schmidt on the columns of a row-major [rows×columns] matrix; a column
    /// that vanishes is left at zero.
    private static func orthonormalizeColumns(_ m: inout [Float], rows: Int, columns: Int) {
        for c in 0..<columns {
            for p in 0..<c {
                var dot: Float = 0
                for r in 0..<rows { dot += m[r * columns + c] * m[r * columns + p] }
                for r in 0..<rows { m[r * columns + c] -= dot * m[r * columns + p] }
            }
            var norm: Float = 0
            for r in 0..<rows { norm += m[r * columns + c] * m[r * columns + c] }
            norm = norm.squareRoot()
            let scale: Float = norm > 1e-20 ? 1 / norm : 0
            for r in 0..<rows { m[r * columns + c] *= scale }
        }
    }
}

/// Eigenvalues and eigenvectors (columns of a row-major [n×n]) of a symmetric matrix, by
/// cyclic Jacobi rotations (Golub & Van Loan §8.5): slow for large n, exact enough and
/// simple for the k×k Rayleigh–Ritz matrix.
func symmetricEigen(_ matrix: [Float], n: Int) -> (values: [Float], vectors: [Float]) {
    var a = matrix.map(Double.init)
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    for _ in 0..<30 {
        var off = 0.0
        for i in 0..<n { for j in (i + 1)..<n { off += a[i * n + j] * a[i * n + j] } }
        if off < 1e-22 { break }
        for p in 0..<n {
            for q in (p + 1)..<n {
                let apq = a[p * n + q]
                if abs(apq) < 1e-30 { continue }
                let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k * n + p], akq = a[k * n + q]
                    a[k * n + p] = c * akp - s * akq
                    a[k * n + q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p * n + k], aqk = a[q * n + k]
                    a[p * n + k] = c * apk - s * aqk
                    a[q * n + k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let vkp = v[k * n + p], vkq = v[k * n + q]
                    v[k * n + p] = c * vkp - s * vkq
                    v[k * n + q] = s * vkp + c * vkq
                }
            }
        }
    }
    return ((0..<n).map { Float(a[$0 * n + $0]) }, v.map(Float.init))
}
