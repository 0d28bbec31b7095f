import ArgumentParser
import CurioCatalog
import CurioEngine
import CurioEvaluation
import CurioTraining
import Foundation

/// `curio eval`: measures recommenders on the leave-one-out protocol (docs/evaluation.md)
/// and prints one table with bootstrap intervals and paired differences to EASE.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure recommenders on the held-out items (HR@10, NDCG@10, MRR, coverage, novelty).",
        discussion: """
        Every system is tuned on the validation items and scored on the split you ask \
        for, ranking all items the user has not interacted with. Progress and tuning go \
        to standard error; the table (or JSON) to standard output.
        """
    )

    /// Every system `--baselines` can name. Further scorers (the language model, other
    /// generators) join by appending a `SystemFactory` here.
    static let systems: [SystemFactory] = Baselines.all + [languageModel, multVAE] + ganSystems

    /// curio's language model, read from `--model` (or the catalog's model.safetensors).
    static let languageModel = SystemFactory(name: "LM") { _ in
        guard let path = EvalCommand.modelPath else {
            throw ValidationError("no language model: train one with `curio train` or name it with --model")
        }
        let (model, metadata) = try ModelFile.load(path)
        return BuiltSystem(scorer: LanguageModelScorer(model, name: "LM"),
                           setting: metadata["curio.best_epoch"].map { "epoch \($0)" } ?? "")
    }
    nonisolated(unsafe) static var modelPath: String?

    @Option(name: .long, help: ArgumentHelp("The language model to evaluate (default: the catalog's model.safetensors).",
                                            valueName: "file"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("The Mult-VAE to evaluate (default: the catalog's vae.safetensors).",
                                            valueName: "file"))
    var vae: String?

    @Option(name: .long, help: ArgumentHelp("The IRGAN generator to evaluate as MF and IRGAN (default: the catalog's gan.safetensors).",
                                            valueName: "file"))
    var gan: String?

    @OptionGroup var catalog: CatalogOptions

    @Option(name: .long, help: "Which held-out item to score (with --conversations: the one the simulated users look for): valid or test.")
    var split: EvaluationTarget = .test

    @Flag(name: .long, help: "Print one JSON object instead of the table.")
    var json = false

    @Option(name: .long, help: "Comma-separated systems, in table order (known: \(systems.map(\.name).joined(separator: ", "))).")
    var baselines: String?

    @Option(name: .long, help: "Seed of the bootstrap resampling.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of bootstrap resamples.")
    var resamples: Int = 1000

    @Option(name: .long, help: "Use this EASE lambda instead of tuning it on validation.")
    var lambda: Float?

    @Option(name: .long, help: "Use this item-kNN neighbourhood size instead of tuning it on validation.")
    var neighbors: Int?

    @Flag(name: .long, help: "Measure the faithfulness of explanations (necessity, sufficiency) instead; --seed draws the situations.")
    var explanations = false

    @Option(name: .long, help: "With --explanations: how many explanations to check (at least).")
    var count: Int = 500

    @Flag(name: .long, help: "Simulated users look for their test item over up to 5 turns (SR@1…SR@5); see docs/evaluation.md.")
    var conversations = false

    @Option(name: .customLong("co-watch-weight"), help: ArgumentHelp(
        "With --conversations: the co-watch expert's weight in the lists (default \(Engine.defaultCoWatchWeight); "
        + "tune it on --split valid).", valueName: "nats"))
    var coWatchWeight: Float?

    @Option(name: .customLong("history-weight"), help: ArgumentHelp(
        "With --conversations: the weight of the liked items' next-item view in the lists (default "
        + "\(CombinedListGenerator.defaultHistoryWeight); tune it on --split valid).", valueName: "weight"))
    var historyWeight: Float?

    @Option(name: .customLong("informative-bits"), help: ArgumentHelp(
        "With --conversations: below how many bits of information in a request its list comes with a question "
        + "(default \(Engine.defaultInformativeRequestBits); tune it on --split valid).", valueName: "bits"))
    var informativeBits: Double?

    @Option(name: .long, help: "With --conversations: a seeded sample of this many users (default: all test users).")
    var users: Int?

    @Option(name: .long, help: ArgumentHelp("With --conversations: write every conversation as JSON to this file.", valueName: "file"))
    var transcripts: String?

    func validate() throws {
        if let lambda, !(lambda > 0) { throw ValidationError("--lambda must be positive") }
        if let neighbors, neighbors < 1 { throw ValidationError("--neighbors must be at least 1") }
        if let users, users < 1 { throw ValidationError("--users must be at least 1") }
        if let historyWeight {
            guard historyWeight >= 0, historyWeight.isFinite else { throw ValidationError("--history-weight must be 0 or more") }
            guard conversations else { throw ValidationError("--history-weight applies to --conversations only") }
        }
        if let coWatchWeight {
            guard coWatchWeight >= 0, coWatchWeight.isFinite else { throw ValidationError("--co-watch-weight must be 0 or more") }
            guard conversations else { throw ValidationError("--co-watch-weight applies to --conversations only") }
        }
        if let informativeBits {
            guard informativeBits >= 0, informativeBits.isFinite else { throw ValidationError("--informative-bits must be 0 or more") }
            guard conversations else { throw ValidationError("--informative-bits applies to --conversations only") }
        }
        guard resamples >= 1 else { throw ValidationError("--resamples must be at least 1") }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard let baselines else { return }
        let names = baselines.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else {
            throw ValidationError("--baselines needs comma-separated names, e.g. MostPopular,EASE")
        }
        do { _ = try Baselines.select(names, from: Self.systems) } catch {
            throw ValidationError("--baselines: \(error)")
        }
    }

    func run() throws {
        if explanations { return try runExplanations() }
        if conversations { return try runConversations() }
        let loaded = try catalog.loadCatalog()
        let catalogDirectory = try CatalogLocator.resolve(explicit: catalog.directory)
        let defaultModel = catalogDirectory + "/model.safetensors"
        Self.modelPath = model ?? (FileManager.default.fileExists(atPath: defaultModel) ? defaultModel : nil)
        let generators = Self.locateGenerators(catalogDirectory: catalogDirectory, vae: vae, itemIDs: loaded.items.map(\.id))
        let ganNames = Self.configureGAN(explicit: gan, catalogDirectory: catalogDirectory, catalog: loaded)
        // By default: every baseline, and the language model and other generators when there are files.
        let names = baselines.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            ?? Baselines.all.map(\.name) + (Self.modelPath != nil ? ["LM"] : []) + generators + ganNames
        let factories = try Baselines.select(names, from: Self.systems)
        // A bad model file is reported now, not after the baselines' minutes of building.
        if names.contains("LM"), let path = Self.modelPath { _ = try ModelFile.load(path) }
        let data = LeaveOneOutSplit(catalog: loaded)
        let context = TrainingContext(split: data, neighborGrid: neighbors.map { [$0] } ?? Baselines.neighborGrid,
                                      lambdaGrid: lambda.map { [$0] } ?? Baselines.lambdaGrid)
        let evaluator = Evaluator(split: data, target: split)
        guard !evaluator.users.isEmpty else { throw EvaluationError.nothingToEvaluate }
        note("\(loaded.items.count) items, \(data.training.count) training interactions, "
             + "\(evaluator.users.count) users with held-out items")
        var entries: [EvaluationReport.Entry] = []
        for factory in factories {
            let building = Stopwatch()
            var built = try factory.build(context)
            built.buildSeconds = building.elapsed
            for trial in built.trials {
                note("  \(factory.name) \(trial.setting): validation NDCG@10 \(String(format: "%.4f", trial.validationNDCG))")
            }
            let evaluating = Stopwatch()
            let result = evaluator.evaluate(built.scorer)
            let seconds = evaluating.elapsed
            let label = built.setting.isEmpty ? factory.name : "\(factory.name) \(built.setting)"
            note("\(label): built in \(String(format: "%.1f", built.buildSeconds)) s, "
                 + "evaluated in \(String(format: "%.2f", seconds)) s")
            entries.append(.init(built: built, result: result, evaluateSeconds: seconds))
        }
        let report = EvaluationReport(evaluator: evaluator, entries: entries, seed: seed, resamples: resamples)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table())
        }
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

extension EvaluationTarget: ExpressibleByArgument {}

