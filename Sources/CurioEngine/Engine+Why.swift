import CurioCatalog
import CurioDialogue
import CurioModel

extension Engine {
    /// Most causes one explanation cites: a reason a person can read at a glance.
    public static let citationLimit = 3
    /// Most lists regenerated to confirm that a candidate set of causes is decisive.
    public static let verificationLimit = 2

    /// Why `item` is recommended in `conversation`: `explain(item:state:language:)`
    /// worded as a reply — the cited causes, the catalog facts, and a bar chart of the
    /// weights — in `language` (default: the language of the latest utterance).
    /// - Complexity: see `explain(item:state:language:)`.
    public func why(item: Int, in conversation: Conversation, language: Language? = nil) throws -> EngineReply {
        let lang = language ?? conversation.state.language
        let explanation = try explain(item: item, state: conversation.state, language: lang)
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
    ///    batched forward (`itemLogProbabilities(states:)`). A part's weight is its drop
    ///    in log-probability over the sum of the positive drops, so the weights of the
    ///    parts that help add up to 1 and a part that hurts is negative (when none helps,
    ///    the drops are shares of the sum of all changes). (Occlusion / leave-one-out
    ///    attribution: Zeiler & Fergus, ECCV 2014; Li et al., "Understanding Neural
    ///    Networks through Representation Erasure", 2016.)
    /// 2. Citation. Candidates are the top 1, 2, … `citationLimit` helping parts by
    ///    weight. Each candidate's joint removal is scored in one more batched forward,
    ///    and the item's rank among the items the ablated state allows is read off. The
    ///    smallest candidate predicted to push the item below the top `listLength` (and
    ///    below its own rank under the full state) — failing that, the largest — is
    ///    confirmed by regenerating the list for the ablated state (`generate`): if the
    ///    item is gone, those parts are cited and the explanation is `decisive`. At most
    ///    `verificationLimit` lists are regenerated. When none is confirmed, the heaviest
    ///    helping parts are cited and the reply says no single part decides it.
    ///    (Counterfactual explanations that must change the recommendation: PRINCE,
    ///    Ghazimatin et al., WSDM 2020; CountER, Tan et al., CIKM 2021.)
    /// 3. Facts (`ReasonWriter.explanationFacts`): genres shared with the cited liked
    ///    items, how many users watched both, year, runtime and IMDb rating.
    ///
    /// The utterance is left out throughout: what is explained is the state, which is
    /// what the utterance was understood as.
    /// - Complexity: one batched forward of (1 + parts) states, one of up to
    ///   `citationLimit − 1` states, up to `verificationLimit` list generations, and
    ///   O(items) per candidate for its constraint mask.
    public func explain(item: Int, state: DialogueState, language: Language) throws -> WhyExplanation {
        let parts = state.removableParts(explaining: item)
        let labels = parts.map { label($0, language) }
        let rows = try itemLogProbabilities(states: [state] + parts.map { state.removing([$0]) })
        let drops = rows.dropFirst().map { Double(rows[0][item] - $0[item]) }
        // Shares of the positive drops; when no part helps, shares of all the changes,
        // so the parts that hurt still show how much.
        let positive = drops.filter { $0 > 0 }.reduce(0, +)
        let total = positive > 0 ? positive : drops.map(abs).reduce(0, +)
        var causes = parts.indices.map { WhyCause(label: labels[$0], weight: total > 0 ? drops[$0] / total : 0, part: parts[$0]) }
        causes.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.label < $1.label }

        let helping = causes.prefix { $0.weight > 0 }.prefix(Self.citationLimit).map(\.part)
        // The heaviest part alone was scored in the first forward already.
        let heaviestRow = helping.first.flatMap { top in parts.firstIndex(of: top) }.map { rows[1 + $0] }
        let (citedCount, decisive) = try citation(item: item, state: state, helping: helping, fullRow: rows[0],
                                                  heaviestRow: heaviestRow ?? rows[0])
        for i in causes.indices { causes[i].cited = i < citedCount }

        let writer = ReasonWriter(engine: self)
        let named = causes.prefix(citedCount).compactMap { if case .liked(let liked) = $0.part { liked } else { nil } }
        let facts = writer.explanationFacts(for: item, state: state, named: named)
        var explanation = WhyExplanation(item: item, causes: causes, decisive: decisive, facts: facts,
                                         factText: writer.words(facts, language: language))
        explanation.sentence = sentence(explanation, language: language)
        explanation.chart = WhyChart.lines(causes, replies: replies, language: language)
        return explanation
    }

    /// How many of the heaviest helping parts to cite, and whether their joint removal
    /// was confirmed to take the item off the regenerated list (step 2 of `explain`).
    private func citation(item: Int, state: DialogueState, helping: [StatePart], fullRow: [Float],
                          heaviestRow: [Float]) throws -> (count: Int, decisive: Bool) {
        guard !helping.isEmpty else { return (0, false) }
        let candidates = helping.indices.map { state.removing(Array(helping.prefix($0 + 1))) }
        let extra = try candidates.count > 1 ? itemLogProbabilities(states: Array(candidates.dropFirst())) : []
        let candidateRows = [heaviestRow] + extra
        let fullRank = rank(of: item, in: fullRow, state: state)
        let threshold = max(listLength, fullRank + 1)
        let predicted = candidates.indices.filter { rank(of: item, in: candidateRows[$0], state: candidates[$0]) >= threshold }
        var order = predicted
        if !order.contains(candidates.count - 1) { order.append(candidates.count - 1) }
        for k in order.prefix(Self.verificationLimit) {
            let list = try generate(state: candidates[k], utterance: "").list.items
            if !list.contains(item) { return (k + 1, true) }
        }
        return (helping.count, false)
    }

    /// The item's 0-based rank among the items `state` allows, by `row`.
    /// - Complexity: O(items) for the mask and the count.
    func rank(of item: Int, in row: [Float], state: DialogueState) -> Int {
        let mask = ConstraintMask.relaxed(catalog: catalog, state: state, minimum: 1, genres: genreIndex).mask
        let score = row[item]
        var above = 0
        for j in row.indices where mask.allowed[j] && j != item && row[j] > score { above += 1 }
        return above
    }

    /// "you liked Heat", "no Horror", in `language`.
    func label(_ part: StatePart, _ language: Language) -> String {
        switch part {
        case .liked(let item): replies.text("cause.liked", language, ["title": catalog.items[item].title.sanitizedForTerminal])
        case .includeGenre(let genre): replies.text("cause.genre", language, ["genre": replies.genre(genre, language)])
        case .excludeGenre(let genre): replies.text("cause.exclude", language, ["genre": replies.genre(genre, language)])
        case .bound(let facet): replies.text("cause.\(facet.rawValue)", language)
        case .preference(let p): replies.text("cause.preference", language, ["preference": p.kind.rawValue])
        }
    }

    /// "Why Heat (1995): without you liked Ronin, it would leave the top 10. Crime, like Ronin; …"
    private func sentence(_ e: WhyExplanation, language: Language) -> String {
        let stop = language == .chinese ? "。" : ". "
        var text = replies.text("why", language, ["title": titleWithYear(e.item).sanitizedForTerminal]) + " "
        let cited = replies.list(e.cited.map(\.label), language)
        if e.decisive {
            text += replies.text("why.decisive", language, ["causes": cited, "count": "\(listLength)"]) + stop
        } else if !e.cited.isEmpty {
            text += replies.text("why.heaviest", language, ["causes": cited]) + stop
        } else {
            text += replies.text("why.flat", language) + (language == .chinese ? "" : " ")
        }
        if !e.factText.isEmpty { text += e.factText + (language == .chinese ? "。" : ".") }
        return text.hasSuffix(" ") ? String(text.dropLast()) : text
    }
}
