import CurioCatalog
import CurioKernels
import CurioEvaluation
import CurioGenerators
import CurioModel
import Foundation

/// Reading a generator file of a chosen family for `--generator lm|vae|gan`: the one
/// place that knows which loader reads which family, and that a file given to the
/// wrong family is refused before any weight is read.
public enum GeneratorLoading {
    /// The file a catalog ships `kind` in: `<catalogDirectory>/<kind.defaultFileName>`.
    public static func defaultPath(_ kind: GeneratorKind, catalogDirectory: String) -> String {
        (catalogDirectory as NSString).appendingPathComponent(kind.defaultFileName)
    }

    /// Loads the generator of family `kind` at `path`, for recommending over `catalog`.
    ///
    /// The file's `curio.generator` metadata must name `kind`; a language model file
    /// may also go without it (files written before the other families existed).
    /// - Throws: `EngineError.resource` saying how to train one when there is no file;
    ///   `EngineError.wrongGenerator(_:wanted:found:)` (a `.resource` naming both families) when it holds another
    ///   one; the family loader's errors (damaged file, another catalog) otherwise.
    /// - Complexity: the family loader's: reading the weights.
    public static func load(_ kind: GeneratorKind, path: String, catalog: Catalog, threads: Int? = nil) throws -> EngineGenerator {
        guard FileManager.default.fileExists(atPath: path) else {
            throw kind == .lm ? EngineError.missingModel(path) : EngineError.missingGenerator(kind, path: path)
        }
        try checkFamily(kind, path: path)
        switch kind {
        case .lm:
            // Each piece of the model's work (a member, a beam, a share of prompts) runs its
            // kernels on one thread; `threads` pieces run side by side (`sideBySide`).
            var languageModel = try ModelFile.load(path, threads: 1).0
            languageModel.sideBySideThreads = threads ?? Parallelism.coreCount
            return .languageModel(languageModel)
        case .vae, .gan:
            return .scorer(kind, try loadScorer(kind, path: path, catalog: catalog))
        }
    }

    /// Refuses a file whose `curio.generator` metadata names another family (or, for
    /// the VAE and GAN, names none).
    /// - Throws: `EngineError.wrongGenerator`; `SafeTensorsError` for a file that is not safetensors.
    /// - Complexity: O(header): the file is mapped, its tensors are not read.
    public static func checkFamily(_ kind: GeneratorKind, path: String) throws {
        let metadata = try SafeTensorsFile(path: path).metadata
        if let declared = metadata[GeneratorKind.metadataKey] {
            guard declared == kind.rawValue else {
                throw EngineError.wrongGenerator(path, wanted: kind, found: GeneratorKind(rawValue: declared).map {
                    "a \(EngineGenerator.familyName($0)) file (\(GeneratorKind.metadataKey) = \($0.rawValue)): use --generator \($0.rawValue)"
                } ?? "\(GeneratorKind.metadataKey) = \"\(declared.prefix(40))\", which is no generator curio knows")
            }
        } else if kind != .lm {
            let lm = metadata[Tokenizer.checkpointMetadataKey] != nil
            throw EngineError.wrongGenerator(path, wanted: kind, found: lm
                ? "a curio language model file: use --generator lm"
                : "a file without \(GeneratorKind.metadataKey) metadata")
        }
    }

    /// The non-autoregressive families. Each file records the catalog's item ids, and a
    /// file trained on another catalog is refused here, so the engine can trust that a
    /// scorer scores exactly `catalog.items` in `Item.index` order.
    static func loadScorer(_ kind: GeneratorKind, path: String, catalog: Catalog) throws -> any ItemScorer {
        let ids = catalog.items.map(\.id)
        switch kind {
        case .lm: preconditionFailure("the language model is not a scorer")
        case .vae: return try MultVAE.load(path: path, catalogItemIDs: ids)
        case .gan:
            let gan = try IRGANGenerator.load(path: path)
            try gan.checkMatches(itemIDs: ids, path: path)
            return gan
        }
    }
}

extension EngineError {
    /// No file of generator family `kind` at `path`; says how to train one.
    public static func missingGenerator(_ kind: GeneratorKind, path: String) -> EngineError {
        .resource("no \(EngineGenerator.familyName(kind)) generator at \(path): train one with "
                  + "`curio train --generator \(kind.rawValue)`, or pass --model FILE")
    }

    /// A file of another family than the one asked for with `--generator`; `found`
    /// says what it is and which `--generator` reads it.
    public static func wrongGenerator(_ path: String, wanted: GeneratorKind, found: String) -> EngineError {
        .resource("--generator \(wanted.rawValue) (\(EngineGenerator.familyName(wanted))) cannot read \(path): "
                  + "it is \(found), or pass a \(wanted.rawValue) file with --model")
    }
}
