import Foundation
import Testing
import CurioCatalog
import CurioEngine
import CurioEvaluation
import CurioModel
@testable import CurioTraining

/// `curio train --members K`: K ordinary runs with seeds seed … seed + K − 1, stored as
/// one ensemble, and a run stopped between (or inside) members continues where it was.
@Suite(.serialized) struct EnsembleRunTests {
    let catalog = tinyCatalog()

    func ensemble(members: Int, epochs: Int = 2, keepBest: Bool = false) throws -> EnsembleRun {
        let split = LeaveOneOutSplit(catalog: catalog)
        return try EnsembleRun(members: members, options: tinyOptions(epochs: epochs),
                               validation: Evaluator(split: split, target: .validation), keepBest: keepBest) { [catalog] in
            try tinyRun(catalog, options: $0)
        }
    }

    func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("curio-ensemble-\(getpid())-\(name)").path
    }

    @Test func membersAreTheRunsOfConsecutiveSeedsAndTheEnsembleIsMeasured() throws {
        let out = scratch("plain")
        defer { for file in EnsembleRun.partialFiles(out: out, members: 2) { try? FileManager.default.removeItem(atPath: file) } }
        let outcome = try ensemble(members: 2).run(out: out, resume: false, progress: { _, _ in }, interrupted: { false })
        let lm = try #require(outcome.languageModel)
        #expect(lm.members.count == 2)
        for (k, seed) in [UInt64(3), 4].enumerated() {
            let alone = try tinyRun(catalog, options: tinyOptions(epochs: 2, seed: seed))
            _ = try alone.run(progress: { _ in }, interrupted: { false })
            #expect(lm.members[k].parameters.array == alone.languageModel.members[0].parameters.array,
                    "member \(k) is not the run of seed \(seed)")
        }
        #expect(lm.members[0].parameters.array != lm.members[1].parameters.array)
        // The reported figure is the ensemble's own, measured as `curio eval` would.
        let split = LeaveOneOutSplit(catalog: catalog)
        let measured = Evaluator(split: split, target: .validation).evaluate(LanguageModelScorer(lm))
        #expect(outcome.validationNDCG == measured.ndcg.reduce(0, +) / Double(measured.ndcg.count))
        #expect(outcome.stoppedBecause == "trained 2 members")
    }

    /// `curio train --restarts K`: the same K runs, and the file holds the one whose
    /// validation NDCG@10 is highest, with that figure.
    @Test func restartsKeepTheRunBestOnValidation() throws {
        let out = scratch("restarts")
        defer { for file in EnsembleRun.partialFiles(out: out, members: 3) { try? FileManager.default.removeItem(atPath: file) } }
        let outcome = try ensemble(members: 3, keepBest: true).run(out: out, resume: false, progress: { _, _ in },
                                                                   interrupted: { false })
        let lm = try #require(outcome.languageModel)
        let kept = try #require(outcome.keptMember)
        #expect(lm.members.count == 1)
        let split = LeaveOneOutSplit(catalog: catalog)
        let evaluator = Evaluator(split: split, target: .validation)
        var figures: [Double] = []
        for seed in [UInt64(3), 4, 5] {
            let alone = try tinyRun(catalog, options: tinyOptions(epochs: 2, seed: seed))
            _ = try alone.run(progress: { _ in }, interrupted: { false })
            let result = evaluator.evaluate(LanguageModelScorer(alone.languageModel))
            figures.append(result.ndcg.reduce(0, +) / Double(result.ndcg.count))
            if seed == 3 + UInt64(kept) {
                #expect(lm.members[0].parameters.array == alone.languageModel.members[0].parameters.array)
            }
        }
        #expect(Set(figures).count > 1, "the seeds should differ for the choice to mean anything: \(figures)")
        #expect(outcome.validationNDCG == figures.max())
        #expect(figures[kept] == figures.max(), "\(figures) kept \(kept)")
        #expect(outcome.stoppedBecause == "trained 3 restarts, kept the best")
    }

    @Test func aRunInterruptedInItsSecondMemberResumesToTheSameEnsemble() throws {
        let straightOut = scratch("straight"), out = scratch("stopped")
        defer {
            for file in EnsembleRun.partialFiles(out: out, members: 2) + EnsembleRun.partialFiles(out: straightOut, members: 2) {
                try? FileManager.default.removeItem(atPath: file)
            }
        }
        let straight = try ensemble(members: 2).run(out: straightOut, resume: false, progress: { _, _ in },
                                                    interrupted: { false })
        var epochsOfSecond = 0
        let stopped = try ensemble(members: 2).run(out: out, resume: false, progress: { member, event in
            if member == 1, case .epoch = event { epochsOfSecond += 1 }
        }, interrupted: { epochsOfSecond >= 1 })
        #expect(stopped.stoppedBecause == "interrupted")
        // The first member waits in its own file; the second's state was saved after its first epoch.
        #expect(FileManager.default.fileExists(atPath: EnsembleRun.memberPath(out: out, member: 0)))
        #expect(FileManager.default.fileExists(atPath: EnsembleRun.statePath(out: out, member: 1, of: 2)))
        // What an interrupted run writes still holds both members (the second at its best so far).
        #expect(stopped.languageModel?.members.count == 2)

        var trainedAgain: [Int] = []
        let resumed = try ensemble(members: 2).run(out: out, resume: true, progress: { member, event in
            if case .epoch = event { trainedAgain.append(member) }
        }, interrupted: { false })
        #expect(trainedAgain == [1], "resuming retrained \(trainedAgain)")
        let a = try #require(resumed.languageModel), b = try #require(straight.languageModel)
        #expect(a.members.map(\.parameters.array) == b.members.map(\.parameters.array))
    }

    @Test func aMemberCountOutsideOneToSixtyFourIsRefused() {
        #expect(throws: TrainingError.self) { _ = try ensemble(members: 0) }
        #expect(throws: TrainingError.self) { _ = try ensemble(members: 65) }
    }
}
