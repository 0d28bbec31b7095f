// Softmax and cross-entropy over rows of logits: the most expensive non-GEMM work in a
// training step (4,096 rows × 16,384 logits at the reference shape), so every pass is SIMD
// and rows are split across threads.
//
// Dimensions: R rows, W logits per row (the full vocabulary, or only the item tokens when
// a position's softmax is restricted to them).

import Foundation

/// Softmax of one row in place; returns log Σ exp(x) (the log-partition).
///
/// Logits of −∞ (masked tokens) get probability exactly 0.
@inline(__always) private func softmaxRow(_ row: UnsafeMutablePointer<Float>, _ W: Int) -> Float {
    let peak = vectorMax(row, W)
    var acc = LayerVector(), j = 0
    while j + layerLanes <= W {
        let e = vectorExp(loadVector(row + j) - peak)
        storeVector(e, row + j); acc += e; j += layerLanes
    }
    var total = acc.sum()
    while j < W { let e = scalarExp(row[j] - peak); row[j] = e; total += e; j += 1 }
    vectorScale(row, 1 / total, W)
    return peak + log(total)
}

/// Replaces each row of logits by its softmax, in place.
///
/// Masked entries (−∞) come out exactly 0. A row whose entries are all −∞ has no
/// distribution; callers must not pass one (it yields NaN).
///
/// - Parameters:
///   - values: [R×W] logits in, probabilities out.
/// - Complexity: O(R·W).
public func softmaxForward(values: FloatSlice, rows R: Int, width W: Int, threads: Int = 1) {
    values.require(R * W, "softmax values")
    let v = values.pointer
    layerParallel(R, threads: threads) { rows in
        for r in rows { _ = softmaxRow(v + r * W, W) }
    }
}

/// Softmax cross-entropy: turns logits into probabilities in place and writes each row's
/// loss −log p(target).
///
/// - Parameters:
///   - probabilities: [R×W] logits in, probabilities out (kept for the backward pass).
///   - losses: [R] per-row negative log-likelihood.
///   - targets: per row, the index of the correct logit in 0..<W.
/// - Complexity: O(R·W).
public func crossEntropyForward(probabilities: FloatSlice, losses: FloatSlice, targets: [Int32],
                                rows R: Int, width W: Int, threads: Int = 1) {
    probabilities.require(R * W, "crossEntropy probabilities"); losses.require(R, "crossEntropy losses")
    precondition(targets.count >= R, "crossEntropy needs \(R) targets, got \(targets.count)")
    let p = probabilities.pointer, loss = losses.pointer
    targets.withUnsafeBufferPointer { target in
        layerParallel(R, threads: threads) { rows in
            for r in rows {
                let row = p + r * W, t = Int(target[r])
                precondition(t >= 0 && t < W, "crossEntropy target \(t) out of 0..<\(W)")
                let logit = row[t]
                loss[r] = softmaxRow(row, W) - logit
            }
        }
    }
}

/// Backward of `crossEntropyForward` for loss = Σ_r weight·loss[r]: turns probabilities into
/// d loss / d logits = weight·(p − onehot(target)), in place.
///
/// - Parameters:
///   - dLogits: [R×W] probabilities in, gradients out.
///   - weight: the loss scale, e.g. 1/(number of counted positions) for a mean.
/// - Complexity: O(R·W).
public func crossEntropyBackward(dLogits: FloatSlice, targets: [Int32], rows R: Int, width W: Int,
                                 weight: Float, threads: Int = 1) {
    dLogits.require(R * W, "crossEntropy dLogits")
    precondition(targets.count >= R, "crossEntropy needs \(R) targets, got \(targets.count)")
    let d = dLogits.pointer
    targets.withUnsafeBufferPointer { target in
        layerParallel(R, threads: threads) { rows in
            for r in rows {
                let row = d + r * W
                vectorScale(row, weight, W)
                row[Int(target[r])] -= weight
            }
        }
    }
}

/// Adds distillation to `crossEntropyBackward`'s gradients: with a share `share` of each
/// row learnt from a teacher's distribution q instead of the true target, the gradient
/// weight·(p − onehot) becomes weight·(p − (1−share)·onehot − share·q), i.e. it gains
/// share·weight·(onehot − q).
///
/// - Parameters:
///   - dLogits: [R×W] gradients from `crossEntropyBackward`, adjusted in place.
///   - softTargets: [R×W] the teacher's probabilities.
/// - Complexity: O(R·W).
public func softTargetBackward(dLogits: FloatSlice, softTargets: FloatSlice, targets: [Int32], share: Float,
                               rows R: Int, width W: Int, weight: Float) {
    dLogits.require(R * W, "softTarget dLogits"); softTargets.require(R * W, "softTarget targets")
    precondition(targets.count >= R, "softTarget needs \(R) targets, got \(targets.count)")
    let a = share * weight, d = dLogits.pointer, q = softTargets.pointer
    for r in 0..<R {
        let row = d + r * W, teacher = q + r * W
        for i in 0..<W { row[i] -= a * teacher[i] }
        row[Int(targets[r])] += a
    }
}

