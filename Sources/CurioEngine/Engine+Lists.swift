import CurioCatalog
import CurioDialogue

extension Engine {
    /// Generates the list for the conversation's current state, records it as shown,
    /// and words the reply.
    ///
    /// Items in `alsoExcluded` (shown before, for "more"; steered away from) are
    /// masked like seen ones. When no item satisfies every hard constraint, whole
    /// facets are relaxed (`ConstraintMask.relaxed`) and the reply says which.
    /// With `demotingShown`, every item shown earlier in the conversation counts as
    /// passed over (the user asked for something else instead of taking it) and is
    /// demoted; "undo" asks for an earlier request again, so its list is not.
    func recommend(in conversation: inout Conversation, utterance: String, alsoExcluded: Set<Int>,
                   more: Bool, demotingShown: Bool = true, language: Language) throws -> EngineReply {
        let state = conversation.state
        let passedOver = more || !demotingShown ? [] : conversation.shown.filter { !alsoExcluded.contains($0) }
        let (list, relaxed, constraints) = try generate(state: state, utterance: utterance, alsoExcluded: alsoExcluded,
                                                        passedOver: passedOver)
        let writer = ReasonWriter(engine: self)
        let items = list.items.enumerated().map { n, item in
            Recommendation(item: item, reason: writer.reason(for: item, state: state, constraints: constraints, language: language),
                           logProbability: list.stepLogProbabilities[n])
        }
        var text = ""
        if !relaxed.isEmpty {
            let names = relaxed.map { replies.text("facet.\($0.rawValue)", language) }
            text += replies.text("list.relaxed", language, ["facets": replies.list(names, language)])
        }
        text += heading(count: items.count, constraints: constraints, more: more, language: language)
        conversation.record(items)
        var reply = EngineReply(text: text, items: items, language: language)
        reply.relaxed = relaxed
        return reply
    }

    /// The constrained beam search for `state`: the best list, the relaxed facets and
    /// the constraints the list satisfies.
    ///
    /// With the language model the list is decoded item by item from the prompt (and,
    /// with liked items, the next-item view too: `CombinedListGenerator`). A
    /// non-autoregressive generator (Mult-VAE, IRGAN) scores every item once from the
    /// liked items (`itemLogProbabilities(states:)`), and its list is the **masked
    /// top-k** of those scores (`FixedScoreListGenerator`): the same mask, relaxation
    /// and search, so it can no more emit a disallowed, seen or repeated item than
    /// the language model can. It ignores `utterance` (only the state reaches it).
    /// The language model's scores are shifted by `listBias(state:passedOver:coWatchRows:)`: items
    /// watched with the liked ones gain, items in `passedOver` (shown earlier in the
    /// conversation, nothing taken from them) lose `passedOverPenalty` nats.
    /// - Complexity: O(items × constraints) for the mask, then for the LM one prompt
    ///   prefill and `listLength × beamWidth` decode steps of O(items·C) each; for a
    ///   scorer, one scoring of the liked items and O(listLength × items).
    public func generate(state: DialogueState, utterance: String,
                         alsoExcluded: Set<Int> = [], passedOver: [Int] = []) throws -> (list: ScoredList, relaxed: [Facet], constraints: HardConstraints) {
        var coWatchRows: [Int: [Float]] = [:]
        return try generate(state: state, utterance: utterance, alsoExcluded: alsoExcluded, passedOver: passedOver,
                            until: nil, coWatchRows: &coWatchRows)
    }

    /// Whether the list `generate(state:utterance: "", alsoExcluded:)` returns holds
    /// `item`, found by the same search stopped as soon as every surviving beam holds the
    /// item (the best final list extends one of them, so it holds it too): the answer is
    /// the same, and a confirmed item costs only the positions up to it.
    /// - Complexity: as `generate`, at most.
    func listHolds(_ item: Int, state: DialogueState, alsoExcluded: Set<Int> = []) throws -> Bool {
        var coWatchRows: [Int: [Float]] = [:]
        return try listHolds(item, state: state, alsoExcluded: alsoExcluded, coWatchRows: &coWatchRows)
    }

    /// `listHolds`, taking the liked items' co-watch rows from `coWatchRows` and adding
    /// the ones it computes (an explanation regenerates lists of many related states).
    func listHolds(_ item: Int, state: DialogueState, alsoExcluded: Set<Int>,
                   coWatchRows: inout [Int: [Float]]) throws -> Bool {
        try generate(state: state, utterance: "", alsoExcluded: alsoExcluded, passedOver: [],
                     until: { beams in beams.allSatisfy { $0.items.contains(item) } },
                     coWatchRows: &coWatchRows).list.items.contains(item)
    }

    /// `generate`, its beam search stopped early when `until` holds for the beams.
    private func generate(state: DialogueState, utterance: String, alsoExcluded: Set<Int>, passedOver: [Int],
                          until: (([ScoredList]) -> Bool)?,
                          coWatchRows: inout [Int: [Float]]) throws -> (list: ScoredList, relaxed: [Facet], constraints: HardConstraints) {
        let done = until ?? { _ in false }
        let (mask, relaxed) = ConstraintMask.relaxed(catalog: catalog, state: state, alsoExcluded: alsoExcluded, minimum: 1,
                                                          genres: genreIndex)
        let length = min(listLength, mask.allowedCount)
        guard length > 0 else { return (ScoredList(items: [], stepLogProbabilities: []), relaxed, mask.constraints) }
        let bias = listBias(state: state, passedOver: passedOver, coWatchRows: &coWatchRows)
        func run<G: ListGenerator>(_ search: ListBeamSearch, _ generator: G) -> [ScoredList] {
            guard let bias else { return search.run(generator, allowed: mask.allowed, until: done) }
            return search.run(ItemBiasListGenerator(base: generator, bias: bias), allowed: mask.allowed, until: done)
        }
        guard let languageModel else {
            // Fixed scores: the greedy list is the best one, so one beam is enough.
            let scores = try itemLogProbabilities(states: [state])[0]
            let lists = run(ListBeamSearch(width: 1, length: length), FixedScoreListGenerator(logits: scores))
            return (lists.first ?? ScoredList(items: [], stepLogProbabilities: []), relaxed, mask.constraints)
        }
        let budget = languageModel.config.contextLength - length
        let tokens = try prompt.tokens(state: state, utterance: utterance, catalog: catalog,
                                       tokenizer: languageModel.tokenizer, budget: budget)
        let generator = try ModelListGenerator(languageModel: languageModel, prompt: tokens, room: length)
        let search = ListBeamSearch(width: beamWidth, length: length)
        let lists: [ScoredList]
        if state.liked.isEmpty {
            lists = run(search, generator)
        } else {
            let liked = languageModel.historyPrompt(state.liked, reserve: length)
            let history = try ModelListGenerator(languageModel: languageModel, prompt: liked, room: length)
            lists = run(search, CombinedListGenerator(conversation: generator, history: history, historyWeight: historyWeight))
        }
        return (lists.first ?? ScoredList(items: [], stepLogProbabilities: []), relaxed, mask.constraints)
    }

    /// What the list's scores are shifted by, per item (nil: nothing):
    ///
    /// - the **co-watch expert** (language model only): `coWatchWeight` × the item's mean
    ///   cosine similarity to the liked items. The model learnt taste from histories, but
    ///   a person names one or two liked titles, and for so short a history the catalog's
    ///   raw co-watch counts are the sharper evidence; `itemLogProbabilities(states:)`
    ///   adds the same term, so an explanation ablates through it.
    /// - **passed over**: every list a person refines ("older", "no horror", "like Heat")
    ///   is a list they did not take anything from, so its items are weak negatives (Lei et
    ///   al., EAR, WSDM 2020, remove rejected items from the candidates outright). Outright
    ///   removal would also drop the strongest matches of the refined request, so here they
    ///   lose `passedOverPenalty` nats: an item that still fits far better than anything
    ///   new can come back. "More" excludes every shown item instead.
    /// - the **preference expert** (every generator): `preferenceWeight` nats for each
    ///   soft preference of the state the item fits (`preferenceBias`).
    func listBias(state: DialogueState, passedOver: [Int], coWatchRows: inout [Int: [Float]]) -> [Float]? {
        var bias = coWatchBias(liked: state.liked, rows: &coWatchRows) ?? []
        if let preference = preferenceBias(state) {
            if bias.isEmpty { bias = preference } else { for i in bias.indices { bias[i] += preference[i] } }
        }
        if !passedOver.isEmpty, passedOverPenalty > 0 {
            if bias.isEmpty { bias = [Float](repeating: 0, count: catalog.items.count) }
            for item in passedOver where bias.indices.contains(item) { bias[item] -= passedOverPenalty }
        }
        return bias.isEmpty ? nil : bias
    }

    /// `preferenceWeight` nats per soft preference of `state` each item fits
    /// (prompts/preferences.tsv); nil when the state has none with a rule, or the weight is 0.
    /// - Complexity: O(items × preferences), reading `preferenceFits`.
    func preferenceBias(_ state: DialogueState) -> [Float]? {
        let fits = state.preferences.compactMap { preferenceFits[$0.kind] }
        guard preferenceWeight > 0, !fits.isEmpty else { return nil }
        var bias = [Float](repeating: 0, count: catalog.items.count)
        for fit in fits {
            for i in bias.indices where fit[i] { bias[i] += preferenceWeight }
        }
        return bias
    }

    /// `coWatchWeight` × `CoWatch.affinity(to: liked)`, for the language model with liked
    /// items and a positive weight; nil otherwise.
    func coWatchBias(liked: [Int], rows: inout [Int: [Float]]) -> [Float]? {
        guard languageModel != nil, coWatchWeight > 0, !liked.isEmpty else { return nil }
        var affinity = coWatch.affinity(to: liked, rows: &rows)
        for i in affinity.indices { affinity[i] *= coWatchWeight }
        return affinity
    }

    /// "Here are 10 Comedy movies from the 1990s, under 120 minutes:", in `language`.
    func heading(count: Int, constraints c: HardConstraints, more: Bool, language: Language) -> String {
        var filters: [String] = []
        let y = c.year
        if let lo = y.min, let hi = y.max, lo % 10 == 0, hi == lo + 9 {
            filters.append(replies.text("filter.year.decade", language, ["decade": "\(lo)"]))
        } else if let lo = y.min, let hi = y.max, lo == hi {
            // "a movie from 2015": "from 2015", not "from 2015 to 2015".
            filters.append(replies.text("filter.year.single", language, ["year": "\(lo)"]))
        } else if let lo = y.min, let hi = y.max {
            filters.append(replies.text("filter.year.range", language, ["min": "\(lo)", "max": "\(hi)"]))
        } else if let lo = y.min {
            filters.append(replies.text("filter.year.min", language, ["min": "\(lo)"]))
        } else if let hi = y.max {
            filters.append(replies.text("filter.year.max", language, ["max": "\(hi)"]))
        }
        let r = c.runtime
        if let lo = r.min, let hi = r.max {
            filters.append(replies.text("filter.runtime.range", language, ["min": "\(lo)", "max": "\(hi)"]))
        } else if let hi = r.max {
            filters.append(replies.text("filter.runtime.max", language, ["max": "\(hi)"]))
        } else if let lo = r.min {
            filters.append(replies.text("filter.runtime.min", language, ["min": "\(lo)"]))
        }
        if let rating = c.minimumRating {
            filters.append(replies.text("filter.rating", language, ["rating": ReasonWriter.decimal(rating)]))
        }
        if !c.mpaaAllowed.isEmpty {
            filters.append(replies.text("filter.mpaa", language, ["ratings": replies.list(c.mpaaAllowed, language)]))
        }
        if !c.excludeGenres.isEmpty {
            let names = c.excludeGenres.map { replies.genre($0, language) }
            filters.append(replies.text("filter.exclude", language, ["genres": replies.list(names, language)]))
        }
        let noun = replies.has("noun", language) ? replies.text("noun", language) : catalog.manifest.itemNounPlural
        // "Comedy, Romance movies"; with alternatives "Comedy or Horror movies".
        var genres = c.includeGenres.map { replies.genre($0, language) }
        if !c.anyGenres.isEmpty { genres.append(replies.alternatives(c.anyGenres, language)) }
        let what = genres.isEmpty
            ? replies.text("what.plain", language, ["noun": noun])
            : replies.text("what.genres", language, ["genres": replies.list(genres, language), "noun": noun])
        if count == 0 { return replies.text("list.none", language, ["filters": filters.joined()]) }
        return replies.text(more ? "list.more" : "list", language,
                            ["count": "\(count)", "what": what, "filters": filters.joined()])
    }
}
