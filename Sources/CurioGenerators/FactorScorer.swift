// A factor model as one of curio's recommenders.

import CurioEvaluation

/// Ranks items with a `FactorModel`: score(i | H) = u(H)·p_i + b_i for the user's liked
/// items H. Reported as "MF" for the pretrained initialisation and "IRGAN" for the
/// adversarially trained generator.
public struct FactorScorer: ItemScorer {
    public let name: String
    public let model: FactorModel

    public init(name: String, model: FactorModel) {
        self.name = name
        self.model = model
    }

    /// Writes every item's score; `scores` is resized to the model's item count if needed.
    ///
    /// - Complexity: O(|H|·d + n·d).
    public func score(history: [Int], into scores: inout [Float]) {
        let folded = [model.distinctItems(history)]
        scores = model.scores(users: model.userVectors(folded), rows: 1)
    }

    /// Scores a batch with one GEMM. Columns past the model's items (a wider `itemCount`
    /// than the model was trained for) score −∞, so they are never recommended.
    ///
    /// - Complexity: O(Σ|H|·d + B·n·d).
    public func score(histories: [[Int]], itemCount: Int, into scores: inout [Float]) {
        let folded = histories.map(model.distinctItems)
        let n = model.itemCount
        let computed = model.scores(users: model.userVectors(folded), rows: folded.count)
        if itemCount == n && scores.count == computed.count {
            scores = computed
            return
        }
        if scores.count < histories.count * itemCount {
            scores = [Float](repeating: 0, count: histories.count * itemCount)
        }
        for b in 0..<histories.count {
            for i in 0..<itemCount { scores[b * itemCount + i] = i < n ? computed[b * n + i] : -.infinity }
        }
    }
}
