// One training step end to end: loss, backward, clip, AdamW, with buffers allocated once.

import CurioKernels

/// What one training step did.
public struct TrainingStepReport: Sendable, Equatable {
    /// Mean cross-entropy before the update.
    public let loss: Float
    /// Global gradient norm before clipping.
    public let gradientNorm: Float
    /// Learning rate applied.
    public let learningRate: Float
}

/// Forward, backward and AdamW for one model and one batch shape, with every buffer
/// allocated once.
public final class ModelTrainer {
    /// The model being trained (updated in place).
    public let model: TransformerModel
    /// AdamW state: moments and step count.
    public let optimizer: AdamWOptimizer
    /// Learning rate per step.
    public let schedule: LearningRateSchedule
    /// [P] gradients of the last step.
    public let gradients: FloatStorage
    /// Dropout probability of every training step (0: none); evaluation never drops.
    public let dropout: Float
    let workspace: ActivationWorkspace

    /// A trainer for batches of exactly `batchSize`×`sequenceLength`; allocates every buffer now.
    ///
    /// - Parameter dropout: probability of inverted dropout on the embeddings and every
    ///   residual branch during `step` (0: none).
    /// - Throws: `ModelError` for a shape the model cannot take or a dropout outside [0, 1).
    public init(model: TransformerModel, batchSize: Int, sequenceLength: Int,
                schedule: LearningRateSchedule, settings: AdamWSettings = AdamWSettings(),
                dropout: Float = 0) throws {
        try DropoutDraw(probability: dropout, seed: 0).validate()
        self.dropout = dropout
        self.model = model
        self.schedule = schedule
        optimizer = AdamWOptimizer(model: model, settings: settings)
        gradients = model.makeGradientBuffer()
        workspace = try ActivationWorkspace(config: model.config, batchSize: batchSize, sequenceLength: sequenceLength)
    }

    /// One optimisation step on `batch`.
    ///
    /// - Parameter dropoutSeed: fixes this step's dropout masks (draw it from the run's
    ///   seeded generator); when nil, the masks are seeded by the step count, so they still
    ///   differ from step to step. Ignored without dropout.
    /// - Throws: `ModelError` if the batch does not fit the model or the trainer's shape;
    ///   `ModelError.trainingDiverged` (weights untouched) if the loss or gradients are not finite.
    public func step(_ batch: TrainingBatch, dropoutSeed: UInt64? = nil, softTargets: FloatStorage? = nil,
                     softTargetShare: Float = 0) throws -> TrainingStepReport {
        let draw = DropoutDraw(probability: dropout, seed: dropoutSeed ?? UInt64(optimizer.stepCount))
        let loss = try model.loss(for: batch, workspace: workspace, dropout: draw)
        workspace.itemSoftTargets = softTargets
        workspace.softTargetShare = softTargetShare
        guard loss.isFinite else {
            workspace.hasLoss = false
            throw ModelError.trainingDiverged(step: optimizer.stepCount, loss: loss, gradientNorm: .nan)
        }
        try model.backward(workspace: workspace, gradients: gradients)
        let rate = schedule.rate(at: optimizer.stepCount)
        let norm = optimizer.update(model: model, gradients: gradients, learningRate: rate)
        guard norm.isFinite else {
            throw ModelError.trainingDiverged(step: optimizer.stepCount, loss: loss, gradientNorm: norm)
        }
        return TrainingStepReport(loss: loss, gradientNorm: norm, learningRate: rate)
    }

    /// Mean loss on `batch` without updating anything (validation).
    public func evaluate(_ batch: TrainingBatch) throws -> Float {
        let loss = try model.loss(for: batch, workspace: workspace)
        workspace.hasLoss = false
        return loss
    }
}
