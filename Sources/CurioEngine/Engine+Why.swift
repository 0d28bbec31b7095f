import CurioCatalog
import CurioDialogue
import CurioKernels
import CurioModel

extension Engine {
    /// Most causes one explanation cites: a reason a person can read at a glance.
    public static let citationLimit = 3
    /// Most lists regenerated to confirm that a candidate set of causes is necessary
    /// and sufficient. 4, not more: a list is ~20 ms, a chat turn has 100 ms, and 6 lists
    /// gave only 2 points more sufficiency (73.1% against 70.9%, docs/evaluation.md).
    public static let verificationLimit = 4

    /// Why `item` is recommended in `conversation`: `explain(item:state:language:)`
    /// worded as a reply — the cited causes, the catalog facts, and a bar chart of the
    /// weights — in `language` (default: the language of the latest utterance).
    /// - Complexity: see `explain(item:state:language:)`.
    public func why(item: Int, in conversation: Conversation, language: Language? = nil) throws -> EngineReply {
        let lang = language ?? conversation.state.language
        // An item of the list on screen is in its list; any other is checked.
        let explanation = try explain(item: item, state: conversation.state, language: lang,
                                      listed: conversation.state.lastShown.contains(item) ? true : nil)
        let text = ([explanation.sentence] + explanation.chart).joined(separator: "\n")
        var reply = EngineReply(text: text, language: lang)
        reply.explanation = explanation
        return reply
    }

    /// Why `item` is recommended under `state`: an ablation of the dialogue state, and
    /// the smallest set of its heaviest parts whose removal takes the item off the list.
    ///
    /// 1. Weights. The item's log-probability at the first list position (under the
    ///    generator the list comes from: with liked items, both experts) is computed for
    ///    the state and for the state with each part removed in turn — each liked item,
    ///    each included or excluded genre, each bound, each soft preference — in ONE
    ///    batched forward (`itemLogProbabilities(states:)`), each renormalised over the
    ///    items that state's list is drawn from (`candidateLogProbabilities`). A part's
    ///    weight is its drop in log-probability over the sum of the absolute drops: a
    ///    part that helps is positive, one that hurts negative, and the absolute weights
    ///    add up to 1. A constraint thus counts both through the prompt and through the
    ///    competitors its mask removes. (Occlusion / leave-one-out
    ///    attribution: Zeiler & Fergus, ECCV 2014; Li et al., "Understanding Neural
    ///    Networks through Representation Erasure", 2016.)
    /// 2. Citation (`cite`, Engine+Citation.swift): the smallest set of the heaviest
    ///    helping parts, alone or with the state's hard constraints, whose removal takes
    ///    the item off the list and that alone keep it on — predicted from one more
    ///    batched forward, then confirmed by regenerating lists (`generate`, at most
    ///    `verificationLimit`). Confirmed necessary: `decisive`; confirmed sufficient
    ///    too: `sufficient`. Nothing confirmed: the heaviest helping parts are cited and
    ///    the reply says no single part decides it. (PRINCE, Ghazimatin et al., WSDM
    ///    2020; CountER, Tan et al., CIKM 2021.)
    /// 3. Facts (`ReasonWriter.explanationFacts`): genres shared with the cited liked
    ///    items, how many users watched both, year, runtime and IMDb rating.
    ///
    /// The utterance is left out throughout: what is explained is the state, which is
    /// what the utterance was understood as.
    /// - Complexity: one batched forward of (1 + parts) states (each prompt run only past
    ///   what it shares with the full state's), one of the up to 4 × `citationLimit`
    ///   candidate states' prompts not already scored, up to `verificationLimit` list
    ///   generations (each stopped once every beam holds the item), and O(items) per
    ///   candidate state for its constraint mask.
    ///
    /// - Parameter listed: whether the item is in the list of `state` (the caller showed
    ///   it); nil regenerates that list to find out. Only an item on the list can be
    ///   said to drop out of it.
    public func explain(item: Int, state: DialogueState, language: Language, listed: Bool? = nil) throws -> WhyExplanation {
        let parts = state.removableParts(explaining: item)
        let labels = parts.map { label($0, language) }
        var scores = ContextScores()
        let ablated = [state] + parts.map { state.removing([$0]) }
        let rows = try itemLogProbabilities(states: ablated, reusing: &scores)
        let chances = candidateLogProbabilities(of: item, rows: rows, states: ablated)
        let drops = chances.dropFirst().map { Double(chances[0] - $0) }
        // Shares of all the movement: bounded, and a part that hurts shows how much
        // against the same scale as the parts that help.
        let total = drops.map(abs).reduce(0, +)
        var causes = parts.indices.map { WhyCause(label: labels[$0], weight: total > 0 ? drops[$0] / total : 0, part: parts[$0]) }
        causes.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.label < $1.label }

        let helping = Array(causes.prefix { $0.weight > 0 }.prefix(Self.citationLimit).map(\.part))
        let citation = try cite(item: item, state: state, helping: helping, fullRow: rows[0], listed: listed,
                                scores: &scores)
        for i in causes.indices { causes[i].cited = citation.parts.contains(causes[i].part) }

        let writer = ReasonWriter(engine: self)
        let named = causes.filter(\.cited).compactMap { if case .liked(let liked) = $0.part { liked } else { nil } }
        let facts = writer.explanationFacts(for: item, state: state, named: named)
        var explanation = WhyExplanation(item: item, causes: causes, decisive: citation.necessary, facts: facts,
                                         factText: writer.words(facts, language: language))
        explanation.sufficient = citation.sufficient
        explanation.sentence = sentence(explanation, language: language)
        explanation.chart = WhyChart.lines(causes, replies: replies, language: language)
        return explanation
    }

    /// The log-probability of `item` in each state's row, renormalised over the items
    /// that state's list is drawn from: its mask, relaxed as `generate` relaxes it, plus
    /// `item` itself. That is how likely the search is to pick the item against its real
    /// competitors. Normalised over the whole catalog instead, liking Men in Black would
    /// seem to *hurt* a 90s comedy it put on the list: it raises the action films it was
    /// watched with far more, and those are masked out of the list anyway.
    /// - Complexity: O(items) per state, plus a mask per distinct set of constraints.
    func candidateLogProbabilities(of item: Int, rows: [[Float]], states: [DialogueState]) -> [Float] {
        var masks: [(constraints: HardConstraints, allowed: [Bool])] = []
        return zip(rows, states).map { row, state -> Float in
            let allowed: [Bool]
            if let known = masks.first(where: { $0.constraints == state.constraints }) {
                allowed = known.allowed
            } else {
                allowed = ConstraintMask.relaxed(catalog: catalog, state: state, minimum: 1, genres: genreIndex).mask.allowed
                masks.append((state.constraints, allowed))
            }
            let excluded = ConstraintMask.exclusions(of: state)
            var logits = row
            for j in logits.indices where j != item && (!allowed[j] || excluded.contains(j)) { logits[j] = -.infinity }
            return row[item] - logSumExp(logits)
        }
    }

    /// "you liked Heat", "no Horror", in `language`.
    func label(_ part: StatePart, _ language: Language) -> String {
        switch part {
        case .liked(let item): replies.text("cause.liked", language, ["title": catalog.items[item].title.sanitizedForTerminal])
        case .includeGenre(let genre): replies.text("cause.genre", language, ["genre": replies.genre(genre, language)])
        case .anyGenres(let genres): replies.text("cause.genre", language, ["genre": replies.alternatives(genres, language)])
        case .excludeGenre(let genre): replies.text("cause.exclude", language, ["genre": replies.genre(genre, language)])
        case .bound(let facet): replies.text("cause.\(facet.rawValue)", language)
        case .preference(let p): replies.text(ReplyTemplates.causeKey(p.kind), language)
        }
    }

    /// "Why Heat (1995): without “you liked Ronin”, it would drop out of the top 10. Crime, like Ronin; …"
    private func sentence(_ e: WhyExplanation, language: Language) -> String {
        let stop = language == .chinese ? "。" : ". "
        var text = replies.text("why", language, ["title": titleWithYear(e.item).sanitizedForTerminal])
            + (language == .chinese ? "" : " ")
        let cited = replies.list(e.cited.map { replies.text("why.cause", language, ["label": $0.label]) }, language)
        if e.decisive {
            // "without them … they alone" for several causes, "without that … that alone" for one.
            let key = !e.sufficient ? "why.decisive" : e.cited.count == 1 ? "why.decisive.alone.one" : "why.decisive.alone"
            text += replies.text(key, language, ["causes": cited, "count": "\(listLength)"]) + stop
        } else if !e.cited.isEmpty {
            text += replies.text("why.heaviest", language, ["causes": cited]) + stop
        } else {
            // A Mult-VAE or IRGAN never read the request, so "for the request as a whole" would not be true of it.
            text += (generatorKind == .lm ? replies.text("why.flat", language)
                     : replies.text("why.flat.scorer", language, ["generator": generator.displayName]))
                + (language == .chinese ? "" : " ")
        }
        if !e.factText.isEmpty { text += e.factText + (language == .chinese ? "。" : ".") }
        return text.hasSuffix(" ") ? String(text.dropLast()) : text
    }
}
