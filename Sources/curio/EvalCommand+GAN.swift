import ArgumentParser
import CurioCatalog
import CurioEvaluation
import CurioGenerators
import Foundation

/// `curio eval`'s IRGAN systems: "MF" (the pretrained initialisation) and "IRGAN" (the
/// adversarially trained generator), both read from one gan.safetensors.
extension EvalCommand {
    /// The IRGAN file to evaluate (`--gan`, or the catalog's gan.safetensors when present).
    nonisolated(unsafe) static var ganPath: String?
    /// The catalog's item ids, so a file trained on another catalog is refused.
    nonisolated(unsafe) static var ganCatalogItemIDs: [String] = []

    /// The factories `--baselines` can name: MF and IRGAN.
    static let ganSystems: [SystemFactory] = [
        SystemFactory(name: "MF") { _ in try ganSystem { $0.mf } epoch: { "epoch \($0.mfBestEpoch)" } },
        SystemFactory(name: "IRGAN") { _ in try ganSystem { $0.irgan } epoch: { "epoch \($0.bestEpoch)" } },
    ]

    private static func ganSystem(_ scorer: (IRGANGenerator) -> FactorScorer,
                                  epoch: (IRGANSummary) -> String) throws -> BuiltSystem {
        guard let path = ganPath else {
            throw ValidationError("no IRGAN generator: train one with `curio train --generator gan` or name it with --gan")
        }
        do {
            let generator = try IRGANGenerator.load(path: path)
            try generator.checkMatches(itemIDs: ganCatalogItemIDs, path: path)
            return BuiltSystem(scorer: scorer(generator), setting: epoch(generator.summary))
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Points the IRGAN systems at `explicit` or at the catalog's gan.safetensors, and
    /// returns the system names the default list gains (none when there is no file).
    static func configureGAN(explicit: String?, catalogDirectory: String, catalog: Catalog) -> [String] {
        let shipped = catalogDirectory + "/" + GeneratorKind.gan.defaultFileName
        ganPath = explicit ?? (FileManager.default.fileExists(atPath: shipped) ? shipped : nil)
        ganCatalogItemIDs = catalog.items.map(\.id)
        return ganPath == nil ? [] : ganSystems.map(\.name)
    }
}
