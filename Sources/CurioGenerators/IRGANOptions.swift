// The knobs of IRGAN training, with defaults tuned on the MovieLens validation items
// (docs/generators.md).

/// Settings of `IRGANTraining`: the factor model, the MF pretraining and the adversarial game.
public struct IRGANOptions: Sendable, Equatable, Codable {
    /// Seed of every random choice (initialisation, folds, samples): same seed, same model.
    public var seed: UInt64 = 1
    /// d, factors per item.
    public var dimension = 64
    /// α in u(H) = |H|^(−α)·Σ q_j.
    public var alpha: Float = 0.5
    /// Share of each user's training items held out as targets in each pass.
    public var holdout = 0.2
    /// Users per step.
    public var batchSize = 64
    /// Passes over the users (each with a fresh fold) between two validations.
    public var passesPerEpoch = 5

    /// MF pretraining: epochs at most, learning rate, AdamW decay.
    public var mfEpochs = 30
    public var mfLearningRate: Float = 0.003
    public var weightDecay: Float = 0.01
    /// Epochs without a better validation NDCG@10 before pretraining stops.
    public var patience = 3

    /// Adversarial epochs (each: D passes, then G passes, then a validation).
    public var ganEpochs = 10
    public var discriminatorPasses = 1
    public var generatorPasses = 1
    public var generatorLearningRate: Float = 0.0005
    public var discriminatorLearningRate: Float = 0.003
    /// Items G samples per user per step, for D's negatives and for the policy gradient.
    public var samples = 16
    /// τ in p_θ(i | H) = softmax(score/τ).
    public var temperature: Float = 1
    /// Start D from the MF initialisation (true) or from random factors (the paper's code).
    public var discriminatorFromMF = true

    public init() {}

    /// Checks every option is in range.
    ///
    /// - Throws: `IRGANError.invalidOption` naming the first bad option.
    public func validate() throws(IRGANError) {
        func check(_ ok: Bool, _ message: String) throws(IRGANError) {
            if !ok { throw .invalidOption(message) }
        }
        try check(dimension >= 1, "dimension must be at least 1")
        try check(alpha.isFinite && alpha >= 0, "alpha must be a non-negative number")
        try check(holdout > 0 && holdout < 1, "holdout must be between 0 and 1")
        try check(batchSize >= 1, "batch size must be at least 1")
        try check(passesPerEpoch >= 1, "passes per epoch must be at least 1")
        try check(mfEpochs >= 1, "MF epochs must be at least 1")
        try check(ganEpochs >= 0, "GAN epochs must not be negative")
        try check(patience >= 1, "patience must be at least 1")
        try check(discriminatorPasses >= 0 && generatorPasses >= 0, "passes must not be negative")
        try check(samples >= 1, "samples must be at least 1")
        try check(temperature.isFinite && temperature > 0, "temperature must be positive")
        for (name, rate) in [("MF", mfLearningRate), ("generator", generatorLearningRate),
                             ("discriminator", discriminatorLearningRate)] {
            try check(rate.isFinite && rate > 0, "the \(name) learning rate must be positive")
        }
        try check(weightDecay.isFinite && weightDecay >= 0, "weight decay must not be negative")
    }
}
