import ArgumentParser
import CurioEvaluation
import CurioGenerators
import Foundation

extension EvalCommand {
    /// The Mult-VAE read from `--vae` (or the catalog's vae.safetensors), checked against
    /// the catalog's items. Nothing is tuned here: the epoch was chosen on validation when
    /// it was trained.
    static let multVAE = SystemFactory(name: "Mult-VAE") { _ in
        guard let path = EvalCommand.vaePath else {
            throw ValidationError("no Mult-VAE: train one with `curio train --generator vae` or name it with --vae")
        }
        let model = try MultVAE.load(path: path, catalogItemIDs: EvalCommand.catalogItemIDs)
        return BuiltSystem(scorer: model, setting: model.bestEpoch.map { "epoch \($0)" } ?? "")
    }
    nonisolated(unsafe) static var vaePath: String?
    nonisolated(unsafe) static var catalogItemIDs: [String]?

    /// Records where the generator files are and returns the names of those that exist,
    /// for the default system list.
    static func locateGenerators(catalogDirectory: String, vae: String?, itemIDs: [String]) -> [String] {
        let defaultVAE = catalogDirectory + "/" + GeneratorKind.vae.defaultFileName
        vaePath = vae ?? (FileManager.default.fileExists(atPath: defaultVAE) ? defaultVAE : nil)
        catalogItemIDs = itemIDs
        return vaePath != nil ? [multVAE.name] : []
    }
}
