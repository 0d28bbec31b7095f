import CurioDialogue
import CurioEvaluation
import CurioModel

extension Engine {
    /// Log-probabilities over every catalog item (in `Item.index` order) of the first
    /// list position, for each of `states`: how the generator lists are drawn from
    /// rates each item given that state, before any hard-constraint mask.
    ///
    /// With liked items a state is scored as its list is generated
    /// (`CombinedListGenerator`): the normalised product of the conversation view and
    /// the next-item view of the liked items. All prompts of all states go through ONE
    /// batched forward (`TransformerModel.scoreBatch`), which is what makes explanation
    /// by ablation (one state per removed part) cheap.
    ///
    /// The prompts leave the utterance out: what is scored is the state, which is what
    /// the utterance was understood as.
    ///
    /// With a non-autoregressive generator (`EngineGenerator.scorer`) a state's row is
    /// the log-softmax of the scorer's scores for the state's liked items, all states
    /// in one batched `score(histories:)`: such a generator reads nothing else of the
    /// state (constraints reach it only through the mask).
    /// - Complexity: one batched forward of up to 2 × `states.count` prompts; for a
    ///   scorer, one `score(histories:)` of `states.count` histories.
    public func itemLogProbabilities(states: [DialogueState]) throws -> [[Float]] {
        guard let languageModel else {
            guard case .scorer(_, let scorer) = generator else { preconditionFailure("a generator is an LM or a scorer") }
            return Self.logProbabilities(scorer, histories: states.map(\.liked), itemCount: catalog.items.count)
        }
        let tokenizer = languageModel.tokenizer
        let budget = languageModel.model.config.contextLength
        let prompts = try states.map {
            try prompt.tokens(state: $0, utterance: "", catalog: catalog, tokenizer: tokenizer, budget: budget)
        }
        let histories = states.map { $0.liked.isEmpty ? nil : languageModel.historyPrompt($0.liked, reserve: 1) }
        let rows = try languageModel.model.scoreBatch(contexts: prompts + histories.compactMap { $0 },
                                                      selection: languageModel.itemMask)
        var historyRows = rows[prompts.count...].makeIterator()
        return zip(rows.prefix(prompts.count), histories).map { conversationRow, history -> [Float] in
            var logits = MaskedSoftmax.logProbabilities(conversationRow)
            if history != nil, let historyRow = historyRows.next() {
                let h = MaskedSoftmax.logProbabilities(historyRow)
                for i in logits.indices { logits[i] += CombinedListGenerator.defaultHistoryWeight * h[i] }
            }
            return MaskedSoftmax.logProbabilities(logits)
        }
    }

    /// Row `u`: log-softmax of `scorer`'s scores for `histories[u]`, in one batched call.
    /// - Complexity: the scorer's `score(histories:)` plus O(histories × items).
    static func logProbabilities(_ scorer: any ItemScorer, histories: [[Int]], itemCount: Int) -> [[Float]] {
        guard !histories.isEmpty else { return [] }
        var scores = [Float](repeating: 0, count: histories.count * itemCount)
        scorer.score(histories: histories, itemCount: itemCount, into: &scores)
        return histories.indices.map { u in
            // A non-finite score (a NaN from a damaged file) would poison the softmax: such items get no mass.
            let row = scores[u * itemCount ..< (u + 1) * itemCount].map { $0.isFinite ? $0 : -Float.infinity }
            return MaskedSoftmax.logProbabilities(row)
        }
    }
}
