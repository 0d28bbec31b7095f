import ArgumentParser
import CurioCatalog
import CurioDialogue
import CurioEngine
import CurioEvaluation
import CurioGenerators
import CurioModel
import CurioTraining
import Foundation

/// `curio train`: trains curio's language model on a catalog's histories.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the language model on a catalog (next item, grounding and chat tasks).",
        discussion: """
        Trains on every user's interactions except the last two (the validation and test \
        items of the evaluation protocol), measures HR@10/NDCG@10 on the validation items \
        after each epoch, stops early when they stop improving and keeps the best epoch. \
        Ctrl-C stops after the current step and still writes the best model so far.
        """)

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: "Which generator to train: lm (the language model), vae (Mult-VAE) or gan.")
    var generator: GeneratorKind = .lm
    @OptionGroup(title: "Mult-VAE options") var vaeOptions: VAETrainOptions
    @OptionGroup(title: "IRGAN options (--generator gan)") var ganOptions: GANTrainingOptions

    @Option(help: ArgumentHelp("Where to write the model (safetensors).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp(
        "Train on these interactions instead of the catalog's (same format as interactions.tsv).",
        discussion: "The evaluation protocol applies to them as to the catalog's own: each user's last two are held out.",
        valueName: "file"))
    var interactions: String?

    @Option(help: "Random seed: the same seed gives the same model.")
    var seed: UInt64 = 1

    @Option(help: "Passes over the training histories at most.")
    var epochs: Int = TrainingOptions().epochs

    @Option(name: .customLong("time-limit"), help: ArgumentHelp("Stop after this many minutes.", valueName: "minutes"))
    var timeLimit: Double?

    @Option(name: .customLong("d-model"), help: "Width of the model.")
    var dModel: Int = 128
    @Option(help: "Transformer blocks.")
    var layers: Int = 2
    @Option(help: "Attention heads.")
    var heads: Int = 4
    @Option(help: "Context length in tokens.")
    var context: Int = 128
    @Option(name: .customLong("batch-size"), help: "Sequences per step.")
    var batchSize: Int = TrainingOptions().batchSize
    @Option(name: .customLong("learning-rate"), help: "Peak learning rate.")
    var learningRate: Float = TrainingOptions().learningRate
    @Option(name: .customLong("weight-decay"), help: "AdamW weight decay.")
    var weightDecay: Float = TrainingOptions().weightDecay
    @Option(help: "Epochs without a better validation NDCG@10 before stopping.")
    var patience: Int = TrainingOptions().patience
    @Option(name: .customLong("grounding"), help: "Share of items whose grounding examples join each epoch (0 = none).")
    var groundingShare: Double = TrainingOptions().groundingShare
    @Option(name: .customLong("conversations"), help: "Synthetic chat turns per user per epoch (0 = none).")
    var conversationsPerUser: Int = TrainingOptions().conversationsPerUser
    @Option(help: ArgumentHelp("Dropout probability while training (0 = none); inference never drops.",
                               valueName: "p"))
    var dropout: Float = TrainingOptions().dropout
    @Option(name: .customLong("window-stride"), help: ArgumentHelp(
        "Distance between the ends of a long history's training windows, as a share of the context "
        + "(1 = end to end, 0.5 = half overlapping).", valueName: "share"))
    var windowStride: Double = TrainingOptions().windowStride
    @Option(help: ArgumentHelp("Train this many models (seeds --seed, --seed + 1, …) and store them as one "
                               + "ensemble whose logits are their mean.", valueName: "count"))
    var members: Int = TrainingOptions().members
    @Option(help: ArgumentHelp("Train this many models (seeds --seed, --seed + 1, …) and keep the one with the "
                               + "best validation NDCG@10.", valueName: "count"))
    var restarts: Int = TrainingOptions().restarts
    @Option(help: ArgumentHelp("A trained model (e.g. an ensemble) to learn from as well: distillation.",
                               valueName: "file"))
    var teacher: String?
    @Option(name: .customLong("teacher-share"), help: ArgumentHelp(
        "With --teacher: the share of each item position learnt from the teacher.", valueName: "share"))
    var teacherShare: Float = TrainingOptions().teacherShare
    @Flag(name: .customLong("spectral-items"), help: "Start the item embeddings from the catalog's co-watching instead of at random.")
    var spectralItems = false
    @Flag(name: .customLong("preference-turns"), help: ArgumentHelp(
        "Also train on chat turns with a soft preference (\"lighter\", \"a hidden gem\"), whose targets fit it.",
        discussion: "What each preference means: prompts/preferences.tsv (docs/training.md)."))
    var preferenceTurns = false
    @Flag(help: "Continue the interrupted run that wrote <out>.resume (same data and options).")
    var resume = false

    @Option(help: "How to store the weights: f32, f16 or bf16.")
    var dtype: String = "f16"

    func validate() throws {
        guard ["f32", "f16", "bf16"].contains(dtype) else { throw ValidationError("--dtype must be f32, f16 or bf16") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard dModel >= 8, heads >= 1, dModel % heads == 0 else { throw ValidationError("--d-model must be a multiple of --heads") }
        guard (dModel / heads) % 2 == 0 else { throw ValidationError("--d-model / --heads must be even (rotary positions)") }
        guard context >= 8 else { throw ValidationError("--context must be at least 8") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard dropout >= 0, dropout < 1 else { throw ValidationError("--dropout must be at least 0 and below 1") }
        guard (1...64).contains(members) else { throw ValidationError("--members must be from 1 to 64") }
        guard (1...64).contains(restarts) else { throw ValidationError("--restarts must be from 1 to 64") }
        guard members == 1 || restarts == 1 else {
            throw ValidationError("--members and --restarts do not go together: an ensemble keeps every model, restarts keep one")
        }
        guard teacherShare >= 0, teacherShare <= 1 else { throw ValidationError("--teacher-share must be from 0 to 1") }
        guard windowStride > 0, windowStride <= 1 else { throw ValidationError("--window-stride must be above 0 and at most 1") }
        if let timeLimit, timeLimit <= 0 { throw ValidationError("--time-limit must be positive") }
        let misplaced = languageModelOptionsGiven()
        if generator != .lm, !misplaced.isEmpty {
            throw ValidationError("\(misplaced.joined(separator: ", ")): language-model options, not used by "
                                  + "--generator \(generator.rawValue); use its --\(generator.rawValue)-… options (curio train --help)")
        }
    }

    /// The language-model options set away from their defaults: refused with another
    /// generator rather than silently ignored.
    private func languageModelOptionsGiven() -> [String] {
        let lm = TrainingOptions()
        let changed: [(String, Bool)] = [
            ("--epochs", epochs != lm.epochs), ("--d-model", dModel != 128), ("--layers", layers != 2),
            ("--heads", heads != 4), ("--context", context != 128), ("--batch-size", batchSize != lm.batchSize),
            ("--learning-rate", learningRate != lm.learningRate), ("--weight-decay", weightDecay != lm.weightDecay),
            ("--grounding", groundingShare != lm.groundingShare),
            ("--conversations", conversationsPerUser != lm.conversationsPerUser),
            ("--dropout", dropout != lm.dropout), ("--window-stride", windowStride != lm.windowStride),
            ("--members", members != lm.members), ("--restarts", restarts != lm.restarts), ("--teacher", teacher != nil),
            ("--teacher-share", teacherShare != lm.teacherShare), ("--spectral-items", spectralItems),
            ("--preference-turns", preferenceTurns),
            // IRGAN stops early with --patience; Mult-VAE has --vae-patience.
            ("--patience", generator != .gan && patience != lm.patience),
        ]
        return changed.filter(\.1).map(\.0)
    }

    func run() throws {
        if generator == .vae { return try runVAE() }
        if generator == .gan { return try runGAN() }
        let clock = Stopwatch()
        let catalog = try interactions.map { try catalogOptions.loadCatalog(interactions: $0) }
            ?? catalogOptions.loadCatalog()
        let catalogDirectory = try CatalogLocator.resolve(explicit: catalogOptions.directory)
        let prompts = try PromptsLocator.directory()
        let outPath = out ?? catalogDirectory + "/model.safetensors"
        let split = LeaveOneOutSplit(catalog: catalog)

        var options = TrainingOptions()
        options.seed = seed
        options.epochs = epochs
        options.timeLimit = timeLimit.map { $0 * 60 }
        options.batchSize = batchSize
        options.learningRate = learningRate
        options.weightDecay = weightDecay
        options.patience = patience
        options.groundingShare = groundingShare
        options.conversationsPerUser = conversationsPerUser
        options.dropout = dropout
        options.windowStride = windowStride
        options.teacherShare = teacherShare
        options.members = members
        options.restarts = restarts
        options.spectralItemInit = spectralItems
        options.preferenceTurns = preferenceTurns

        let tokenizer = try CatalogTokenizer.build(catalog: catalog, prompts: prompts)
        let config = ModelConfig(vocabSize: tokenizer.vocabSize, dModel: dModel, layers: layers, heads: heads,
                                 ffnHidden: dModel * 3, contextLength: context)
        var conversations: ConversationTask?
        if conversationsPerUser > 0 {
            let titles = TitleSearch(catalog: catalog)
            let understanding = try Understanding.load(lexiconDirectory: prompts + "/lexicon", titles: titles)
            conversations = try ConversationTask(
                template: try TaskTemplate.load("conversation", prompts: prompts), tokenizer: tokenizer,
                catalog: catalog, understanding: understanding,
                stateTemplate: try StateTemplate.load(path: prompts + "/state.txt"), prompts: prompts,
                preferenceTurns: preferenceTurns)
        }
        var teacherMembers: [TransformerModel] = []
        if let teacher {
            let (teacherModel, _) = try ModelFile.load(teacher)
            guard teacherModel.tokenizer.vocabSize == tokenizer.vocabSize,
                  teacherModel.tokenizer.itemRange == tokenizer.itemRange else {
                throw ValidationError("--teacher \(teacher): its vocabulary is not this catalog's and prompts' (train the teacher at this commit)")
            }
            teacherMembers = teacherModel.members
        }
        // Restarts train like an ensemble's members and keep one of them.
        let runs = max(members, restarts)
        let ensemble = try EnsembleRun(members: runs, options: options,
                                       validation: Evaluator(split: split, target: .validation),
                                       keepBest: restarts > 1) { memberOptions in
            let model = try TransformerModel(config: config, seed: memberOptions.seed)
            return try TrainingRun(catalog: catalog, split: split,
                                   languageModel: try LanguageModel(model: model, tokenizer: tokenizer),
                                   prompts: prompts, options: memberOptions, conversations: conversations,
                                   teacher: teacherMembers)
        }
        let display = ProgressDisplay()
        let memberParameters = ParameterLayout(config: config).totalCount
        display.line("training \(runs == 1 ? "" : "\(runs) × ")\(memberParameters) parameters (vocabulary "
                     + "\(tokenizer.vocabSize), \(tokenizer.itemRange.count) items) on \(catalog.manifest.name)")
        let statePath = EnsembleRun.statePath(out: outPath, member: 0, of: runs)
        let partial = EnsembleRun.partialFiles(out: outPath, members: runs)
        if resume && !partial.contains(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw ValidationError("--resume: there is no \(statePath) to continue from")
        }
        let outcome = try Interruption.whileHandlingInterrupts { interrupted in
            try ensemble.run(out: outPath, resume: resume, progress: { member, progress in
                display.label = runs == 1 ? "" : "\(restarts > 1 ? "restart" : "member") \(member + 1)/\(runs) "
                display.show(progress)
            }, interrupted: interrupted)
        }
        display.finish()
        display.label = ""
        if let languageModel = outcome.languageModel {
            let bests = outcome.keptMember == nil ? outcome.members.compactMap(\.best)
                : [outcome.keptOutcome?.best].compactMap { $0 }
            var notes = [
                "curio.training": String(decoding: try JSONEncoder().encode(options), as: UTF8.self),
                "curio.catalog": catalog.manifest.name,
                "curio.best_epoch": bests.map { String($0.epoch) }.joined(separator: ","),
                "curio.validation_ndcg10": outcome.validationNDCG.map { String(format: "%.4f", $0) } ?? "",
            ]
            if members > 1 { notes["curio.members"] = String(languageModel.members.count) }
            if let kept = outcome.keptMember { notes["curio.seed"] = String(options.seed &+ UInt64(kept)) }
            try ModelFile.save(languageModel, to: outPath, dtype: SafeTensorsDType(rawValue: dtype.uppercased())!,
                               notes: notes)
        }
        if outcome.stoppedBecause == "interrupted" {
            display.line(outcome.languageModel == nil
                         ? "interrupted before the first epoch ended: nothing written; `curio train --resume` continues the run"
                         : "interrupted: the best model so far is saved; `curio train --resume` continues the run")
        } else {
            for file in partial { try? FileManager.default.removeItem(atPath: file) }
        }
        for (k, member) in outcome.members.enumerated() {
            guard let best = member.best else { continue }
            display.line(String(format: "%@best epoch %d: validation HR@10 %.4f, NDCG@10 %.4f",
                                runs == 1 ? "" : "\(restarts > 1 ? "restart" : "member") \(k + 1): ", best.epoch, best.validationHitRate,
                                best.validationNDCG))
        }
        if let kept = outcome.keptMember, let ndcg = outcome.validationNDCG {
            display.line(String(format: "kept restart %d (seed %llu): validation NDCG@10 %.4f", kept + 1,
                                options.seed &+ UInt64(kept), ndcg))
        }
        if members > 1, let hr = outcome.validationHitRate, let ndcg = outcome.validationNDCG,
           let count = outcome.languageModel?.members.count {
            display.line(String(format: "ensemble of %d: validation HR@10 %.4f, NDCG@10 %.4f", count, hr, ndcg))
        }
        display.line("stopped: \(outcome.stoppedBecause); " + (outcome.languageModel == nil ? "nothing written" : "wrote \(outPath)"))
        display.line(String(format: "training took %.1f s (%.1f min) in all", clock.elapsed, clock.elapsed / 60))
    }
}

