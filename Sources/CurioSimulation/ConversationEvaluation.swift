import CurioCatalog
import CurioEngine
import CurioEvaluation
import Foundation

/// `curio eval --conversations` without the command line: draws the simulated users,
/// talks to curio and the references, and summarises.
///
/// The protocol (docs/evaluation.md, "Conversations with simulated users"): the users
/// are the held-out test users of the leave-one-out split, each looking for its test
/// item; the references are fitted on the training interactions; nothing is tuned on
/// the test users (item-kNN's k is the one `curio eval` picks on validation).
public struct ConversationEvaluation {
    public let simulator: UserSimulator
    public var loop: ConversationLoop

    /// Reads the phrasebooks under `prompts` and prepares the simulator for `catalog`;
    /// the users look for their `target` items (test by default; validation for tuning).
    ///
    /// - Throws: `SimulationError.phrasebook` for a bad phrasings file.
    public init(catalog: Catalog, split: LeaveOneOutSplit, prompts: String, target: EvaluationTarget = .test) throws {
        var simulator = UserSimulator(catalog: catalog, split: split, phrasebooks: try Phrasebook.loadAll(prompts: prompts))
        simulator.target = target
        self.init(simulator: simulator)
    }

    /// An evaluation with a prepared simulator.
    public init(simulator: UserSimulator) {
        self.simulator = simulator
        loop = ConversationLoop(catalog: simulator.catalog, simulator: simulator)
    }

    /// Runs every user's conversation with each system in turn; the report compares
    /// the `.system` to the best `.reference`.
    ///
    /// - Parameters:
    ///   - progress: called after each user of each system with (system name, users
    ///     done, users in all).
    ///   - records: receives each system's conversations (for transcripts).
    /// - Complexity: users × turns × the cost of one system turn.
    public func run(users: [SimulatedUser], systems: [(any Counterpart, Role)], seed: UInt64, resamples: Int = 1000,
                    progress: (String, Int, Int) -> Void = { _, _, _ in },
                    records keep: (String, [ConversationRecord]) -> Void = { _, _ in }) throws -> ConversationReport {
        var results: [SystemRecords] = []
        for (var system, role) in systems {
            let start = Date()
            var records: [ConversationRecord] = []
            records.reserveCapacity(users.count)
            for (n, user) in users.enumerated() {
                records.append(try loop.run(user, with: &system))
                progress(system.name, n + 1, users.count)
            }
            keep(system.name, records)
            results.append(SystemRecords(name: system.name, setting: system.setting, role: role, records: records,
                                         seconds: Date().timeIntervalSince(start)))
        }
        var report = ConversationReport(records: results, maxTurns: loop.maxTurns, seed: seed, resamples: resamples)
        report.target = simulator.target
        return report
    }
}
