// Which dropout a training forward pass applies. A value handed to `loss(for:workspace:dropout:)`,
// never stored in the model: inference and every scoring path run without dropout.

/// One step's dropout: the drop probability and the seed that fixes its masks.
///
/// Inverted dropout (Srivastava et al. 2014) is applied to the embedding output and to
/// each residual branch (attention and MLP outputs, after their output projections)
/// before it is added back into the stream, as in GPT-2 and SASRec (Kang & McAuley 2018).
/// The same seed gives the same masks, so a training run stays reproducible and a
/// gradient check can hold the masks fixed.
public struct DropoutDraw: Sendable, Equatable {
    /// Probability of zeroing each activation, in [0, 1).
    public var probability: Float
    /// Fixes every mask of the pass.
    public var seed: UInt64

    /// A draw; checked by `validate()` when a pass uses it.
    public init(probability: Float, seed: UInt64) {
        self.probability = probability
        self.seed = seed
    }

    /// Throws unless the probability is in [0, 1).
    ///
    /// - Throws: `ModelError.invalidConfig` naming the probability.
    public func validate() throws {
        guard probability >= 0, probability < 1 else {
            throw ModelError.invalidConfig("dropout probability \(probability) must be at least 0 and below 1")
        }
    }

    /// True when the pass changes anything (p > 0).
    var isActive: Bool { probability > 0 }
}
