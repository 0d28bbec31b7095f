import CurioCatalog
import CurioEvaluation
import CurioModel

/// curio's language model: the transformer and the tokenizer it was trained with.
///
/// Items are the token range `tokenizer.itemRange`, in `Item.index` order, so an item's
/// token is `tokenizer.itemBase + item.index` and the model knows nothing of catalogs.
public struct LanguageModel: Sendable {
    public let model: TransformerModel
    public let tokenizer: Tokenizer
    /// `<|bos|>`, `<|history|>`, `<|items|>`, `<|pad|>` … resolved once.
    public let specials: SpecialTokens

    public init(model: TransformerModel, tokenizer: Tokenizer) throws {
        guard model.config.vocabSize == tokenizer.vocabSize else {
            throw EngineError.mismatchedModel(
                "the model has \(model.config.vocabSize) tokens but its tokenizer \(tokenizer.vocabSize)")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.specials = try SpecialTokens(tokenizer)
    }

    /// The item range as a token mask: at item positions only these can be emitted.
    public var itemMask: TokenMask { .range(tokenizer.itemRange) }

    /// `<|bos|><|history|>` followed by the most recent items of `history` that fit
    /// the context, leaving `reserve` positions free for what follows.
    ///
    /// This is the *next item* task's prompt (prompts/tasks/next_item.txt): the model
    /// learnt to continue it with the user's next item.
    public func historyPrompt(_ history: [Int], reserve: Int = 0) -> [Int32] {
        let room = max(0, model.config.contextLength - 2 - reserve)
        var prompt: [Int32] = [Int32(specials.bos), Int32(specials.history)]
        for item in history.suffix(room) { prompt.append(Int32(tokenizer.token(forItemIndex: item))) }
        return prompt
    }
}

/// The special tokens the engine and the training tasks use by name.
public struct SpecialTokens: Sendable {
    public let pad, bos, eos, user, history, state, items, sep, title, facets: Int

    init(_ tokenizer: Tokenizer) throws {
        func find(_ name: String) throws -> Int {
            guard let t = tokenizer.token(special: name) else {
                throw EngineError.mismatchedModel("the tokenizer has no <|\(name)|> token (see prompts/special_tokens.txt)")
            }
            return t
        }
        pad = try find("pad"); bos = try find("bos"); eos = try find("eos"); user = try find("user")
        history = try find("history"); state = try find("state"); items = try find("items")
        sep = try find("sep"); title = try find("title"); facets = try find("facets")
    }
}

/// The language model's plain next-item ranking, as an `ItemScorer`: the history
/// prompt's final-position logits over the item tokens.
public struct LanguageModelScorer: ItemScorer {
    public let languageModel: LanguageModel
    public var name: String

    public init(_ languageModel: LanguageModel, name: String = "curio LM") {
        self.languageModel = languageModel
        self.name = name
    }

    public func score(history: [Int], into scores: inout [Float]) {
        var one = scores
        score(histories: [history], itemCount: scores.count, into: &one)
        scores = one
    }

    /// All histories in one batched forward pass (GEMMs over every prompt at once).
    public func score(histories: [[Int]], itemCount: Int, into scores: inout [Float]) {
        let prompts = histories.map { languageModel.historyPrompt($0) }
        // Prompts are built from valid item tokens within the context, so scoring cannot fail.
        let rows = try! languageModel.model.scoreBatch(contexts: prompts, selection: languageModel.itemMask)
        for (u, row) in rows.enumerated() {
            precondition(row.count == itemCount, "the model's item range does not match the catalog")
            scores.replaceSubrange(u * itemCount ..< (u + 1) * itemCount, with: row)
        }
    }
}
