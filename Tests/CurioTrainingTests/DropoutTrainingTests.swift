import CurioCatalog
import CurioEvaluation
import Foundation
import Testing
@testable import CurioTraining

/// A run with dropout is as reproducible as one without, and dropout really reaches training.
@Suite(.serialized) struct DropoutTrainingTests {
    @Test func theSameSeedGivesTheSameModelWithDropoutAndAResumedRunEqualsAnUninterruptedOne() throws {
        let catalog = tinyCatalog()
        let straight = try tinyRun(catalog, epochs: 3, dropout: 0.3)
        let outcome = try straight.run(progress: { _ in }, interrupted: { false })
        let again = try tinyRun(catalog, epochs: 3, dropout: 0.3)
        _ = try again.run(progress: { _ in }, interrupted: { false })
        let parameters = straight.languageModel.members[0].parameters.array
        #expect(parameters == again.languageModel.members[0].parameters.array)
        #expect(outcome.best != nil)

        let plain = try tinyRun(catalog, epochs: 3)
        _ = try plain.run(progress: { _ in }, interrupted: { false })
        #expect(parameters != plain.languageModel.members[0].parameters.array, "dropout 0.3 trained the same model as none")

        let state = FileManager.default.temporaryDirectory.appendingPathComponent("curio-dropout-\(getpid()).state").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        var epochsSeen = 0
        _ = try tinyRun(catalog, epochs: 3, dropout: 0.3).run(statePath: state, progress: { event in
            if case .epoch = event { epochsSeen += 1 }
        }, interrupted: { epochsSeen >= 2 })
        let resumed = try tinyRun(catalog, epochs: 3, dropout: 0.3)
        _ = try resumed.run(statePath: state, resume: true, progress: { _ in }, interrupted: { false })
        #expect(resumed.languageModel.members[0].parameters.array == parameters)
        // A state saved without dropout does not resume a run with it.
        #expect(throws: TrainingError.self) {
            try tinyRun(catalog, epochs: 3).run(statePath: state, resume: true, progress: { _ in }, interrupted: { false })
        }
    }
}
