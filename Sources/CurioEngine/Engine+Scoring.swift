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
    /// batched forward (`TransformerModel.scoreBatch(contexts:sharing:selection:)`),
    /// which is what makes explanation by ablation (one state per removed part) cheap:
    /// the first state's two prompts are run once, and every other prompt computes only
    /// the tokens after the part it shares with them (an ablated state's prompts differ
    /// from the full state's only from the removed part on).
    ///
    /// The prompts leave the utterance out: what is scored is the state, which is what
    /// the utterance was understood as.
    ///
    /// With a non-autoregressive generator (`EngineGenerator.scorer`) a state's row is
    /// the log-softmax of the scorer's scores for the state's liked items, all states
    /// in one batched `score(histories:)`, shifted by the preference expert: such a
    /// generator reads nothing else of the state (constraints reach it only through the
    /// mask, soft preferences only through the expert).
    /// - Complexity: one batched forward of up to 2 × `states.count` prompts, each only
    ///   past its shared prefix; for a scorer, one `score(histories:)` of `states.count`
    ///   histories.
    public func itemLogProbabilities(states: [DialogueState]) throws -> [[Float]] {
        var scores = ContextScores()
        return try itemLogProbabilities(states: states, reusing: &scores)
    }

    /// `itemLogProbabilities(states:)`, reusing what `scores` holds from earlier calls
    /// (the prefixes of the first state ever scored through it, and every prompt's row)
    /// and adding to it: an explanation's second forward scores only the prompts its
    /// first did not.
    func itemLogProbabilities(states: [DialogueState], reusing scores: inout ContextScores) throws -> [[Float]] {
        guard let languageModel else {
            guard case .scorer(_, let scorer) = generator else { preconditionFailure("a generator is an LM or a scorer") }
            let rows = Self.logProbabilities(scorer, histories: states.map(\.liked), itemCount: catalog.items.count)
            // The preference expert, as the list adds it (`listBias`).
            return zip(rows, states).map { row, state in
                guard let bias = preferenceBias(state) else { return row }
                return MaskedSoftmax.logProbabilities(zip(row, bias).map { $0 + $1 })
            }
        }
        let tokenizer = languageModel.tokenizer
        let budget = languageModel.config.contextLength
        let prompts = try states.map {
            try prompt.tokens(state: $0, utterance: "", catalog: catalog, tokenizer: tokenizer, budget: budget)
        }
        let histories = states.map { $0.liked.isEmpty ? nil : languageModel.historyPrompt($0.liked, reserve: 1) }
        if scores.prefixes.isEmpty, let first = prompts.first {
            scores.prefixes = try ([first] + [histories[0]].compactMap { $0 }).map { try languageModel.sharedPrefix($0) }
        }
        var missing: [[Int32]] = []
        for context in prompts + histories.compactMap({ $0 }) where scores.rows[context] == nil {
            scores.rows[context] = []  // claimed: a context repeated in this call is scored once
            missing.append(context)
        }
        let computed = try languageModel.itemLogits(contexts: missing, sharing: scores.prefixes)
        // Kept normalised: a prompt shared by many states (an old liked item removed leaves
        // the conversation prompt as it was) is normalised once.
        for (context, row) in zip(missing, computed) { scores.rows[context] = MaskedSoftmax.logProbabilities(row) }
        return zip(zip(prompts, histories), states).map { pair, state -> [Float] in
            let (conversation, history) = pair
            var logits = scores.rows[conversation]!
            if let history {
                let h = scores.rows[history]!
                for i in logits.indices { logits[i] += historyWeight * h[i] }
            }
            // The co-watch and preference experts, as the list adds them (`listBias`).
            if let bias = coWatchBias(liked: state.liked, rows: &scores.coWatchRows) {
                for i in logits.indices { logits[i] += bias[i] }
            }
            if let bias = preferenceBias(state) {
                for i in logits.indices { logits[i] += bias[i] }
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

/// What one explanation's forwards share: the prompts of its full state, run once as
/// shared prefixes, and the item logits of every prompt scored so far (the full state's
/// and the single ablations' prompts are scored by the first forward; the citation's
/// forward reuses them).
struct ContextScores {
    /// The first scored state's conversation and next-item prompts, each prefilled by
    /// every member (`LanguageModel.sharedPrefix`).
    var prefixes: [[SharedPrefix]] = []
    /// Item log-probabilities (the log-softmax of the item logits) by prompt.
    var rows: [[Int32]: [Float]] = [:]
    /// Each liked item's co-watch cosine row (`CoWatch.cosine`), by item.
    var coWatchRows: [Int: [Float]] = [:]
}
