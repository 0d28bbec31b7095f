import CurioCatalog
import CurioDialogue
import CurioModel
import Foundation
import Testing
@testable import CurioEngine

/// One engine over the real MovieLens catalog with a real tokenizer (few BPE merges,
/// so it builds in a second) and a small random-weight transformer: random weights
/// still exercise every constraint property, and nothing here depends on training.
enum EngineFixture {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let prompts = root + "/prompts"
    static let catalogPath = root + "/catalogs/movielens"
    static let trainedModelPath = catalogPath + "/model.safetensors"
    static let catalogPresent = FileManager.default.fileExists(atPath: catalogPath + "/items.tsv")
    static let trainedModelPresent = FileManager.default.fileExists(atPath: trainedModelPath)

    static let catalog: Catalog? = try? Catalog.load(from: catalogPath)

    static let understanding: Understanding? = catalog.flatMap {
        try? Understanding.load(lexiconDirectory: prompts + "/lexicon", titles: TitleSearch(catalog: $0))
    }

    /// The shared random-weight engine, or nil when the catalog is not imported.
    static let engine: Engine? = {
        guard let catalog, let understanding else { return nil }
        do {
            let labels = try FacetLabels(manifest: catalog.manifest, items: catalog.items)
            let specials = try Tokenizer.specials(fromFile: prompts + "/special_tokens.txt")
            var templates: [String] = []
            for file in ["state.txt", "tasks/conversation.txt"] {
                templates.append(try String(contentsOfFile: prompts + "/" + file, encoding: .utf8))
            }
            let corpus = Tokenizer.trainingCorpus(titles: catalog.items.map(\.title), attributes: labels.all,
                                                  templates: templates)
            let tokenizer = try Tokenizer.train(specials: specials, attributes: labels.all, corpus: corpus,
                                                itemIDs: catalog.items.map(\.id), trainer: BPETrainer(mergeCount: 64))
            let config = ModelConfig(vocabSize: tokenizer.vocabSize, dModel: 32, layers: 1, heads: 2,
                                     ffnHidden: 64, contextLength: 128)
            let model = try TransformerModel(config: config, seed: 7, threads: 1)
            let lm = try LanguageModel(model: model, tokenizer: tokenizer)
            return try Engine(catalog: catalog, languageModel: lm, understanding: understanding, prompts: prompts)
        } catch {
            Issue.record("could not build the test engine: \(error)")
            return nil
        }
    }()

    /// The engine with the trained model next to the catalog, when there is one.
    static let trainedEngine: Engine? = {
        guard trainedModelPresent else { return nil }
        return try? Engine.load(catalogDirectory: catalogPath, modelPath: trainedModelPath, prompts: prompts)
    }()
}
