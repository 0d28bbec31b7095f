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
        let caches = try eachMember(languageModel.members.count, threads: languageModel.memberThreads) { k in
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
        // The caches hold at least the prompt and the mask is the tokenizer's own item
        // range, which the model (checked at load) covers: this cannot fail.
        let mask = languageModel.itemMask
        let rows = eachMember(context.caches.count, threads: languageModel.memberThreads) {
            try! context.caches[$0].allowedLogits(mask: mask)
        }
        var sum = rows[0]
        guard rows.count > 1 else { return sum }
        for more in rows.dropFirst() {
            for i in sum.indices { sum[i] += more[i] }
        }
        let scale = 1 / Float(context.caches.count)
        for i in sum.indices { sum[i] *= scale }
        return sum
    }

    /// A copy of `context` with `item`'s token appended; the original is left as it is
    /// because other beams may continue from it too.
    public func extend(_ context: MemberCaches, with item: Int) -> MemberCaches {
        let token = Int32(languageModel.tokenizer.token(forItemIndex: item))
        return MemberCaches(caches: eachMember(context.caches.count, threads: languageModel.memberThreads) { k in
            let next = context.caches[k].copy()
            if next.length < next.capacity {
                try! next.prefill([token]) // an item token, with room left: cannot fail
            }
            return next
        })
    }
}

/// One decoding state per member of the language model, advanced together.
public struct MemberCaches {
    public let caches: [KVCache]
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
        let a = MaskedSoftmax.logProbabilities(conversation.itemLogits(context.0))
        let b = MaskedSoftmax.logProbabilities(history.itemLogits(context.1))
        var out = a
        for i in out.indices { out[i] += historyWeight * b[i] }
        return out
    }

    public func extend(_ context: (MemberCaches, MemberCaches), with item: Int) -> (MemberCaches, MemberCaches) {
        (conversation.extend(context.0, with: item), history.extend(context.1, with: item))
    }
}
