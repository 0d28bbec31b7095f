import CurioCatalog
import CurioDialogue
import CurioEngine
import CurioKernels
import CurioTraining
import Foundation

/// `curio bench why`: the latency of "why" with full ablation over a 50-item liked
/// history (`Engine.explain`: one batched forward of 51 states, a second for the
/// citation candidates, two to six list regenerations), next to one plain list
/// generation and the ablation forward alone, measured in the same run so the ratios
/// hold whatever the machine's load. One thread, as the chat runs. Default catalog and
/// model (`CURIO_MODEL` overrides the model path).
struct WhyBenchSection: BenchSection {
    static let name = "why"
    static let summary = "explanation latency with a 50-item liked history, against one list"
    /// Liked items in the benchmark's state. The explained items are on the list, as
    /// for "why #n" in the chat (`listed: true`).
    static let historyLength = 50

    init() {}

    func run(_ options: BenchOptions) throws -> BenchReport {
        let catalogDirectory = try CatalogLocator.resolve(explicit: nil)
        let model = ProcessInfo.processInfo.environment["CURIO_MODEL"] ?? Engine.defaultModelPath(catalogDirectory: catalogDirectory)
        guard FileManager.default.fileExists(atPath: model) else {
            return BenchReport(table: "Why: skipped, \(EngineError.missingModel(model)) (or set CURIO_MODEL)",
                               fields: [("why_median_ms", .null), ("why_p95_ms", .null), ("why_list_median_ms", .null)])
        }
        // One core, as the target is stated (issue: "release, one core"); the chat itself
        // uses every core, measured in the last row.
        let engine = try Engine.load(catalogDirectory: catalogDirectory, modelPath: model,
                                     prompts: try PromptsLocator.directory(), threads: 1)
        let everyCore = try Engine.load(catalogDirectory: catalogDirectory, modelPath: model,
                                        prompts: try PromptsLocator.directory())
        // The most recent 50 training items of the first user with that many: a real history.
        let split = LeaveOneOutSplit(catalog: engine.catalog)
        guard let user = split.trainingSequences.firstIndex(where: { $0.count >= Self.historyLength }) else {
            return BenchReport(table: "Why: skipped, no user has \(Self.historyLength) items", fields: [])
        }
        var state = DialogueState()
        state.liked = Array(split.trainingSequences[user].suffix(Self.historyLength))
        let list = try engine.generate(state: state, utterance: "").list.items
        let repetitions = options.quick ? 2 : 20
        options.log("why: user \(engine.catalog.interactions.userIDs[user]), \(state.liked.count) liked items, "
                    + "\(repetitions) repetitions of each measurement")
        var lists = Samples(), forwards = Samples(), whys = Samples(), whysEveryCore = Samples()
        var decisive = 0
        let ablated = [state] + state.removableParts(explaining: list[0]).map { state.removing([$0]) }
        for r in 0..<repetitions {
            try lists.time { _ = try engine.generate(state: state, utterance: "") }
            try forwards.time { _ = try engine.itemLogProbabilities(states: ablated) }
            // Items #1, #2, … in turn: explanations differ in how many lists they regenerate.
            let item = list[r % list.count]
            try whys.time { if try engine.explain(item: item, state: state, language: .english, listed: true).decisive { decisive += 1 } }
            try whysEveryCore.time { _ = try everyCore.explain(item: item, state: state, language: .english, listed: true) }
        }
        func row(_ name: String, _ s: Samples, ratio: Bool = true) -> String {
            name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "%8.1f %8.1f %8.1f", s.median(\.wall), s.percentile95(\.wall), s.median(\.cpu))
                + (ratio ? String(format: "   %5.2f×", s.median(\.cpu) / lists.median(\.cpu)) : "")
        }
        let table = """
            Why (\(state.liked.count) liked items, \(ablated.count - 1) parts ablated, \(repetitions) runs, one core)
                                              wall ms   p95 ms   CPU ms   CPU / one list
            \(row("one list generation (beam \(engine.beamWidth))", lists, ratio: false))
            \(row("ablation forward (\(ablated.count) states)", forwards))
            \(row("why (explain), target ≤ 150 ms", whys))
            \(row("why on \(Parallelism.coreCount) cores (as the chat runs)", whysEveryCore, ratio: false))
              decisive explanations \(decisive)/\(repetitions)
            """
        let whyMedian = whys.median(\.wall), listMedian = lists.median(\.wall)
        return BenchReport(table: table, fields: [
            ("why_median_ms", .number(whyMedian)), ("why_p95_ms", .number(whys.percentile95(\.wall))),
            ("why_cpu_median_ms", .number(whys.median(\.cpu))), ("why_list_median_ms", .number(listMedian)),
            ("why_list_cpu_median_ms", .number(lists.median(\.cpu))),
            ("why_forward_cpu_median_ms", .number(forwards.median(\.cpu))),
            ("why_over_list", .number(whys.median(\.cpu) / lists.median(\.cpu))),
            ("why_every_core_median_ms", .number(whysEveryCore.median(\.wall))),
        ])
    }
}

/// Wall and thread-CPU times of repeated runs, in milliseconds.
private struct Samples {
    struct Run { var wall, cpu: Double }
    var runs: [Run] = []

    mutating func time(_ body: () throws -> Void) rethrows {
        let start = Stopwatch.now(), cpuStart = threadCPUSeconds()
        try body()
        runs.append(Run(wall: (Stopwatch.now() - start) * 1000, cpu: (threadCPUSeconds() - cpuStart) * 1000))
    }

    func median(_ key: KeyPath<Run, Double>) -> Double {
        let sorted = runs.map { $0[keyPath: key] }.sorted()
        return sorted[sorted.count / 2]
    }

    func percentile95(_ key: KeyPath<Run, Double>) -> Double {
        let sorted = runs.map { $0[keyPath: key] }.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
    }
}
