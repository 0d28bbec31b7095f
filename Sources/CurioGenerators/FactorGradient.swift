// Backward passes of the factor model: from gradients of scores to gradients of Q, P, b.
//
// score(i | H_b) = u_b·p_i + b_i with u_b = c_b·Σ_{j∈H_b} q_j and c_b = |H_b|^(−α), so
//   ∂/∂p_i = Σ_b dS[b,i]·u_b,   ∂/∂b_i = Σ_b dS[b,i],   du_b = Σ_i dS[b,i]·p_i,
//   ∂/∂q_j = Σ_{b : j∈H_b} c_b·du_b.
// Two forms: dense dS (an all-item softmax, three GEMMs' worth of work) and sparse dS (a
// handful of items per user, the discriminator's logistic loss).

import CurioKernels

/// Gradients of a loss with respect to a `FactorModel`'s parameters, same shapes.
public struct FactorGradient: Sendable, Equatable {
    /// dQ, [n×d].
    public var historyFactors: [Float]
    /// dP, [n×d].
    public var itemFactors: [Float]
    /// db, [n].
    public var biases: [Float]

    /// All-zero gradients for `model`'s shapes.
    public init(zeroFor model: FactorModel) {
        historyFactors = [Float](repeating: 0, count: model.historyFactors.count)
        itemFactors = [Float](repeating: 0, count: model.itemFactors.count)
        biases = [Float](repeating: 0, count: model.itemCount)
    }
}

/// One score gradient of a sparse backward pass: ∂loss/∂score(item | histories[row]).
public struct ScoreGradient: Sendable, Equatable {
    public var row: Int
    public var item: Int
    public var value: Float

    public init(row: Int, item: Int, value: Float) {
        self.row = row
        self.item = item
        self.value = value
    }
}

extension FactorModel {
    /// Accumulates into `gradient` the parameter gradients for dense score gradients
    /// `dScores` ([B×n]) of users folded from `histories` (distinct items) into `users`.
    ///
    /// - Complexity: O(B·n·d + Σ|H|·d), the first term in two GEMMs.
    public func backward(dScores: [Float], histories: [[Int]], users: [Float], into gradient: inout FactorGradient) {
        let n = itemCount, d = dimension, rows = histories.count
        guard rows > 0 else { return }
        var dUsers = [Float](repeating: 0, count: rows * d)
        dScores.withUnsafeBufferPointer { ds in
            users.withUnsafeBufferPointer { u in
                // dP += dSᵀ·U  ([n×B]·[B×d])
                gradient.itemFactors.withUnsafeMutableBufferPointer { dp in
                    gemm(transposeA: true, transposeB: false, m: n, n: d, k: rows,
                         a: ds.baseAddress!, lda: n, b: u.baseAddress!, ldb: d, c: dp.baseAddress!, ldc: d,
                         accumulate: true)
                }
            }
            // dU = dS·P  ([B×n]·[n×d])
            itemFactors.withUnsafeBufferPointer { p in
                dUsers.withUnsafeMutableBufferPointer { du in
                    gemm(transposeA: false, transposeB: false, m: rows, n: d, k: n,
                         a: ds.baseAddress!, lda: n, b: p.baseAddress!, ldb: d, c: du.baseAddress!, ldc: d)
                }
            }
        }
        for b in 0..<rows {
            let row = b * n
            for i in 0..<n { gradient.biases[i] += dScores[row + i] }
        }
        foldBackward(dUsers: dUsers, histories: histories, into: &gradient)
    }

    /// Accumulates into `gradient` the parameter gradients for a few score gradients per
    /// user (each `ScoreGradient.row` indexes `histories` and `users`).
    ///
    /// - Complexity: O((entries + Σ|H|)·d).
    public func backward(sparse entries: [ScoreGradient], histories: [[Int]], users: [Float],
                         into gradient: inout FactorGradient) {
        let d = dimension
        var dUsers = [Float](repeating: 0, count: histories.count * d)
        for entry in entries where entry.value != 0 {
            let p = entry.item * d, u = entry.row * d
            gradient.biases[entry.item] += entry.value
            for k in 0..<d {
                gradient.itemFactors[p + k] += entry.value * users[u + k]
                dUsers[u + k] += entry.value * itemFactors[p + k]
            }
        }
        foldBackward(dUsers: dUsers, histories: histories, into: &gradient)
    }

    /// dQ_j += |H_b|^(−α)·du_b for every j in H_b: the backward of `userVectors`.
    private func foldBackward(dUsers: [Float], histories: [[Int]], into gradient: inout FactorGradient) {
        let d = dimension
        for (b, history) in histories.enumerated() {
            let scale = foldScale(count: history.count), row = b * d
            for j in history {
                let q = j * d
                for k in 0..<d { gradient.historyFactors[q + k] += scale * dUsers[row + k] }
            }
        }
    }
}
