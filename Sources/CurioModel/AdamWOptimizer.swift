// AdamW over the model's flat parameter buffer: two moment buffers carved by the same
// layout as the parameters, with decay off for norm gains (ParameterLayout.Tensor.decays).

import CurioKernels

/// The optimizer's hyper-parameters.
public struct AdamWSettings: Sendable, Equatable, Codable {
    /// Decay of the first-moment estimate.
    public var beta1: Float = 0.9
    /// Decay of the second-moment estimate.
    public var beta2: Float = 0.95
    /// Added to √v̂ in the denominator.
    public var epsilon: Float = 1e-8
    /// Decoupled weight decay for matrices (the embedding included).
    public var weightDecay: Float = 0.1
    /// Global gradient-norm clip; nil disables clipping.
    public var maxGradientNorm: Float? = 1.0

    /// Settings; the defaults are GPT-style (β 0.9/0.95, decay 0.1, clip at norm 1).
    public init(beta1: Float = 0.9, beta2: Float = 0.95, epsilon: Float = 1e-8,
                weightDecay: Float = 0.1, maxGradientNorm: Float? = 1.0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.maxGradientNorm = maxGradientNorm
    }
}

/// AdamW state (Loshchilov & Hutter 2019) for one model: first and second moments and the
/// step count. Deterministic: the update is a pure function of the state and gradients.
public final class AdamWOptimizer {
    /// The hyper-parameters every update uses.
    public let settings: AdamWSettings
    /// [P] first moments, laid out like the parameters.
    public let firstMoment: FloatStorage
    /// [P] second moments, laid out like the parameters.
    public let secondMoment: FloatStorage
    /// Number of updates applied so far.
    public internal(set) var stepCount = 0
    let layout: ParameterLayout

    /// Fresh (zero) moments for `model`, which must decode from its fp32 weights: a bf16
    /// decode copy would not follow the updates (train an fp32 model, save it as bf16).
    public init(model: TransformerModel, settings: AdamWSettings = AdamWSettings()) {
        precondition(model.decodePrecision == .float32,
                     "AdamW would update the fp32 weights of a model that decodes from a bf16 copy")
        self.settings = settings
        layout = model.layout
        firstMoment = model.makeGradientBuffer()
        secondMoment = model.makeGradientBuffer()
    }

    /// Clips `gradients` to the global norm (if set), then applies one AdamW update to
    /// `model`'s parameters at `learningRate`. Returns the gradient norm before clipping.
    ///
    /// A non-finite norm (NaN or ∞ somewhere in the gradients) applies no update and does not
    /// count as a step, so one bad batch cannot poison the weights or the moments.
    ///
    /// - Complexity: O(parameter count).
    @discardableResult
    public func update(model: TransformerModel, gradients: FloatStorage, learningRate: Float) -> Float {
        precondition(model.layout == layout, "AdamWOptimizer used with a model of another layout")
        let norm: Float
        if let maxNorm = settings.maxGradientNorm {
            norm = clipGradientNorm(gradients.all, maxNorm: maxNorm)
        } else {
            norm = sumOfSquares(gradients.all).squareRoot()
        }
        guard norm.isFinite else { return norm }
        stepCount += 1
        for tensor in layout.tensors {
            let hyper = AdamWStep(learningRate: learningRate, beta1: settings.beta1, beta2: settings.beta2,
                                  epsilon: settings.epsilon, weightDecay: tensor.decays ? settings.weightDecay : 0,
                                  step: stepCount)
            adamWUpdate(parameters: model.parameters.slice(tensor.offset, tensor.count),
                        gradients: gradients.slice(tensor.offset, tensor.count),
                        firstMoment: firstMoment.slice(tensor.offset, tensor.count),
                        secondMoment: secondMoment.slice(tensor.offset, tensor.count), hyper: hyper)
        }
        return norm
    }
}
