import CurioEvaluation
import Foundation

/// The figures of one system over all simulated conversations of a run.
public struct SystemConversations: Sendable, Codable, Equatable {
    public var name: String
    public var setting: String
    public var role: Role
    /// SR@t for t = 1…maxTurns: share of users whose target was in a list by turn t.
    public var successRate: [Double]
    /// SR@maxTurns with its 95% bootstrap interval over users.
    public var finalSuccess: ConfidenceInterval
    /// Mean turn of success, over the users who succeeded (nil when none did).
    public var meanTurnsToSuccess: Double?
    public var turns: Int
    public var listsShown: Int
    public var itemsShown: Int
    public var invalid: Int
    public var violations: Int
    public var repeats: Int
    public var questions: Int
    /// Turns whose constraints ruled the target out (see `TurnRecord.targetRuledOutBy`).
    public var targetRuledOut: Int
    /// Those turns by cause (a turn may have several).
    public var ruledOutBy: [String: Int]
    /// Per fact kind: facts said and how many the system's state reflected (curio only).
    public var understood: [String: FactUnderstanding]
    public var seconds: Double
}

/// What a row of the report is: the system under test, a reference it is compared
/// with, or a diagnostic variant that explains the difference.
public enum Role: String, Sendable, Codable {
    case system, reference, diagnostic
}

/// One system's conversations, as handed to `ConversationReport`.
public struct SystemRecords: Sendable {
    public var name: String
    public var setting: String
    public var role: Role
    public var records: [ConversationRecord]
    public var seconds: Double

    public init(name: String, setting: String = "", role: Role, records: [ConversationRecord], seconds: Double = 0) {
        self.name = name
        self.setting = setting
        self.role = role
        self.records = records
        self.seconds = seconds
    }
}

/// How many facts of one kind were said, and how many were understood.
public struct FactUnderstanding: Sendable, Codable, Equatable {
    public var said: Int
    public var understood: Int
    public var share: Double { said == 0 ? 0 : Double(understood) / Double(said) }
}

/// A whole `curio eval --conversations` run: each system's figures and the paired
/// difference of the system under test (curio) to the best reference on the final
/// success rate.
public struct ConversationReport: Sendable, Codable, Equatable {
    public var users: Int
    public var chineseUsers: Int
    public var maxTurns: Int
    public var seed: UInt64
    public var resamples: Int
    /// Which held-out item the users looked for: "test", or "valid" for a tuning run.
    public var target: EvaluationTarget = .test
    public var systems: [SystemConversations]
    /// The reference with the highest final SR.
    public var bestReference: String?
    /// Final SR of the system under test minus the best reference's, paired over users.
    public var differenceToBestReference: ConfidenceInterval?
    /// Final SR of the system under test divided by the best reference's.
    public var ratioToBestReference: Double?

    /// Summarises the records of each system (same users, same order, in every list).
    ///
    /// - Complexity: O(systems × (records × turns + resamples × users)).
    public init(records: [SystemRecords], maxTurns: Int, seed: UInt64, resamples: Int) {
        let first = records.first?.records ?? []
        users = first.count
        chineseUsers = first.filter { $0.language == .chinese }.count
        self.maxTurns = maxTurns
        self.seed = seed
        self.resamples = resamples
        func finals(_ r: [ConversationRecord]) -> [Double] { r.map { $0.successTurn != nil ? 1 : 0 } }
        systems = records.map { entry in
            Self.summarise(entry, maxTurns: maxTurns, seed: seed, resamples: resamples)
        }
        let references = records.filter { $0.role == .reference }
        if let tested = records.first(where: { $0.role == .system }),
           let best = references.max(by: { finals($0.records).reduce(0, +) < finals($1.records).reduce(0, +) }) {
            bestReference = best.name
            differenceToBestReference = Bootstrap.pairedDifference(finals(tested.records), finals(best.records),
                                                                   resamples: resamples, seed: seed)
            let reference = finals(best.records).reduce(0, +)
            ratioToBestReference = reference > 0 ? finals(tested.records).reduce(0, +) / reference : nil
        }
    }

    static func summarise(_ entry: SystemRecords, maxTurns: Int, seed: UInt64, resamples: Int) -> SystemConversations {
        let records = entry.records
        let n = Double(max(records.count, 1))
        let successRate = (1...maxTurns).map { t in
            Double(records.filter { ($0.successTurn ?? .max) <= t }.count) / n
        }
        let successes = records.compactMap(\.successTurn)
        let turns = records.flatMap(\.turns)
        var understood: [String: FactUnderstanding] = [:]
        for turn in turns {
            guard let flags = turn.understood else { continue }
            for (fact, ok) in zip(turn.newFacts, flags) {
                understood[fact.kind, default: FactUnderstanding(said: 0, understood: 0)].said += 1
                if ok { understood[fact.kind]!.understood += 1 }
            }
        }
        return SystemConversations(
            name: entry.name, setting: entry.setting, role: entry.role, successRate: successRate,
            finalSuccess: Bootstrap.interval(records.map { $0.successTurn != nil ? 1 : 0 }, resamples: resamples, seed: seed),
            meanTurnsToSuccess: successes.isEmpty ? nil : Double(successes.reduce(0, +)) / Double(successes.count),
            turns: turns.count, listsShown: turns.filter { !$0.items.isEmpty }.count,
            itemsShown: turns.reduce(0) { $0 + $1.items.count },
            invalid: turns.reduce(0) { $0 + $1.invalid }, violations: turns.reduce(0) { $0 + $1.violations },
            repeats: turns.reduce(0) { $0 + $1.repeats }, questions: turns.filter { $0.question != nil }.count,
            targetRuledOut: turns.filter(\.targetRuledOut).count,
            ruledOutBy: turns.flatMap(\.targetRuledOutBy).reduce(into: [:]) { $0[$1, default: 0] += 1 }, understood: understood, seconds: entry.seconds)
    }

    /// The report as a text table.
    public func table() -> String {
        func f(_ x: Double) -> String { String(format: "%.3f", x).replacingOccurrences(of: "0.", with: ".") }
        var out = "conversations: \(users) simulated users (\(chineseUsers) in Chinese), up to \(maxTurns) turns, "
            + "target (the \(target == .test ? "test" : "validation") item) in the top 10; seed \(seed), "
            + "bootstrap \(resamples) resamples\n"
        let srHeads = (1...maxTurns).map { "SR@\($0)" }
        let header = ["system", "setting"] + srHeads.dropLast() + ["SR@\(maxTurns) [95% CI]", "turns", "invalid",
                                                                     "violations", "repeats", "questions", "ruled out", "s"]
        var rows = [header]
        for s in systems {
            let sr = s.successRate.dropLast().map(f) + ["\(f(s.finalSuccess.mean)) [\(f(s.finalSuccess.lower)), \(f(s.finalSuccess.upper))]"]
            rows.append([s.role == .diagnostic ? "(\(s.name))" : s.name, s.setting] + sr + [s.meanTurnsToSuccess.map { String(format: "%.2f", $0) } ?? "-",
                                                     "\(s.invalid)", "\(s.violations)",
                                                     "\(s.repeats)/\(s.itemsShown)", "\(s.questions)",
                                                     "\(s.targetRuledOut)/\(s.turns)",
                                                     String(format: "%.1f", s.seconds)])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max()! }
        for row in rows {
            out += row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        if let d = differenceToBestReference, let first = systems.first(where: { $0.role == .system }),
           let best = bestReference {
            let sign = d.mean >= 0 ? "+" : ""
            let ratio = ratioToBestReference.map { String(format: "; ratio %.2f×", $0) } ?? ""
            out += "\n\(first.name) − \(best), SR@\(maxTurns): \(sign)\(f(d.mean)) [\(f(d.lower)), \(f(d.upper))]"
                + (d.excludesZero ? "*" : "") + ratio + "\n"
        }
        for s in systems where !s.understood.isEmpty {
            let parts = s.understood.keys.sorted().map { k in
                let u = s.understood[k]!
                return "\(k) \(u.understood)/\(u.said) (\(String(format: "%.0f", 100 * u.share))%)"
            }
            out += "facts understood by \(s.name): " + parts.joined(separator: ", ") + "\n"
        }
        for s in systems where !s.ruledOutBy.isEmpty {
            out += "turns whose filters ruled the target out, \(s.name): "
                + s.ruledOutBy.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}
