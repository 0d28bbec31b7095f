import CurioCatalog
import CurioDialogue
import CurioEvaluation
import CurioGenerators
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
/// The list comes from `generator`: the language model (the default) or any other
/// family that meets `ItemScorer` (docs/engine.md, Generators); the rest of the turn is
/// the same code for all of them.
///
/// A value holding only immutable, shareable parts; per-person state lives in a
/// `Conversation`, so one engine serves any number of sessions.
public struct Engine: Sendable {
    public let catalog: Catalog
    /// What the lists are generated with.
    public let generator: EngineGenerator
    public let understanding: Understanding
    public let prompt: ConversationPrompt
    public let replies: ReplyTemplates
    /// Who watched what: the co-watch facts of the reasons and the co-watch expert of
    /// the lists. Built from the catalog's interactions; an evaluation replaces it with
    /// one built from the training interactions, so no held-out item informs a list.
    public var coWatch: CoWatch
    /// Items per genre: the candidates of a mask when genres are requested.
    public let genreIndex: GenreIndex
    /// Items per list.
    public var listLength = 10
    /// Beams kept by the list search: wider finds likelier lists, costs linearly more.
    public var beamWidth = 3
    /// How many nats an item loses once the user has been shown it and moved on to a new
    /// request (`Engine.listBias(state:passedOver:coWatchRows:)`). Chosen on the validation users of the
    /// conversation simulator from 0, 2, 4 and 100 (docs/engine.md): 100, so in effect a
    /// passed-over item comes back only when too few new items fit the request.
    public var passedOverPenalty: Float = Engine.defaultPassedOverPenalty
    public static let defaultPassedOverPenalty: Float = 100
    /// How many nats an item gains per unit of mean cosine similarity to the liked items
    /// (`CoWatch.affinity(to:)`): the weight of the co-watch expert in the list's product
    /// of experts (0: none). Chosen on the validation users of the conversation simulator
    /// from 0, 10, 30, 50, 100 and 300 (docs/engine.md): 30, so an item whose watchers
    /// overlap a liked item's by a cosine of 0.1 gains 3 nats.
    public var coWatchWeight: Float = Engine.defaultCoWatchWeight
    /// The exponent of the liked items' next-item view against the request's view in a
    /// list (`CombinedListGenerator`), in lists and in explanations alike; chosen on the
    /// validation users for the shipped model (`curio eval --conversations --history-weight`).
    public var historyWeight: Float = CombinedListGenerator.defaultHistoryWeight
    public static let defaultCoWatchWeight: Float = 30
    /// What each soft preference ("lighter", "a hidden gem") means in an item's facts
    /// (prompts/preferences.tsv): the preference expert of the lists reads it
    /// (`preferenceWeight`), and `curio train --preference-turns` teaches it to a model.
    public let preferenceFacts: PreferenceFacts
    /// How many nats an item gains for each soft preference of the state it fits
    /// (`PreferenceFacts.fits`): the preference expert of the list's product of experts
    /// (0: none). A model reads a preference only as words in its prompt, and follows it
    /// only as firmly as its training taught it (the shipped model was never taught);
    /// this makes every one of them lean the list, and carries them to the generators
    /// that read no words (Mult-VAE, IRGAN). Chosen so that each
    /// preference visibly leans a list (`PreferenceListTests`, docs/engine.md: at 2 nats
    /// "newer" moved the shipped model's lists from 15% to only 30% of films that fit) while
    /// a far stronger match that does not fit can still be listed: 3 nats multiply an item's
    /// odds by 20.
    public var preferenceWeight: Float = Engine.defaultPreferenceWeight
    /// For each preference with a rule, which items fit it (`Item.index` order), worked
    /// out once: an explanation adds the expert to a dozen states per "why".
    let preferenceFits: [Preference: [Bool]]
    public static let defaultPreferenceWeight: Float = 3
    /// A list comes with a clarifying question when the request told the model fewer
    /// bits than this (`CandidateDistribution.information`; the default's measurement is in
    /// `defaultInformativeRequestBits`).
    public var informativeRequestBits = Engine.defaultInformativeRequestBits
    /// The model's distribution for nothing said, once computed (`candidateDistribution`).
    let emptyStatePrior = EmptyStatePrior()
    /// Longest utterance read, in characters; the rest is dropped with a note.
    public static let utteranceLimit = 2_000

    /// Assembles an engine that recommends with `languageModel`.
    ///
    /// - Throws: `EngineError.mismatchedModel` when the model's item tokens are not this
    ///   catalog's items (a model trained on another catalog), or a template problem.
    /// - Complexity: O(interactions + items) for the co-watch index.
    public init(catalog: Catalog, languageModel: LanguageModel, understanding: Understanding,
                prompts: String) throws {
        try self.init(catalog: catalog, generator: .languageModel(languageModel), understanding: understanding,
                      prompts: prompts)
    }

    /// Assembles an engine from loaded parts and the generator it recommends with.
    ///
    /// A `.scorer` generator must score exactly `catalog.items.count` items in
    /// `Item.index` order (its loader checks the file against the catalog).
    /// - Throws: `EngineError.mismatchedModel` when a language model's item tokens are
    ///   not this catalog's items (a model trained on another catalog), or a template problem.
    /// - Complexity: O(interactions + items) for the co-watch index.
    public init(catalog: Catalog, generator: EngineGenerator, understanding: Understanding, prompts: String) throws {
        switch generator {
        case .languageModel(let languageModel):
            try Self.check(languageModel, fits: catalog)
        case .scorer(let kind, _):
            guard kind != .lm else {
                throw EngineError.mismatchedModel("the language model is an EngineGenerator.languageModel, not a scorer")
            }
        }
        self.catalog = catalog
        self.generator = generator
        self.understanding = understanding
        self.prompt = try ConversationPrompt.load(prompts: prompts)
        self.replies = try ReplyTemplates.load(prompts: prompts)
        self.coWatch = CoWatch(itemCount: catalog.items.count, interactions: catalog.interactions)
        self.genreIndex = GenreIndex(catalog: catalog)
        let facts = try PreferenceFacts.load(path: prompts + "/preferences.tsv", catalog: catalog)
        self.preferenceFacts = facts
        self.preferenceFits = Dictionary(uniqueKeysWithValues: facts.rules.keys.map { preference in
            (preference, catalog.items.map { facts.fits($0, preference) == true })
        })
    }

    private static func check(_ languageModel: LanguageModel, fits catalog: Catalog) throws {
        let ids = languageModel.tokenizer.itemIDs
        guard ids.count == catalog.items.count else {
            throw EngineError.mismatchedModel("the model knows \(ids.count) items, the catalog has \(catalog.items.count): "
                                              + "it was trained on another catalog; train one with `curio train`")
        }
        if let i = catalog.items.indices.first(where: { ids[$0] != catalog.items[$0].id }) {
            throw EngineError.mismatchedModel("item \(i) is \(ids[i]) in the model but \(catalog.items[i].id) in the catalog: "
                                              + "it was trained on another catalog; train one with `curio train`")
        }
        guard languageModel.config.contextLength > 10 + 8 else {
            throw EngineError.mismatchedModel("a context of \(languageModel.config.contextLength) tokens is too short for a list")
        }
    }

    /// The language model, when the engine recommends with it; nil for the other families.
    public var languageModel: LanguageModel? {
        if case .languageModel(let languageModel) = generator { return languageModel }
        return nil
    }

    /// The family the engine recommends with.
    public var generatorKind: GeneratorKind { generator.kind }

    /// Loads the catalog at `catalogDirectory`, the model at `modelPath` and everything
    /// under `prompts`.
    ///
    /// - Throws: `EngineError.missingModel` (with how to train one) when there is no
    ///   model file; catalog, model and template errors naming the file at fault.
    ///
    /// `threads`: how many cores the language model's work may use at once (nil: every
    /// core, `CURIO_THREADS` limits it; the results are the same for any count).
    public static func load(catalogDirectory: String, modelPath: String, prompts: String,
                            threads: Int? = nil) throws -> Engine {
        try load(catalogDirectory: catalogDirectory, generator: .lm, modelPath: modelPath, prompts: prompts, threads: threads)
    }

    /// Loads the catalog at `catalogDirectory`, the generator of family `generator` at
    /// `modelPath` (`GeneratorLoading.load`) and everything under `prompts`.
    ///
    /// A VAE or GAN engine reads no language model at all: understanding an utterance
    /// needs only the catalog and prompts/lexicon.
    /// - Throws: a missing file (with how to train one), a file of another family,
    ///   catalog, model and template errors naming the file at fault.
    public static func load(catalogDirectory: String, generator kind: GeneratorKind, modelPath: String, prompts: String,
                            threads: Int? = nil) throws -> Engine {
        let catalog = try Catalog.load(from: catalogDirectory)
        let generator = try GeneratorLoading.load(kind, path: modelPath, catalog: catalog, threads: threads)
        let understanding = try Understanding.load(lexiconDirectory: prompts + "/lexicon",
                                                   titles: TitleSearch(catalog: catalog))
        return try Engine(catalog: catalog, generator: generator, understanding: understanding, prompts: prompts)
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

extension Engine {
    /// This engine as an evaluation must run it: the co-watch facts and expert counted
    /// over `split`'s training interactions only, so a held-out item never informs the
    /// list it is looked for in (the model was trained on the same interactions).
    /// - Complexity: O(training interactions + items).
    public func heldOut(_ split: LeaveOneOutSplit) -> Engine {
        var engine = self
        engine.coWatch = CoWatch(itemCount: catalog.items.count, interactions: split.training)
        return engine
    }
}
