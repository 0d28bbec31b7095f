import CurioCatalog
import CurioDialogue
import CurioModel
import Foundation

/// The conversation engine: one turn from an utterance to a constrained, reasoned list.
///
/// A turn: sanitise and cap the utterance → `Understanding.interpret` → acts that are
/// not state updates are answered directly (why, more, a chat, an ambiguous title →
/// a question) → `DialogueTracker.apply` → the prompt of prompts/tasks/conversation.txt
/// (`ConversationPrompt`) → `ListBeamSearch` over the item tokens with the
/// `ConstraintMask` applied before the softmax → one-line reasons (`ReasonWriter`) →
/// the reply in the user's language. Deterministic: the same conversation gives the
/// same reply (no sampling anywhere).
///
/// A value holding only immutable, shareable parts; per-person state lives in a
/// `Conversation`, so one engine serves any number of sessions.
public struct Engine: Sendable {
    public let catalog: Catalog
    public let languageModel: LanguageModel
    public let understanding: Understanding
    public let prompt: ConversationPrompt
    public let replies: ReplyTemplates
    public let coWatch: CoWatch
    /// Items per genre: the candidates of a mask when genres are requested.
    public let genreIndex: GenreIndex
    /// Items per list.
    public var listLength = 10
    /// Beams kept by the list search: wider finds likelier lists, costs linearly more.
    public var beamWidth = 3
    /// Longest utterance read, in characters; the rest is dropped with a note.
    public static let utteranceLimit = 2_000

    /// Assembles an engine from loaded parts.
    ///
    /// - Throws: `EngineError.mismatchedModel` when the model's item tokens are not this
    ///   catalog's items (a model trained on another catalog), or a template problem.
    /// - Complexity: O(interactions + items) for the co-watch index.
    public init(catalog: Catalog, languageModel: LanguageModel, understanding: Understanding,
                prompts: String) throws {
        let ids = languageModel.tokenizer.itemIDs
        guard ids.count == catalog.items.count else {
            throw EngineError.mismatchedModel("the model knows \(ids.count) items, the catalog has \(catalog.items.count): "
                                              + "it was trained on another catalog; train one with `curio train`")
        }
        if let i = catalog.items.indices.first(where: { ids[$0] != catalog.items[$0].id }) {
            throw EngineError.mismatchedModel("item \(i) is \(ids[i]) in the model but \(catalog.items[i].id) in the catalog: "
                                              + "it was trained on another catalog; train one with `curio train`")
        }
        guard languageModel.model.config.contextLength > 10 + 8 else {
            throw EngineError.mismatchedModel("a context of \(languageModel.model.config.contextLength) tokens is too short for a list")
        }
        self.catalog = catalog
        self.languageModel = languageModel
        self.understanding = understanding
        self.prompt = try ConversationPrompt.load(prompts: prompts)
        self.replies = try ReplyTemplates.load(prompts: prompts)
        self.coWatch = CoWatch(itemCount: catalog.items.count, interactions: catalog.interactions)
        self.genreIndex = GenreIndex(catalog: catalog)
    }

    /// Loads the catalog at `catalogDirectory`, the model at `modelPath` and everything
    /// under `prompts`.
    ///
    /// - Throws: `EngineError.missingModel` (with how to train one) when there is no
    ///   model file; catalog, model and template errors naming the file at fault.
    public static func load(catalogDirectory: String, modelPath: String, prompts: String,
                            threads: Int? = 1) throws -> Engine {
        let catalog = try Catalog.load(from: catalogDirectory)
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw EngineError.missingModel(modelPath)
        }
        let (model, _) = try ModelFile.load(modelPath, threads: threads)
        let understanding = try Understanding.load(lexiconDirectory: prompts + "/lexicon",
                                                   titles: TitleSearch(catalog: catalog))
        return try Engine(catalog: catalog, languageModel: model, understanding: understanding, prompts: prompts)
    }

    /// The default model file of a catalog: `model.safetensors` inside its folder.
    public static func defaultModelPath(catalogDirectory: String) -> String {
        (catalogDirectory as NSString).appendingPathComponent("model.safetensors")
    }

    /// "Heat (1995)".
    public func titleWithYear(_ item: Int) -> String {
        let it = catalog.items[item]
        return it.year.map { "\(it.title) (\($0))" } ?? it.title
    }
}
