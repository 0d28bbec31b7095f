// The AdamW update (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR
// 2019) and the global-norm gradient clipping that precedes it, over flat buffers.
//
// Dimensions: P parameters in the range being updated.

import Foundation

/// The hyper-parameters of one AdamW step.
public struct AdamWStep: Sendable {
    /// Learning rate for this step (after warm-up / decay).
    public var learningRate: Float
    /// Decay of the first-moment (mean) estimate.
    public var beta1: Float
    /// Decay of the second-moment (uncentred variance) estimate.
    public var beta2: Float
    /// Added to √v̂ so that near-zero variances do not blow up the step.
    public var epsilon: Float
    /// Decoupled weight decay; 0 for tensors that must not decay (norm gains).
    public var weightDecay: Float
    /// 1-based step number, for bias correction.
    public var step: Int

    /// Hyper-parameters for 1-based step `step`; defaults follow GPT-style training.
    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.95, epsilon: Float = 1e-8,
                weightDecay: Float = 0.1, step: Int) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.step = step
    }
}

/// One AdamW update of `parameters` in place, with its moments.
///
/// m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// θ ← θ − lr·( m̂ / (√v̂ + ε) + λ·θ ), with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
///
/// - Parameters:
///   - parameters, gradients, firstMoment, secondMoment: [P] each, same offsets.
/// - Complexity: O(P).
public func adamWUpdate(parameters: FloatSlice, gradients: FloatSlice, firstMoment: FloatSlice,
                        secondMoment: FloatSlice, hyper: AdamWStep) {
    let P = parameters.count
    gradients.require(P, "adamW gradients"); firstMoment.require(P, "adamW firstMoment")
    secondMoment.require(P, "adamW secondMoment")
    precondition(hyper.step >= 1, "AdamW steps are 1-based, got \(hyper.step)")
    let theta = parameters.pointer, g = gradients.pointer
    let m = firstMoment.pointer, v = secondMoment.pointer
    let b1 = hyper.beta1, b2 = hyper.beta2
    let correction1 = 1 / (1 - Float(pow(Double(b1), Double(hyper.step))))
    let correction2 = 1 / (1 - Float(pow(Double(b2), Double(hyper.step))))
    let lr = hyper.learningRate, decay = hyper.weightDecay, eps = hyper.epsilon
    var i = 0
    while i + layerLanes <= P {
        let gv = loadVector(g + i)
        let mv = b1 * loadVector(m + i) + (1 - b1) * gv
        let vv = b2 * loadVector(v + i) + (1 - b2) * gv * gv
        storeVector(mv, m + i); storeVector(vv, v + i)
        let step = (mv * correction1) / ((vv * correction2).squareRoot() + eps)
        let t = loadVector(theta + i)
        storeVector(t - lr * (step + decay * t), theta + i)
        i += layerLanes
    }
    while i < P {
        m[i] = b1 * m[i] + (1 - b1) * g[i]
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
        let step = (m[i] * correction1) / ((v[i] * correction2).squareRoot() + eps)
        theta[i] -= lr * (step + decay * theta[i])
        i += 1
    }
}

/// Σ x² over the slice, accumulated in SIMD lanes (for the global gradient norm).
///
/// - Complexity: O(count).
public func sumOfSquares(_ values: FloatSlice) -> Float {
    let x = values.pointer, n = values.count
    var acc0 = LayerVector(), acc1 = LayerVector(), i = 0
    while i + 2 * layerLanes <= n {
        let a = loadVector(x + i), b = loadVector(x + i + layerLanes)
        acc0.addProduct(a, a); acc1.addProduct(b, b)
        i += 2 * layerLanes
    }
    var total = (acc0 + acc1).sum()
    while i < n { total += x[i] * x[i]; i += 1 }
    return total
}

/// Scales the gradients so their global L2 norm is at most `maxNorm`; returns the norm
/// before clipping (Pascanu et al., "On the difficulty of training recurrent neural
/// networks", 2013).
///
/// - Complexity: O(count).
@discardableResult
public func clipGradientNorm(_ gradients: FloatSlice, maxNorm: Float) -> Float {
    let norm = sumOfSquares(gradients).squareRoot()
    if norm > maxNorm && norm.isFinite {
        vectorScale(gradients.pointer, maxNorm / norm, gradients.count)
    }
    return norm
}
