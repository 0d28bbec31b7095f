// The two players' objectives of IRGAN's item-recommendation game (Wang et al., "IRGAN: A
// Minimax Game for Unifying Generative and Discriminative Information Retrieval Models",
// SIGIR 2017, eqs. 1-5), with hand-written gradients.
//
// The discriminator D estimates the probability that (H, i) is a real interaction,
// σ(score_D(i | H)). The generator G is the policy p_θ(i | H) = softmax(score_G/τ) over the
// items not in H; it cannot be differentiated through its discrete samples, so it climbs
// the REINFORCE estimator (Williams 1992) of ∇E_{i∼p_θ}[reward(i)], with the paper's
// item-recommendation reward log(1 + exp(score_D(i | H))).

import Foundation

/// The discriminator's logistic loss: real held-out items against items drawn from G.
public enum IRGANDiscriminator {
    /// loss = (1/B)·Σ_b [ −(1/|T_b|)·Σ_{t∈T_b} log σ(s_t) − (1/|N_b|)·Σ_{g∈N_b} log(1 − σ(s_g)) ]
    /// where s = score_D(· | H_b), T_b the real targets and N_b the generated items.
    ///
    /// - Complexity: O((Σ|T| + Σ|N| + Σ|H|)·d).
    public static func loss(model: FactorModel, histories: [[Int]], positives: [[Int]], negatives: [[Int]]) -> Float {
        evaluate(model: model, histories: histories, positives: positives, negatives: negatives, wantGradient: false).loss
    }

    /// The loss above and its gradient: ∂/∂s_t = −(1 − σ(s_t))/(B·|T_b|) and
    /// ∂/∂s_g = σ(s_g)/(B·|N_b|).
    ///
    /// - Complexity: O((Σ|T| + Σ|N| + Σ|H|)·d).
    public static func lossAndGradient(model: FactorModel, histories: [[Int]], positives: [[Int]],
                                       negatives: [[Int]]) -> (loss: Float, gradient: FactorGradient) {
        let result = evaluate(model: model, histories: histories, positives: positives, negatives: negatives,
                              wantGradient: true)
        return (result.loss, result.gradient!)
    }

    private static func evaluate(model: FactorModel, histories: [[Int]], positives: [[Int]], negatives: [[Int]],
                                 wantGradient: Bool) -> (loss: Float, gradient: FactorGradient?) {
        let rows = histories.count
        precondition(positives.count == rows && negatives.count == rows, "one positive and negative list per history")
        let users = model.userVectors(histories)
        var loss: Double = 0
        var entries: [ScoreGradient] = []
        let inverseRows = 1 / Float(max(rows, 1))
        for b in 0..<rows {
            let positiveWeight = 1 / Float(max(positives[b].count, 1))
            for t in positives[b] {
                let s = model.score(item: t, users: users, row: b)
                loss += Double(positiveWeight * softplus(-s))  // −log σ(s)
                entries.append(ScoreGradient(row: b, item: t, value: -(1 - sigmoid(s)) * positiveWeight * inverseRows))
            }
            let negativeWeight = 1 / Float(max(negatives[b].count, 1))
            for g in negatives[b] {
                let s = model.score(item: g, users: users, row: b)
                loss += Double(negativeWeight * softplus(s))  // −log(1 − σ(s))
                entries.append(ScoreGradient(row: b, item: g, value: sigmoid(s) * negativeWeight * inverseRows))
            }
        }
        loss /= Double(max(rows, 1))
        guard wantGradient else { return (Float(loss), nil) }
        var gradient = FactorGradient(zeroFor: model)
        model.backward(sparse: entries, histories: histories, users: users, into: &gradient)
        return (Float(loss), gradient)
    }

    /// IRGAN's reward for generated items: log(1 + exp(score_D(i | H))) for each sample of
    /// each row (§3.1: the generator is rewarded for items D takes for real ones).
    ///
    /// - Complexity: O((Σ|H| + Σ|samples|)·d).
    public static func rewards(model: FactorModel, histories: [[Int]], samples: [[Int]]) -> [[Float]] {
        let users = model.userVectors(histories)
        return samples.enumerated().map { b, items in
            items.map { softplus(model.score(item: $0, users: users, row: b)) }
        }
    }
}

/// The generator's policy-gradient step.
///
/// Which estimator: the paper's code samples from a mixture of p_θ and the user's
/// positives and corrects with importance weights; here the samples come from p_θ itself
/// and each user's mean reward over their own samples is subtracted as a baseline. Both
/// are unbiased; plain on-policy sampling needs no weights that can explode when p_θ puts
/// little mass on a positive, and the per-user baseline removes most of the variance that
/// comes from some users simply having higher rewards than others (Williams 1992, §7).
public enum IRGANPolicyGradient {
    /// The surrogate whose gradient is the REINFORCE estimator, for fixed samples and
    /// advantages (reward − baseline):
    /// L = −(1/B)·Σ_b (1/K_b)·Σ_k A_bk·log p_θ(g_bk | H_b).
    ///
    /// - Complexity: O(B·n·d), one GEMM.
    public static func surrogateLoss(model: FactorModel, histories: [[Int]], samples: [[Int]],
                                     advantages: [[Float]], temperature: Float) -> Float {
        let rows = histories.count, n = model.itemCount
        let users = model.userVectors(histories)
        var probabilities = model.scores(users: users, rows: rows)
        maskedSoftmax(&probabilities, rows: rows, itemCount: n, histories: histories, temperature: temperature)
        var loss: Double = 0
        for b in 0..<rows {
            let weight = 1 / Double(max(samples[b].count, 1))
            for (k, g) in samples[b].enumerated() {
                loss -= weight * Double(advantages[b][k]) * Double(Foundation.log(max(probabilities[b * n + g], .leastNormalMagnitude)))
            }
        }
        return Float(loss / Double(max(rows, 1)))
    }

    /// The gradient of `surrogateLoss`: with z = score/τ and log p = z − logsumexp(z),
    /// ∂L/∂score(j | H_b) = −(1/(τ·B·K_b))·Σ_k A_bk·([g_bk = j] − p_θ(j | H_b)).
    ///
    /// Takes the probabilities already computed for sampling (`policy`), so a G step costs
    /// one forward GEMM and two backward ones.
    ///
    /// - Complexity: O(B·n·d) in two GEMMs.
    public static func gradient(model: FactorModel, histories: [[Int]], policy: IRGANPolicy, samples: [[Int]],
                                advantages: [[Float]]) -> FactorGradient {
        let rows = histories.count, n = model.itemCount
        var dScores = [Float](repeating: 0, count: rows * n)
        let inverseRows = 1 / Float(max(rows, 1))
        for b in 0..<rows where !samples[b].isEmpty {
            let row = b * n
            let scale = inverseRows / (policy.temperature * Float(samples[b].count))
            let total = advantages[b].reduce(0, +)
            // Σ_k A_k·p_j: zero when the baseline is the row's mean, kept for any baseline.
            if total != 0 {
                for i in 0..<n { dScores[row + i] = scale * total * policy.probabilities[row + i] }
            }
            for (k, g) in samples[b].enumerated() { dScores[row + g] -= scale * advantages[b][k] }
        }
        var gradient = FactorGradient(zeroFor: model)
        model.backward(dScores: dScores, histories: histories, users: policy.users, into: &gradient)
        return gradient
    }
}
