import CurioCatalog
import CurioEngine
import CurioKernels
import CurioTraining
import Foundation

/// `curio bench chat`: startup to a ready engine, and chat-turn latency (median, p99)
/// over a fixed conversation, on the default catalog and its model (`CURIO_MODEL`
/// overrides the model path; `--generator vae|gan` benches another family's file).
/// On every core (`CURIO_THREADS` limits it), as the chat runs.
struct ChatBenchSection: BenchSection {
    static let name = "chat"
    static let summary = "startup and turn latency of the conversation engine"

    /// A fixed conversation touching every kind of turn: requests, refinements,
    /// critiques, likes by title and by number, why, more, undo, reset, Chinese.
    static let utterances = [
        "a funny 90s movie", "under 2 hours", "no horror", "I loved Men in Black", "#3 seen",
        "something darker", "why #1", "more", "actually make it 80s", "undo",
        "sci-fi from the 2000s rated above 7", "like #2 but shorter", "reset", "九十年代的喜剧",
        "a thriller like Heat", "family friendly animation", "something completely different", "more",
        "a romantic comedy", "hello",
    ]

    init() {}

    func run(_ options: BenchOptions) throws -> BenchReport {
        let catalogDirectory = try CatalogLocator.resolve(explicit: nil)
        let kind = options.generator
        let model = ProcessInfo.processInfo.environment["CURIO_MODEL"]
            ?? GeneratorLoading.defaultPath(kind, catalogDirectory: catalogDirectory)
        let prompts = try PromptsLocator.directory()
        guard FileManager.default.fileExists(atPath: model) else {
            // Skipped, not failed: `curio bench` with every section must still report the kernels.
            let missing = kind == .lm ? EngineError.missingModel(model) : EngineError.missingGenerator(kind, path: model)
            return BenchReport(table: "Chat: skipped, \(missing) (or set CURIO_MODEL)",
                               fields: [("chat_startup_ms", .null), ("chat_turn_median_ms", .null), ("chat_turn_p99_ms", .null)])
        }
        var startups: [Double] = []
        var engine: Engine?
        for _ in 0..<(options.quick ? 1 : 3) {
            let start = Stopwatch.now()
            engine = try Engine.load(catalogDirectory: catalogDirectory, generator: kind, modelPath: model, prompts: prompts)
            startups.append(Stopwatch.now() - start)
        }
        options.log("chat: engine ready in \(Int(startups.min()! * 1000)) ms; running \(Self.utterances.count) turns")
        var latencies: [Double] = []
        for _ in 0..<(options.quick ? 1 : 10) {
            var conversation = Conversation()
            for utterance in Self.utterances {
                let start = Stopwatch.now()
                _ = try engine!.respond(to: utterance, in: &conversation)
                latencies.append(Stopwatch.now() - start)
            }
        }
        latencies.sort()
        startups.sort()
        let median = latencies[latencies.count / 2] * 1000
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))] * 1000
        let startup = startups[startups.count / 2] * 1000
        let table = """
            Chat (\(latencies.count) turns, \(Parallelism.coreCount) cores\(kind == .lm ? "" : ", " + engine!.generator.displayName))
              startup to a ready engine  \(String(format: "%7.1f", startup)) ms   (target ≤ 300)
              turn latency median        \(String(format: "%7.1f", median)) ms   (target ≤ 30)
              turn latency p99           \(String(format: "%7.1f", p99)) ms   (target ≤ 100)
            """
        return BenchReport(table: table, fields: [
            ("chat_startup_ms", .number(startup)), ("chat_turn_median_ms", .number(median)), ("chat_turn_p99_ms", .number(p99)),
        ])
    }
}
