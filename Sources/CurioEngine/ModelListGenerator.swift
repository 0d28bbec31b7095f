import CurioModel

/// The language model as a `ListGenerator`: a prompt prefilled once into a `KVCache`
/// per member, each beam extended by one decode step of the item it emitted.
///
/// At item positions only the item rows of the tied output layer are computed
/// (`allowedLogits(mask: .range(itemRange))`), so a step costs O(items·C) for the
/// logits, not O(vocabulary·C), and a non-item token cannot even be scored.
public struct ModelListGenerator: ListGenerator {
    public let languageModel: LanguageModel
    private let prefilled: MemberCaches

    /// Prefills `prompt`; the caches keep `room` positions free for the list.
    ///
    /// - Throws: `ModelError` when the prompt plus `room` exceeds the model's context,
    ///   or a token is outside the vocabulary.
    /// - Complexity: O(K·(L·n·(C² + C·F) + L·n²·C)) for an n-token prompt and K members.
    public init(languageModel: LanguageModel, prompt: [Int32], room: Int) throws {
        let capacity = min(languageModel.config.contextLength, prompt.count + room)
        let caches = try sideBySide(languageModel.members.count, threads: languageModel.sideBySideThreads) { k in
            Result { () throws -> KVCache in
                let cache = try KVCache(model: languageModel.members[k], capacity: capacity)
                try cache.prefill(prompt)
                return cache
            }
        }.map { try $0.get() }
        self.languageModel = languageModel
        self.prefilled = MemberCaches(caches: caches)
    }

    public func start() -> MemberCaches { prefilled }

    /// Logits over the catalog's items in `Item.index` order: the members' mean.
    public func itemLogits(_ context: MemberCaches) -> [Float] {
        MemberCaches.meanLogits([context], mask: languageModel.itemMask, threads: languageModel.sideBySideThreads)[0]
    }

    /// A copy of `context` with `item`'s token appended; the original is left as it is
    /// because other beams may continue from it too.
    public func extend(_ context: MemberCaches, with item: Int) -> MemberCaches { extend([(context, item)])[0] }

    /// Every beam's logits, each (beam, member) decode step side by side on the cores.
    ///
    /// When the allowed items are few (under a third of the catalog: "a comedy from the
    /// 90s under two hours"), only their rows of the output layer are computed and every
    /// other item is left at −∞: the search gives those probability zero whatever their
    /// score, and the allowed items' probabilities do not depend on the others (every
    /// normaliser cancels when the search renormalises over the allowed items).
    public func itemLogits(_ contexts: [MemberCaches], among: [Int]) -> [[Float]] {
        let items = languageModel.tokenizer.itemRange
        guard among.count * 3 < items.count else {
            return MemberCaches.meanLogits(contexts, mask: languageModel.itemMask, threads: languageModel.sideBySideThreads)
        }
        let tokens = among.map { items.lowerBound + $0 }
        let compact = MemberCaches.meanLogits(contexts, mask: .tokens(tokens), threads: languageModel.sideBySideThreads)
        return compact.map { values in
            var row = [Float](repeating: -.infinity, count: items.count)
            for (item, value) in zip(among, values) { row[item] = value }
            return row
        }
    }

    public func extend(_ steps: [(context: MemberCaches, item: Int)]) -> [MemberCaches] {
        MemberCaches.extended(steps.map { ($0.context, Int32(languageModel.tokenizer.token(forItemIndex: $0.item))) },
                              threads: languageModel.sideBySideThreads)
    }
}

/// One decoding state per member of the language model, advanced together.
public struct MemberCaches {
    public let caches: [KVCache]

    /// Each context's logits over `mask`: the mean over its members (summed in member
    /// order). Per member the contexts are cut into one share per thread, and every
    /// (member, share) runs side by side, reading that member's output layer once for
    /// the whole share (`KVCache.allowedLogits(_:mask:)`).
    static func meanLogits(_ contexts: [MemberCaches], mask: TokenMask, threads: Int) -> [[Float]] {
        guard let members = contexts.first?.caches.count else { return [] }
        // Per member, the contexts in as many shares as there are threads: each share's
        // caches are one model's, so its output layer is read once for all of them.
        let shares = min(max(1, threads), contexts.count)
        let ranges = (0..<shares).map { s in (s * contexts.count / shares) ..< ((s + 1) * contexts.count / shares) }
        let pieces = sideBySide(members * shares, threads: threads) { p in
            // The caches hold at least a prompt and the mask is the tokenizer's own item
            // range, which the model (checked at load) covers: this cannot fail.
            try! KVCache.allowedLogits(contexts[ranges[p % shares]].map { $0.caches[p / shares] }, mask: mask)
        }
        return meanOverMembers(pieces, members: members, shares: shares)
    }

    /// Copies of each context with its token appended (the originals stay as they are:
    /// other beams may continue from them too), side by side.
    static func extended(_ steps: [(MemberCaches, Int32)], threads: Int) -> [MemberCaches] {
        let flat = steps.flatMap { step in step.0.caches.map { ($0, step.1) } }
        let copies = sideBySide(flat.count, threads: threads) { k in
            let next = flat[k].0.copy()
            if next.length < next.capacity {
                try! next.prefill([flat[k].1]) // an item token, with room left: cannot fail
            }
            return next
        }
        var at = 0
        return steps.map { step in
            defer { at += step.0.caches.count }
            return MemberCaches(caches: Array(copies[at ..< at + step.0.caches.count]))
        }
    }
}

/// Two of the model's own views of the next item, combined as a product of experts:
/// the conversation prompt (what the user asked, the dialogue state) and the *next item*
/// prompt over the items the user liked (prompts/tasks/next_item.txt), which is where
/// the model learnt most of what it knows about taste. Their log-probabilities add, so an
/// item must suit both the request and the liked items to rank high.
///
/// Used when the user has liked something: the conversation task saw liked items only as
/// a few random picks from a history, while the next-item task learnt from every history
/// in full, so it is the sharper judge of "more like these".
public struct CombinedListGenerator: ListGenerator {
    public let conversation: ModelListGenerator
    public let history: ModelListGenerator
    /// How much the liked items weigh against the request (the exponent of the
    /// history expert).
    public let historyWeight: Float

    /// The weight lists are generated with (docs/engine.md).
    public static let defaultHistoryWeight: Float = 2

    public init(conversation: ModelListGenerator, history: ModelListGenerator,
                historyWeight: Float = CombinedListGenerator.defaultHistoryWeight) {
        self.conversation = conversation
        self.history = history
        self.historyWeight = historyWeight
    }

    public func start() -> (MemberCaches, MemberCaches) { (conversation.start(), history.start()) }

    public func itemLogits(_ context: (MemberCaches, MemberCaches)) -> [Float] {
        itemLogits([context], among: Array(0..<conversation.languageModel.tokenizer.itemRange.count))[0]
    }

    public func extend(_ context: (MemberCaches, MemberCaches), with item: Int) -> (MemberCaches, MemberCaches) {
        extend([(context, item)])[0]
    }

    /// Both experts of every beam in one side-by-side pass (each normalised over the
    /// items it scored: all, or only `among`; the search's renormalisation over the
    /// allowed items cancels the difference).
    public func itemLogits(_ contexts: [(MemberCaches, MemberCaches)], among: [Int]) -> [[Float]] {
        let rows = conversation.itemLogits(contexts.map(\.0) + contexts.map(\.1), among: among)
        return contexts.indices.map { c in
            let a = MaskedSoftmax.logProbabilities(rows[c])
            let b = MaskedSoftmax.logProbabilities(rows[contexts.count + c])
            var out = a
            for i in out.indices { out[i] += historyWeight * b[i] }
            return out
        }
    }

    public func extend(_ steps: [(context: (MemberCaches, MemberCaches), item: Int)]) -> [(MemberCaches, MemberCaches)] {
        let next = conversation.extend(steps.map { ($0.context.0, $0.item) } + steps.map { ($0.context.1, $0.item) })
        return steps.indices.map { (next[$0], next[steps.count + $0]) }
    }
}
