import CurioCatalog
import CurioKernels
import CurioEvaluation
import CurioModel

/// curio's language model: the transformer and the tokenizer it was trained with.
///
/// The transformer may be an *ensemble*: several members of one configuration, trained
/// from different seeds on the same tasks (`curio train --members`). Its logits are the
/// mean of the members' logits, so its softmax is the normalised geometric mean of the
/// members' distributions (a product of experts with exponent 1/K each, Hinton 2002):
/// every path that reads logits (scoring, lists, explanations) reads the ensemble the
/// same way, and one member behaves exactly as a single model.
///
/// Items are the token range `tokenizer.itemRange`, in `Item.index` order, so an item's
/// token is `tokenizer.itemBase + item.index` and the model knows nothing of catalogs.
public struct LanguageModel: Sendable {
    /// The transformers whose logits are averaged; one for a single model.
    public let members: [TransformerModel]
    public let tokenizer: Tokenizer
    /// `<|bos|>`, `<|history|>`, `<|items|>`, `<|pad|>` … resolved once.
    public let specials: SpecialTokens
    /// How many pieces of work (members, beams, shares of a batch: `sideBySide`) run at
    /// once: every core by default (`CURIO_THREADS` limits it); 1 runs them one after
    /// another. Results are the same.
    public var sideBySideThreads = Parallelism.coreCount

    public init(model: TransformerModel, tokenizer: Tokenizer) throws {
        try self.init(members: [model], tokenizer: tokenizer)
    }

    /// - Throws: `EngineError.mismatchedModel` for no members, members of different
    ///   configurations, or a tokenizer of another vocabulary.
    public init(members: [TransformerModel], tokenizer: Tokenizer) throws {
        guard let first = members.first else { throw EngineError.mismatchedModel("an ensemble needs at least one model") }
        guard members.allSatisfy({ $0.config == first.config }) else {
            throw EngineError.mismatchedModel("the members of an ensemble must share one configuration")
        }
        guard first.config.vocabSize == tokenizer.vocabSize else {
            throw EngineError.mismatchedModel(
                "the model has \(first.config.vocabSize) tokens but its tokenizer \(tokenizer.vocabSize)")
        }
        self.members = members
        self.tokenizer = tokenizer
        self.specials = try SpecialTokens(tokenizer)
    }

    /// The members' shared configuration.
    public var config: ModelConfig { members[0].config }

    /// Parameters of all members together.
    public var parameterCount: Int { members.reduce(0) { $0 + $1.parameterCount } }

    /// Item logits (in `Item.index` order) after each context: the mean of the
    /// members' batched forwards.
    ///
    /// - Throws: `ModelError` for a context that is empty, too long or out of vocabulary.
    /// - Complexity: K batched forwards for K members, side by side on `sideBySideThreads` cores.
    public func itemLogits(contexts: [[Int32]]) throws -> [[Float]] {
        try averaged(contexts.count) { k, range in
            try members[k].scoreBatch(contexts: Array(contexts[range]), selection: itemMask)
        }
    }

    /// Each member's `SharedPrefix` of `tokens`, for `itemLogits(contexts:sharing:)`.
    public func sharedPrefix(_ tokens: [Int32]) throws -> [SharedPrefix] {
        try sideBySide(members.count, threads: sideBySideThreads) { k in
            Result { try members[k].sharedPrefix(tokens) }
        }.map { try $0.get() }
    }

    /// `itemLogits(contexts:)`, where each context runs only past the longest of
    /// `prefixes` it starts with (each element from `sharedPrefix(_:)`).
    public func itemLogits(contexts: [[Int32]], sharing prefixes: [[SharedPrefix]]) throws -> [[Float]] {
        try averaged(contexts.count) { k, range in
            try members[k].scoreBatch(contexts: Array(contexts[range]), sharing: prefixes.map { $0[k] },
                                      selection: itemMask)
        }
    }

    /// The mean over members k of `rows(k, contexts)`: each member's contexts are cut into
    /// as many shares as there are threads (when there are enough to share), and every
    /// (member, share) runs side by side; rows are summed in member order, so the result
    /// is the same however many threads ran it. One member's rows come back unchanged.
    private func averaged(_ count: Int, _ rows: @escaping (Int, Range<Int>) throws -> [[Float]]) throws -> [[Float]] {
        let shares = count >= 8 * sideBySideThreads ? sideBySideThreads : 1
        let ranges = (0..<shares).map { s in (s * count / shares) ..< ((s + 1) * count / shares) }
        let pieces = sideBySide(members.count * shares, threads: sideBySideThreads) { p in
            Result { try rows(p / shares, ranges[p % shares]) }
        }
        return meanOverMembers(try pieces.map { try $0.get() }, members: members.count, shares: shares)
    }

    /// The item range as a token mask: at item positions only these can be emitted.
    public var itemMask: TokenMask { .range(tokenizer.itemRange) }

    /// `<|bos|><|history|>` followed by the most recent items of `history` that fit
    /// the context, leaving `reserve` positions free for what follows.
    ///
    /// This is the *next item* task's prompt (prompts/tasks/next_item.txt): the model
    /// learnt to continue it with the user's next item.
    public func historyPrompt(_ history: [Int], reserve: Int = 0) -> [Int32] {
        let room = max(0, config.contextLength - 2 - reserve)
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
        let rows = try! languageModel.itemLogits(contexts: prompts)
        for (u, row) in rows.enumerated() {
            precondition(row.count == itemCount, "the model's item range does not match the catalog")
            scores.replaceSubrange(u * itemCount ..< (u + 1) * itemCount, with: row)
        }
    }
}

/// The members' mean rows from side-by-side pieces: piece `k · shares + s` holds member
/// k's rows for share s of the contexts, shares in order. Rows are summed in member order
/// and then scaled, so the result does not depend on how the pieces were run; one
/// member's rows come back unchanged.
func meanOverMembers(_ pieces: [[[Float]]], members: Int, shares: Int) -> [[Float]] {
    var sum: [[Float]] = []
    for s in 0..<shares { sum += pieces[s] }
    guard members > 1 else { return sum }
    for k in 1..<members {
        var r = 0
        for s in 0..<shares {
            for more in pieces[k * shares + s] { addRow(more, into: &sum[r]); r += 1 }
        }
    }
    let scale = 1 / Float(members)
    for r in sum.indices { scaleRow(&sum[r], by: scale) }
    return sum
}

/// `row += more`, element by element (one pass, no per-element bounds or uniqueness checks).
func addRow(_ more: [Float], into row: inout [Float]) {
    precondition(more.count == row.count, "rows of different lengths")
    row.withUnsafeMutableBufferPointer { r in
        more.withUnsafeBufferPointer { m in
            for i in 0..<r.count { r[i] += m[i] }
        }
    }
}

/// `row *= scale`, element by element.
func scaleRow(_ row: inout [Float], by scale: Float) {
    row.withUnsafeMutableBufferPointer { r in
        for i in 0..<r.count { r[i] *= scale }
    }
}
