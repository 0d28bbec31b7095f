import CurioCatalog
import CurioDialogue
import CurioModel

extension Engine {
    /// Why `item` is recommended in `conversation`: an ablation of the dialogue state.
    ///
    /// The item's log-probability at the first list position (under the generator the
    /// list came from: with liked items, both experts) is computed for the state
    /// as it is and for the state with each part removed in turn — each liked item,
    /// each included or excluded genre, each bound, each soft preference — all in ONE
    /// batched forward pass (`itemLogProbabilities(states:)`). A part's weight is its
    /// drop in log-probability over the sum of the positive drops, so weights of the
    /// parts that help add up to 1 and a part that hurts gets a negative weight (when
    /// none helps, the drops are shares of the sum of all changes). (Occlusion / leave-one-out attribution,
    /// after Zeiler & Fergus, ECCV 2014, and Li et al., "Understanding Neural Networks
    /// through Representation Erasure", 2016.)
    /// - Complexity: one batched forward of (2 + parts of the state) prompts.
    public func why(item: Int, in conversation: Conversation, language: Language? = nil) throws -> EngineReply {
        let lang = language ?? conversation.state.language
        let explanation = try explain(item: item, state: conversation.state, language: lang)
        var text = replies.text("why", lang, ["title": titleWithYear(item)]) + " " + explanation.facts
        if explanation.causes.allSatisfy({ $0.weight <= 0 }) {
            text += (lang == .chinese ? "。" : ". ") + replies.text("why.flat", lang)
        }
        var reply = EngineReply(text: text, language: lang)
        reply.explanation = explanation
        return reply
    }

    /// The causes and facts of `why(item:in:)`, without the wording of a reply.
    public func explain(item: Int, state: DialogueState, language: Language) throws -> WhyExplanation {
        var variants: [(label: String, state: DialogueState)] = []
        for liked in state.liked where liked != item {
            var s = state
            s.liked.removeAll { $0 == liked }
            variants.append((replies.text("cause.liked", language, ["title": catalog.items[liked].title]), s))
        }
        for genre in state.constraints.includeGenres {
            var s = state
            s.constraints.includeGenres.removeAll { $0 == genre }
            variants.append((replies.text("cause.genre", language, ["genre": replies.genre(genre, language)]), s))
        }
        for genre in state.constraints.excludeGenres {
            var s = state
            s.constraints.excludeGenres.removeAll { $0 == genre }
            variants.append((replies.text("cause.exclude", language, ["genre": replies.genre(genre, language)]), s))
        }
        for facet in [Facet.year, .runtime, .rating, .mpaa] where state.constraints.constrainedFacets.contains(facet) {
            var s = state
            s.constraints = s.constraints.relaxing(facet)
            variants.append((replies.text("cause.\(facet.rawValue)", language), s))
        }
        for preference in state.preferences {
            var s = state
            s.preferences.removeAll { $0 == preference }
            variants.append((replies.text("cause.preference", language, ["preference": preference.kind.rawValue]), s))
        }
        let states = [state] + variants.map(\.state)
        let scores = try itemLogProbabilities(states: states).map { $0[item] }
        let drops = scores.dropFirst().map { Double(scores[0] - $0) }
        // Shares of the positive drops; when no part helps, shares of all the changes,
        // so the parts that hurt still show how much.
        let positive = drops.filter { $0 > 0 }.reduce(0, +)
        let total = positive > 0 ? positive : drops.map(abs).reduce(0, +)
        var causes = zip(variants, drops).map { (label: $0.0.label, weight: total > 0 ? $0.1 / total : 0) }
        causes.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.label < $1.label }
        let facts = ReasonWriter(engine: self).reason(for: item, state: state, constraints: state.constraints, language: language)
        return WhyExplanation(item: item, causes: causes, facts: facts)
    }
}
