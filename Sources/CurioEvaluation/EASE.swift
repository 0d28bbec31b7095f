/// EASE, the embarrassingly shallow autoencoder (Steck, WWW 2019, "Embarrassingly
/// Shallow Autoencoders for Sparse Data").
///
/// An item-item weight matrix B with zero diagonal minimising ‖X − XB‖² + λ‖B‖², in
/// closed form: P = (XᵀX + λI)⁻¹, B = I − P·diagMat(1/diag(P)), i.e. B[i][j] =
/// −P[i][j]/P[j][j] for i ≠ j. A user's scores are x·B: the sum of the rows of B of
/// the items in the history.
public struct EASE: ItemScorer {
    public var name: String { "EASE" }
    /// The L2 regularisation λ.
    public let lambda: Float
    /// B, n×n row-major: row j holds what having item j adds to every item's score.
    public let weights: [Float]
    public let itemCount: Int

    /// Fits B from the co-occurrence matrix.
    ///
    /// - Parameters:
    ///   - gram: G = XᵀX, n×n row-major (see `cooccurrenceMatrix`).
    ///   - itemCount: n.
    ///   - lambda: λ > 0; larger shrinks B and favours popular items less.
    /// - Throws: `EvaluationError.notPositiveDefinite` if λ is too small for float32.
    /// - Complexity: O(n³) time (one SPD inversion), O(n²) memory.
    public init(gram: [Float], itemCount n: Int, lambda: Float) throws {
        var p = gram
        for i in 0..<n { p[i * n + i] += lambda }
        try invertSymmetricPositiveDefinite(&p, n: n)
        let diagonal = (0..<n).map { p[$0 * n + $0] }
        let scale = diagonal.map { -1 / $0 }
        for i in 0..<n {
            let row = i * n
            for j in 0..<n { p[row + j] *= scale[j] }
            p[row + i] = 0
        }
        self.lambda = lambda
        self.weights = p
        self.itemCount = n
    }

    /// - Complexity: O(n·|history|).
    public func score(history: [Int], into scores: inout [Float]) {
        let n = itemCount
        for i in 0..<n { scores[i] = 0 }
        for j in Set(history) {
            let row = j * n
            for i in 0..<n { scores[i] += weights[row + i] }
        }
    }
}
