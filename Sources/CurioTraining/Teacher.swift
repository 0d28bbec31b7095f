import CurioKernels
import CurioModel

/// A trained model (usually an ensemble) whose distribution over the next item a new
/// model learns from: knowledge distillation (Hinton, Vinyals & Dean 2015), here to bring
/// an ensemble's quality into one model's size and speed.
///
/// For each batch the teacher runs the same rows the student does and gives, at every
/// item position, the softmax of its members' mean item logits — the ensemble's own
/// distribution (`LanguageModel`). The student then learns `TrainingOptions.teacherShare`
/// of each item position from it and the rest from the item that really came next.
public final class Teacher {
    let members: [TransformerModel]
    let workspaces: [ActivationWorkspace]

    /// - Throws: `ModelError` if the batch shape does not fit the members.
    public init(members: [TransformerModel], batchSize: Int, sequenceLength: Int) throws {
        self.members = members
        workspaces = try members.map { try ActivationWorkspace(config: $0.config, batchSize: batchSize, sequenceLength: sequenceLength) }
    }

    /// [item rows × item range] probabilities, in the order the student's loss counts the
    /// batch's item rows.
    /// - Complexity: one forward per member (no loss, no full-vocabulary rows) and a softmax.
    public func itemDistributions(for batch: TrainingBatch) throws -> FloatStorage {
        var mean: FloatStorage?
        for (member, workspace) in zip(members, workspaces) {
            let logits = try member.itemRowLogits(for: batch, workspace: workspace)
            if let sum = mean { addInPlace(sum.all, logits) } else { mean = FloatStorage(logits.array) }
        }
        guard let distribution = mean else { return FloatStorage(count: 0) }
        scaleInPlace(distribution.all, by: 1 / Float(members.count))
        let width = batch.itemRange.count
        softmaxForward(values: distribution.all, rows: distribution.count / max(1, width), width: width,
                       threads: Parallelism.coreCount)
        return distribution
    }
}
