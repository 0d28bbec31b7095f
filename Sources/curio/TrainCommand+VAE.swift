import ArgumentParser
import CurioCatalog
import CurioGenerators
import CurioModel
import CurioTraining
import Foundation

extension GeneratorKind: ExpressibleByArgument {}

/// The options of `curio train --generator vae` (prefixed, since the language model's
/// `--epochs`, `--batch-size` and `--learning-rate` mean other things with other defaults).
struct VAETrainOptions: ParsableArguments {
    static let defaults = MultVAETrainingOptions()

    @Option(name: .customLong("vae-hidden"),
            help: "Mult-VAE encoder hidden widths, comma-separated (the decoder mirrors them).")
    var hidden: String = defaults.hiddenSizes.map(String.init).joined(separator: ",")
    @Option(name: .customLong("vae-latent"), help: "Mult-VAE latent dimension.")
    var latent: Int = defaults.latentSize
    @Option(name: .customLong("vae-epochs"), help: "Mult-VAE passes over the training users at most.")
    var epochs: Int = defaults.epochs
    @Option(name: .customLong("vae-batch-size"), help: "Mult-VAE users per update.")
    var batchSize: Int = defaults.batchSize
    @Option(name: .customLong("vae-learning-rate"), help: "Mult-VAE Adam step size.")
    var learningRate: Float = defaults.learningRate
    @Option(name: .customLong("vae-weight-decay"), help: "Mult-VAE AdamW weight decay on weight matrices.")
    var weightDecay: Float = defaults.weightDecay
    @Option(name: .customLong("vae-beta-cap"), help: "Mult-VAE largest KL weight β.")
    var betaCap: Float = defaults.betaCap
    @Option(name: .customLong("vae-anneal-steps"), help: "Mult-VAE updates over which β grows from 0 to 1 (capped).")
    var annealSteps: Int = defaults.annealSteps
    @Option(name: .customLong("vae-keep"), help: "Mult-VAE probability of keeping each input item (dropout).")
    var keepProbability: Float = defaults.keepProbability
    @Option(name: .customLong("vae-patience"), help: "Mult-VAE epochs without a better validation NDCG@10 before stopping.")
    var patience: Int = defaults.patience ?? 0

    /// The trainer's options; `--seed` and `--time-limit` (minutes) are shared with the LM.
    func trainingOptions(seed: UInt64, timeLimitMinutes: Double?) throws -> MultVAETrainingOptions {
        let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--vae-hidden needs comma-separated widths, e.g. 600 or 600,300")
        }
        var options = MultVAETrainingOptions()
        options.hiddenSizes = sizes.map { $0! }
        options.latentSize = latent
        options.epochs = epochs
        options.batchSize = batchSize
        options.learningRate = learningRate
        options.weightDecay = weightDecay
        options.betaCap = betaCap
        options.annealSteps = annealSteps
        options.keepProbability = keepProbability
        options.patience = patience > 0 ? patience : nil
        options.seed = seed
        options.timeLimit = timeLimitMinutes.map { $0 * 60 }
        do { try options.validate() } catch { throw ValidationError("\(error)") }
        try MultVAEArchitecture(itemCount: 1, hiddenSizes: options.hiddenSizes, latentSize: latent).validate()
        return options
    }
}

extension TrainCommand {
    /// `curio train --generator vae`: trains a Mult-VAE on the catalog's training split and
    /// writes it (by default to the catalog's vae.safetensors).
    func runVAE() throws {
        let clock = Stopwatch()
        if resume { throw ValidationError("--resume continues a language-model run; a Mult-VAE retrains from the start") }
        let options = try vaeOptions.trainingOptions(seed: seed, timeLimitMinutes: timeLimit)
        let catalog = try interactions.map { try catalogOptions.loadCatalog(interactions: $0) }
            ?? catalogOptions.loadCatalog()
        let catalogDirectory = try CatalogLocator.resolve(explicit: catalogOptions.directory)
        let outPath = out ?? catalogDirectory + "/" + GeneratorKind.vae.defaultFileName
        let split = LeaveOneOutSplit(catalog: catalog)
        let itemIDs = catalog.items.map(\.id)
        let trainer = try MultVAETrainer(split: split, itemIDs: itemIDs, options: options)
        let architecture = MultVAEArchitecture(itemCount: itemIDs.count, hiddenSizes: options.hiddenSizes,
                                               latentSize: options.latentSize)
        let display = ProgressDisplay()
        display.line("training Mult-VAE \(architecture.summary), \(architecture.parameterCount) parameters, "
                     + "on \(catalog.manifest.name) (\(split.training.count) training interactions)")
        let outcome = try Interruption.whileHandlingInterrupts { interrupted in
            try trainer.train(progress: { report in
                display.line(String(format: "epoch %d: loss %.2f  β %.3f  validation HR@10 %.4f  NDCG@10 %.4f  (%.1f s)%@",
                                    report.epoch, report.loss, report.beta, report.validationHitRate,
                                    report.validationNDCG, report.seconds, report.isBest ? "  best so far" : ""))
            }, interrupted: interrupted)
        }
        let seconds = clock.elapsed
        let notes = [
            "curio.training": String(decoding: try JSONEncoder().encode(options), as: UTF8.self),
            "curio.catalog": catalog.manifest.name,
            "curio.training_seconds": String(format: "%.1f", seconds),
        ]
        try outcome.model.save(to: outPath, dtype: SafeTensorsDType(rawValue: dtype.uppercased())!, notes: notes)
        if let epoch = outcome.model.bestEpoch, let best = outcome.reports.first(where: { $0.epoch == epoch }) {
            display.line(String(format: "best epoch %d: validation HR@10 %.4f, NDCG@10 %.4f",
                                epoch, best.validationHitRate, best.validationNDCG))
        }
        display.line("stopped: \(outcome.stoppedBecause); wrote \(outPath)")
        display.line(String(format: "training took %.1f s (%.1f min) in all", seconds, seconds / 60))
    }
}
