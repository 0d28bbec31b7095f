// Adam with decoupled weight decay (AdamW; Kingma & Ba, ICLR 2015; Loshchilov & Hutter,
// ICLR 2019) over a factor model's three flat arrays.
//
// CurioModel's AdamWOptimizer is bound to the transformer's parameter layout and
// CurioKernels' adamWUpdate works on FloatStorage slices; the factor model keeps plain
// value-type arrays, so this is the same update written over them. Biases do not decay:
// decaying them would pull every item toward equal popularity.

import Foundation

/// The optimiser state of one `FactorModel`: first and second moments per parameter.
public struct FactorAdam: Sendable {
    public var learningRate: Float
    /// Decoupled decay of Q and P per step, as a fraction of the learning rate.
    public var weightDecay: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// Steps taken so far (bias correction).
    public private(set) var stepCount = 0
    private var first: FactorGradient
    private var second: FactorGradient

    /// Zero moments for `model`'s shapes.
    public init(for model: FactorModel, learningRate: Float, weightDecay: Float) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        first = FactorGradient(zeroFor: model)
        second = first
    }

    /// One AdamW step of `model` along `gradient`.
    ///
    /// - Complexity: O(n·d).
    public mutating func step(_ model: inout FactorModel, gradient: FactorGradient) {
        stepCount += 1
        let c1 = 1 / (1 - Float(Foundation.pow(Double(beta1), Double(stepCount))))
        let c2 = 1 / (1 - Float(Foundation.pow(Double(beta2), Double(stepCount))))
        let hyper = (lr: learningRate, b1: beta1, b2: beta2, eps: epsilon, c1: c1, c2: c2)
        Self.update(&model.historyFactors, gradient.historyFactors, &first.historyFactors,
                    &second.historyFactors, hyper, decay: weightDecay)
        Self.update(&model.itemFactors, gradient.itemFactors, &first.itemFactors,
                    &second.itemFactors, hyper, decay: weightDecay)
        Self.update(&model.biases, gradient.biases, &first.biases, &second.biases, hyper, decay: 0)
    }

    private static func update(_ theta: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float],
                               _ h: (lr: Float, b1: Float, b2: Float, eps: Float, c1: Float, c2: Float),
                               decay: Float) {
        for i in 0..<theta.count {
            m[i] = h.b1 * m[i] + (1 - h.b1) * g[i]
            v[i] = h.b2 * v[i] + (1 - h.b2) * g[i] * g[i]
            let step = (m[i] * h.c1) / ((v[i] * h.c2).squareRoot() + h.eps)
            theta[i] -= h.lr * (step + decay * theta[i])
        }
    }
}
