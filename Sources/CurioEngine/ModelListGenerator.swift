import CurioModel

/// The language model as a `ListGenerator`: a prompt prefilled once into a `KVCache`,
/// each beam extended by one decode step of the item it emitted.
///
/// At item positions only the item rows of the tied output layer are computed
/// (`allowedLogits(mask: .range(itemRange))`), so a step costs O(items·C) for the
/// logits, not O(vocabulary·C), and a non-item token cannot even be scored.
public struct ModelListGenerator: ListGenerator {
    public let languageModel: LanguageModel
    private let prefilled: KVCache

    /// Prefills `prompt`; the cache keeps `room` positions free for the list.
    ///
    /// - Throws: `ModelError` when the prompt plus `room` exceeds the model's context,
    ///   or a token is outside the vocabulary.
    /// - Complexity: O(L·n·(C² + C·F) + L·n²·C) for an n-token prompt.
    public init(languageModel: LanguageModel, prompt: [Int32], room: Int) throws {
        let model = languageModel.model
        let cache = try KVCache(model: model, capacity: min(model.config.contextLength, prompt.count + room))
        try cache.prefill(prompt)
        self.languageModel = languageModel
        self.prefilled = cache
    }

    public func start() -> KVCache { prefilled }

    /// Logits over the catalog's items in `Item.index` order.
    public func itemLogits(_ context: KVCache) -> [Float] {
        // The cache holds at least the prompt and the mask is the tokenizer's own item
        // range, which the model (checked at load) covers: this cannot fail.
        try! context.allowedLogits(mask: languageModel.itemMask)
    }

    /// A copy of `context` with `item`'s token appended; the original is left as it is
    /// because other beams may continue from it too.
    public func extend(_ context: KVCache, with item: Int) -> KVCache {
        let next = context.copy()
        let token = Int32(languageModel.tokenizer.token(forItemIndex: item))
        if next.length < next.capacity {
            try! next.prefill([token]) // an item token, with room left: cannot fail
        }
        return next
    }
}
