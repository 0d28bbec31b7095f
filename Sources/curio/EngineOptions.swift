import ArgumentParser
import CurioCatalog
import CurioEngine
import CurioGenerators
import Foundation

/// `--catalog DIR`, `--generator lm|vae|gan`, `--model FILE`, `--no-profile`: shared by
/// every command that talks to the conversation engine (ask, serve, chat, bench chat).
struct EngineOptions: ParsableArguments {
    @OptionGroup var catalog: CatalogOptions

    // Parsed by a transform, not an ExpressibleByArgument conformance, so the train
    // command may declare its own conformance without a clash.
    @Option(name: .customLong("generator"), help: ArgumentHelp(
        "What recommends: lm (curio's language model), vae (Mult-VAE) or gan (IRGAN).",
        discussion: "Each reads its own file: model.safetensors, vae.safetensors, gan.safetensors in the catalog folder.",
        valueName: "lm|vae|gan"), transform: EngineOptions.generatorKind)
    var generator: GeneratorKind = .lm

    @Option(name: .customLong("model"), help: ArgumentHelp(
        "Generator file (safetensors, from `curio train`).",
        discussion: "Defaults to the --generator's file inside the catalog folder.", valueName: "file"))
    var modelPath: String?

    /// `--generator`'s value as a family, or an error listing the families.
    static func generatorKind(_ text: String) throws -> GeneratorKind {
        guard let kind = GeneratorKind(rawValue: text.lowercased()) else {
            throw ValidationError("unknown generator \"\(text.prefix(40))\": use lm, vae or gan")
        }
        return kind
    }

    @Flag(name: .customLong("no-profile"), help: "Neither read nor write a saved taste profile.")
    var noProfile = false

    @OptionGroup var profile: ProfileOptions

    /// Loads catalog, the chosen generator and prompts into a ready engine. On failure
    /// prints `curio: problem` (saying how to train the generator when its file does
    /// not exist, or which `--generator` reads a file of another family) and exits 1.
    func loadEngine() throws -> Engine {
        let catalogDirectory: String
        do { catalogDirectory = try CatalogLocator.resolve(explicit: catalog.directory) } catch {
            FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let model = modelPath ?? GeneratorLoading.defaultPath(generator, catalogDirectory: catalogDirectory)
        do {
            return try Engine.load(catalogDirectory: catalogDirectory, generator: generator, modelPath: model,
                                   prompts: try PromptsLocator.directory())
        } catch let error as CatalogError {
            FileHandle.standardError.write(Data("curio: catalog \(catalogDirectory): \(error)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
