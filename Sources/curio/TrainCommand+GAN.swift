import ArgumentParser
import CurioCatalog
import CurioGenerators
import CurioTraining
import Foundation

/// The options of `curio train --generator gan` (IRGAN, docs/generators.md), prefixed
/// `--gan-` so they never collide with the language model's.
struct GANTrainingOptions: ParsableArguments {
    @Option(name: .customLong("gan-dimension"), help: "IRGAN: factors per item.")
    var dimension: Int = IRGANOptions().dimension
    @Option(name: .customLong("gan-mf-epochs"), help: "IRGAN: MF pretraining epochs at most (early stopping on validation).")
    var mfEpochs: Int = IRGANOptions().mfEpochs
    @Option(name: .customLong("gan-epochs"), help: "IRGAN: adversarial epochs (the best on validation is kept).")
    var ganEpochs: Int = IRGANOptions().ganEpochs
    @Option(name: .customLong("gan-passes"), help: "IRGAN: passes over the users per epoch.")
    var passes: Int = IRGANOptions().passesPerEpoch
    @Option(name: .customLong("gan-d-passes"), help: "IRGAN: discriminator passes over the users per adversarial epoch.")
    var discriminatorPasses: Int = IRGANOptions().discriminatorPasses
    @Option(name: .customLong("gan-g-passes"), help: "IRGAN: generator passes over the users per adversarial epoch.")
    var generatorPasses: Int = IRGANOptions().generatorPasses
    @Option(name: .customLong("gan-mf-learning-rate"), help: "IRGAN: learning rate of MF pretraining.")
    var mfLearningRate: Float = IRGANOptions().mfLearningRate
    @Option(name: .customLong("gan-g-learning-rate"), help: "IRGAN: learning rate of the generator.")
    var generatorLearningRate: Float = IRGANOptions().generatorLearningRate
    @Option(name: .customLong("gan-d-learning-rate"), help: "IRGAN: learning rate of the discriminator.")
    var discriminatorLearningRate: Float = IRGANOptions().discriminatorLearningRate
    @Option(name: .customLong("gan-weight-decay"), help: "IRGAN: AdamW weight decay of the factors.")
    var weightDecay: Float = IRGANOptions().weightDecay
    @Option(name: .customLong("gan-samples"), help: "IRGAN: items the generator samples per user per step.")
    var samples: Int = IRGANOptions().samples
    @Option(name: .customLong("gan-temperature"), help: "IRGAN: softmax temperature of the generator.")
    var temperature: Float = IRGANOptions().temperature
    @Option(name: .customLong("gan-holdout"), help: "IRGAN: share of each history held out as targets per pass.")
    var holdout: Double = IRGANOptions().holdout
    @Flag(name: .customLong("gan-random-discriminator"), help: "IRGAN: start the discriminator from random factors, not MF.")
    var randomDiscriminator = false

    /// The training options these flags and the shared `--seed`/`--batch-size`/`--patience` give.
    func irganOptions(seed: UInt64, batchSize: Int, patience: Int) -> IRGANOptions {
        var options = IRGANOptions()
        options.seed = seed
        options.dimension = dimension
        options.mfEpochs = mfEpochs
        options.ganEpochs = ganEpochs
        options.passesPerEpoch = passes
        options.discriminatorPasses = discriminatorPasses
        options.generatorPasses = generatorPasses
        options.mfLearningRate = mfLearningRate
        options.generatorLearningRate = generatorLearningRate
        options.discriminatorLearningRate = discriminatorLearningRate
        options.weightDecay = weightDecay
        options.samples = samples
        options.temperature = temperature
        options.holdout = holdout
        options.batchSize = batchSize
        options.patience = patience
        options.discriminatorFromMF = !randomDiscriminator
        return options
    }
}

extension TrainCommand {
    /// `curio train --generator gan`: MF pretraining, then IRGAN; writes the catalog's
    /// gan.safetensors (or `--out`). Ctrl-C stops early and still writes the best so far.
    func runGAN() throws {
        let clock = Stopwatch()
        let catalog = try interactions.map { try catalogOptions.loadCatalog(interactions: $0) }
            ?? catalogOptions.loadCatalog()
        let catalogDirectory = try CatalogLocator.resolve(explicit: catalogOptions.directory)
        let outPath = out ?? catalogDirectory + "/" + GeneratorKind.gan.defaultFileName
        let split = LeaveOneOutSplit(catalog: catalog)
        // The language model's batch size (sequences) means nothing here; the GAN keeps its own default.
        let options = ganOptions.irganOptions(seed: seed, batchSize: IRGANOptions().batchSize, patience: patience)
        let training: IRGANTraining
        do { training = try IRGANTraining(split: split, options: options) } catch {
            throw ValidationError(error.description)
        }
        let display = ProgressDisplay()
        display.line("training IRGAN (d \(options.dimension)) on \(catalog.manifest.name): "
                     + "\(catalog.items.count) items, \(split.training.count) training interactions")
        let generator = Interruption.whileHandlingInterrupts { interrupted in
            training.run(itemIDs: catalog.items.map(\.id), progress: { epoch in
                let detail = epoch.stage == "mf"
                    ? String(format: "softmax loss %.4f", epoch.loss)
                    : String(format: "D loss %.4f  G reward %.4f", epoch.loss, epoch.reward)
                display.line(String(format: "%@ epoch %d: %@  validation NDCG@10 %.4f  (%.1f s)",
                                    epoch.stage == "mf" ? "MF" : "IRGAN", epoch.epoch, detail,
                                    epoch.validationNDCG, epoch.seconds))
            }, shouldStop: interrupted)
        }
        try generator.save(to: outPath, catalogName: catalog.manifest.name)
        let summary = generator.summary
        display.line(String(format: "MF init: epoch %d, validation NDCG@10 %.4f", summary.mfBestEpoch, summary.mfValidationNDCG))
        display.line(String(format: "IRGAN: epoch %d, validation NDCG@10 %.4f (%+.4f over MF)", summary.bestEpoch,
                            summary.validationNDCG, summary.validationNDCG - summary.mfValidationNDCG))
        display.line("wrote \(outPath)")
        display.line(String(format: "training took %.1f s (%.1f min) in all", clock.elapsed, clock.elapsed / 60))
    }
}
