import Foundation
import Testing
import CurioCatalog
import CurioEngine
import CurioEvaluation
import CurioModel
@testable import CurioTraining

/// Distillation (`curio train --teacher`): the teacher's distributions are its members'
/// mean logits, softmaxed, at exactly the student's item rows; and a student learns what
/// its teacher knows.
@Suite(.serialized) struct TeacherTests {
    let catalog = tinyCatalog()

    @Test func theTeachersRowsAreTheSoftmaxOfItsMembersMeanLogitsAtTheStudentsItemRows() throws {
        let run = try tinyRun(catalog, epochs: 1)
        let other = try tinyRun(catalog, options: tinyOptions(epochs: 1, seed: 8))
        let members = [run.languageModel.members[0], other.languageModel.members[0]]
        let examples = try run.nextItem.examples(histories: LeaveOneOutSplit(catalog: catalog).trainingSequences)
        let batch = try #require(try run.packer.batches(examples).first)
        let teacher = try Teacher(members: members, batchSize: batch.batchSize, sequenceLength: batch.sequenceLength)
        let q = try teacher.itemDistributions(for: batch)
        let items = batch.itemRange.count
        let rows = batch.targets.indices.filter { batch.targets[$0] >= 0 && batch.subsets[$0] == .items }
        #expect(q.count == rows.count * items && !rows.isEmpty)
        // Row by row against each member's own scoring of the prefix that ends at that position.
        for (r, position) in rows.prefix(5).enumerated() {
            let start = position - position % batch.sequenceLength
            let context = Array(batch.tokens[start ... position])
            let a = try members[0].scoreBatch(contexts: [context], selection: .range(batch.itemRange))[0]
            let b = try members[1].scoreBatch(contexts: [context], selection: .range(batch.itemRange))[0]
            let mean = zip(a, b).map { Double($0 + $1) / 2 }
            let top = mean.max()!, z = mean.map { exp($0 - top) }.reduce(0, +)
            let worst = (0..<items).map { abs(Double(q[r * items + $0]) - exp(mean[$0] - top) / z) }.max()!
            #expect(worst < 1e-4, "row \(r) (position \(position)) differs by \(worst)")
        }
    }

    /// The teacher knows another rule than the data (its users watched every second film
    /// of the cycle): a student that learns item positions only from it (share 1) follows
    /// the teacher's rule, and the same run alone does not.
    @Test func aStudentLearnsTheTeachersRuleAtItemPositions() throws {
        // Each user's t-th film becomes start + 2t (mod n) instead of start + t.
        var interactions = catalog.interactions
        let n = catalog.items.count
        var start: [Int32: Int32] = [:]
        for k in 0..<interactions.count {
            let user = interactions.users[k], first = start[user] ?? interactions.items[k]
            start[user] = first
            let t = (Int(interactions.items[k]) - Int(first) + n) % n
            interactions.items[k] = Int32((Int(first) + 2 * t) % n)
        }
        let skipping = Catalog(manifest: catalog.manifest, items: catalog.items, interactions: interactions)
        let master = try tinyRun(skipping, epochs: 12, seed: 5)
        _ = try master.run(progress: { _ in }, interrupted: { false })
        let skippingValidation = Evaluator(split: LeaveOneOutSplit(catalog: skipping), target: .validation)
        func ndcg(_ lm: LanguageModel) -> Double {
            let result = skippingValidation.evaluate(LanguageModelScorer(lm))
            return result.ndcg.reduce(0, +) / Double(result.ndcg.count)
        }
        var options = tinyOptions(epochs: 4)
        let alone = try tinyRun(catalog, options: options)
        _ = try alone.run(progress: { _ in }, interrupted: { false })
        options.teacherShare = 1
        let taught = try tinyRun(catalog, options: options, teacher: master.languageModel.members)
        _ = try taught.run(progress: { _ in }, interrupted: { false })
        let (withTeacher, without, teacher) = (ndcg(taught.languageModel), ndcg(alone.languageModel), ndcg(master.languageModel))
        #expect(teacher > 0.5, "the teacher did not learn its rule: \(teacher)")
        #expect(withTeacher > without + 0.3, "every-second-film NDCG@10: taught \(withTeacher), alone \(without), teacher \(teacher)")
    }
}
