// IRGAN's initialisation (Wang et al., SIGIR 2017, §3.1: both players start from a
// pretrained matrix factorisation): the factor model trained alone, by maximum
// likelihood under the same all-item softmax the generator later samples from.
//
// The full softmax (rather than BPR's one sampled negative) is affordable here, one GEMM
// per batch, and is the stronger objective for full-ranking metrics (Rendle et al., "On
// Sampled Metrics for Item Recommendation", KDD 2020; Klenitskiy & Vasilev, RecSys 2023).

import Foundation

/// The MF pretraining objective: for each row, the mean negative log-likelihood of its
/// targets under p(i | H) = softmax over the items not in H; averaged over rows.
public enum MFPretraining {
    /// The loss alone (for finite-difference checks and monitoring).
    ///
    /// - Complexity: O(B·n·d), one GEMM.
    public static func loss(model: FactorModel, histories: [[Int]], targets: [[Int]]) -> Float {
        evaluate(model: model, histories: histories, targets: targets, wantGradient: false).loss
    }

    /// The loss and its gradient.
    ///
    /// loss = −(1/B)·Σ_b (1/|T_b|)·Σ_{t∈T_b} log p(t | H_b), so
    /// ∂loss/∂score(i | H_b) = (p(i | H_b) − [i∈T_b]/|T_b|) / B for i ∉ H_b, 0 otherwise.
    ///
    /// - Parameters:
    ///   - histories: per row, distinct item indices folded into the user vector.
    ///   - targets: per row, items not in the history, at least one.
    /// - Complexity: O(B·n·d) in three GEMMs.
    public static func lossAndGradient(model: FactorModel, histories: [[Int]],
                                       targets: [[Int]]) -> (loss: Float, gradient: FactorGradient) {
        let result = evaluate(model: model, histories: histories, targets: targets, wantGradient: true)
        return (result.loss, result.gradient!)
    }

    private static func evaluate(model: FactorModel, histories: [[Int]], targets: [[Int]],
                                 wantGradient: Bool) -> (loss: Float, gradient: FactorGradient?) {
        let rows = histories.count, n = model.itemCount
        precondition(targets.count == rows, "one target list per history")
        guard rows > 0 else { return (0, wantGradient ? FactorGradient(zeroFor: model) : nil) }
        let users = model.userVectors(histories)
        var probabilities = model.scores(users: users, rows: rows)
        maskedSoftmax(&probabilities, rows: rows, itemCount: n, histories: histories, temperature: 1)
        var loss: Double = 0
        for b in 0..<rows {
            let weight = 1 / Double(targets[b].count)
            for t in targets[b] {
                loss -= weight * Double(Foundation.log(max(probabilities[b * n + t], .leastNormalMagnitude)))
            }
        }
        loss /= Double(rows)
        guard wantGradient else { return (Float(loss), nil) }
        // dS = (P − Y)/B in place of the probabilities (history entries are already 0).
        var dScores = probabilities
        let inverseRows = 1 / Float(rows)
        for b in 0..<rows {
            let row = b * n, weight = 1 / Float(targets[b].count)
            for t in targets[b] { dScores[row + t] -= weight }
        }
        for i in dScores.indices { dScores[i] *= inverseRows }
        var gradient = FactorGradient(zeroFor: model)
        model.backward(dScores: dScores, histories: histories, users: users, into: &gradient)
        return (Float(loss), gradient)
    }
}
