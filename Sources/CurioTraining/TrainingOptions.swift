import CurioModel

/// Everything that shapes a training run besides the data. Stored in the checkpoint's
/// metadata, so a model file says how it was made.
public struct TrainingOptions: Sendable, Codable, Equatable {
    /// Passes over the next-item data at most.
    public var epochs = 16
    /// Wall-clock limit in seconds (nil: none). The run stops after the epoch that
    /// crosses it and keeps the best model so far.
    public var timeLimit: Double?
    /// Sequences per step.
    public var batchSize = 32
    public var learningRate: Float = 2e-3
    /// Linear warm-up steps before the cosine decay.
    public var warmupSteps = 100
    public var weightDecay: Float = 0.1
    public var seed: UInt64 = 1
    /// Epochs without a better validation NDCG@10 before stopping early.
    public var patience = 4
    /// Share of the catalog's items whose grounding examples join each epoch.
    public var groundingShare = 0.25
    /// Synthetic conversation turns per user per epoch.
    public var conversationsPerUser = 2
    /// Inverted-dropout probability on the embeddings and every residual branch while
    /// training (0: none); chosen on validation NDCG@10 (docs/training.md).
    public var dropout: Float = 0
    /// How far apart the ends of a long history's next-item windows are, as a share of a
    /// window (`NextItemTask.stride`): 1 cuts the history end to end, ½ overlaps them by
    /// half, so every item is also predicted late in a window, with long context.
    public var windowStride = 1.0
    /// How many models `curio train` trains (seeds `seed`, `seed + 1`, …) and stores as one
    /// ensemble (`EnsembleRun`); one is a single model.
    public var members = 1
    /// How many models `curio train --restarts` trains (seeds `seed`, `seed + 1`, …) to keep
    /// the one best on validation; one is a single model.
    public var restarts = 1
    /// With a teacher (`curio train --teacher`): the share of each item position learnt
    /// from the teacher's distribution rather than the true next item.
    public var teacherShare: Float = 0.7
    /// Start the item tokens' embeddings from the catalog's co-watching (`SpectralItemInit`)
    /// instead of at random.
    public var spectralItemInit = false
    /// Whether the conversation task also renders requests with a soft preference
    /// ("lighter", "a hidden gem"; the `{pref}` lines of prompts/tasks/utterances.*.txt).
    /// Off (the shipped model's recipe), the task reads only the lines without a
    /// preference, as it did before they existed.
    public var preferenceTurns = false

    public init() {}
}

/// The model shape curio trains by default for a catalog of `itemCount` items.
///
/// d_model 128, 2 layers, 4 heads, SwiGLU width 384, context 128: about 1.9 M
/// parameters for MovieLens (the item and text embeddings are most of them), small
/// enough to train in minutes on two cores and to decode in well under a millisecond.
public func defaultModelConfig(vocabSize: Int) -> ModelConfig {
    ModelConfig(vocabSize: vocabSize, dModel: 128, layers: 2, heads: 4, ffnHidden: 384, contextLength: 128)
}
