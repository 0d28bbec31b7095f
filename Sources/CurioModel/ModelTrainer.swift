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
    let workspace: ActivationWorkspace

    /// A trainer for batches of exactly `batchSize`×`sequenceLength`; allocates every buffer now.
    ///
    /// - Throws: `ModelError` for a shape the model cannot take.
    public init(model: TransformerModel, batchSize: Int, sequenceLength: Int,
                schedule: LearningRateSchedule, settings: AdamWSettings = AdamWSettings()) throws {
        self.model = model
        self.schedule = schedule
        optimizer = AdamWOptimizer(model: model, settings: settings)
        gradients = model.makeGradientBuffer()
        workspace = try ActivationWorkspace(config: model.config, batchSize: batchSize, sequenceLength: sequenceLength)
    }

    /// One optimisation step on `batch`.
    ///
    /// - Throws: `ModelError` if the batch does not fit the model or the trainer's shape;
    ///   `ModelError.trainingDiverged` (weights untouched) if the loss or gradients are not finite.
    public func step(_ batch: TrainingBatch) throws -> TrainingStepReport {
        let loss = try model.loss(for: batch, workspace: workspace)
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
