import ArgumentParser
import CurioCatalog
import CurioEngine
import Foundation

/// `--catalog DIR`, `--model FILE`, `--no-profile`: shared by every command that talks
/// to the conversation engine (ask, serve, chat, bench chat).
struct EngineOptions: ParsableArguments {
    @OptionGroup var catalog: CatalogOptions

    @Option(name: .customLong("model"), help: ArgumentHelp(
        "Model file (safetensors, from `curio train`).",
        discussion: "Defaults to model.safetensors inside the catalog folder.", valueName: "file"))
    var modelPath: String?

    @Flag(name: .customLong("no-profile"), help: "Neither read nor write a saved taste profile.")
    var noProfile = false

    @OptionGroup var profile: ProfileOptions

    /// Loads catalog, model and prompts into a ready engine. On failure prints
    /// `curio: problem` (saying how to train a model when none exists) and exits 1.
    func loadEngine() throws -> Engine {
        let catalogDirectory: String
        do { catalogDirectory = try CatalogLocator.resolve(explicit: catalog.directory) } catch {
            FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let model = modelPath ?? Engine.defaultModelPath(catalogDirectory: catalogDirectory)
        do {
            return try Engine.load(catalogDirectory: catalogDirectory, modelPath: model, prompts: try PromptsLocator.directory())
        } catch let error as CatalogError {
            FileHandle.standardError.write(Data("curio: catalog \(catalogDirectory): \(error)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
