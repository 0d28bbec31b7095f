import CurioCatalog
import CurioDialogue
import Foundation
import Synchronization

/// The model's distribution over the items a state allows, summarised for deciding
/// whether (and what) to ask.
public struct CandidateDistribution: Sendable, Equatable {
    /// Entropy in bits of p(item | state) over every allowed item (renormalised).
    public var entropy: Double
    /// What the state told the model, in bits: the Kullback–Leibler divergence
    /// KL(p(· | state) ‖ p(· | nothing said)) over the allowed items, i.e. how far the
    /// request moved the model from what it would recommend to anyone. 0 for a cold state.
    public var information: Double
    /// How many items the state allows.
    public var allowedCount: Int
    /// The most probable allowed items, best first (`Item.index`).
    public var top: [Int]
    /// Their probabilities, renormalised over `top` (they sum to 1).
    public var probabilities: [Double]
}

extension Engine {
    /// The default of `Engine.informativeRequestBits`: below this many bits of
    /// information (`CandidateDistribution.information`) a list
    /// comes with a clarifying question: the request moved the model's distribution less
    /// than keeping only half of what it would recommend to anyone would (1 bit), give or
    /// take. Measured on the shipped model (docs/engine.md, "Clarifying questions"):
    /// requests naming a genre, an era or a liked title, or filtering hard on rating or
    /// length, tell it 1.2–8.6 bits; a vague or loose request ("something good", "something
    /// under two hours") 0–0.9. Relative to the model's own distribution for nothing said,
    /// this separated the two on every retrained model measured, where a threshold on the
    /// entropy itself, whose scale each model sets differently, did not (docs/training.md).
    public static let defaultInformativeRequestBits = 1.1
    /// A question must be expected to tell at least this much (bits) to be worth asking.
    public static let minimumQuestionGain = 0.3
    /// Questions are planned over this many of the model's top candidates.
    public static let clarifyingCandidates = 50

    /// The model's distribution for `state` restricted to the items its constraints
    /// allow (after the same relaxation the list would get).
    /// - Complexity: one batched forward (`itemLogProbabilities(states:)`; the empty
    ///   state's is computed once per engine, `EmptyStatePrior`), then O(items log K) to
    ///   pick the top K.
    public func candidateDistribution(state: DialogueState, alsoExcluded: Set<Int> = []) throws -> CandidateDistribution {
        let (mask, _) = ConstraintMask.relaxed(catalog: catalog, state: state, alsoExcluded: alsoExcluded, minimum: 1,
                                               genres: genreIndex)
        let logits = try itemLogProbabilities(states: [state])[0]
        let prior = try emptyStatePrior.row { try itemLogProbabilities(states: [DialogueState()])[0] }
        var peak = -Double.infinity
        for i in logits.indices where mask.allowed[i] && logits[i].isFinite { peak = max(peak, Double(logits[i])) }
        guard peak.isFinite else {
            return CandidateDistribution(entropy: 0, information: 0, allowedCount: 0, top: [], probabilities: [])
        }
        var weights: [(item: Int, w: Double)] = []
        weights.reserveCapacity(mask.allowedCount)
        var total = 0.0
        for i in logits.indices where mask.allowed[i] && logits[i].isFinite {
            let w = exp(Double(logits[i]) - peak)
            weights.append((i, w))
            total += w
        }
        let entropy = weights.reduce(0.0) { h, x in let p = x.w / total; return p > 0 ? h - p * log2(p) : h }
        // Σ p log2(p / prior); the prior is a log-softmax in nats over every item.
        let information = weights.reduce(0.0) { kl, x in
            let p = x.w / total
            return p > 0 && prior[x.item].isFinite ? kl + p * (log2(p) - Double(prior[x.item]) / M_LN2) : kl
        }
        let top = weights.sorted { $0.w != $1.w ? $0.w > $1.w : $0.item < $1.item }.prefix(Self.clarifyingCandidates)
        let topTotal = top.reduce(0.0) { $0 + $1.w }
        return CandidateDistribution(entropy: entropy, information: max(0, information), allowedCount: mask.allowedCount,
                                     top: top.map(\.item),
                                     probabilities: top.map { $0.w / topTotal })
    }

    /// The best clarifying question for `state` over `distribution`'s top candidates,
    /// among the facets not asked yet in this conversation and not already constrained;
    /// nil when none is worth asking (`minimumQuestionGain`).
    public func clarifyingPlan(state: DialogueState, distribution: CandidateDistribution) -> ClarifyingPlan? {
        let facets = askableFacets(state)
        guard !facets.isEmpty, distribution.top.count > 1 else { return nil }
        let plan = ClarifyingPlanner.best(candidates: distribution.top.map { catalog.items[$0] },
                                          probabilities: distribution.probabilities, facets: facets)
        return plan.flatMap { $0.gain >= Self.minimumQuestionGain ? $0 : nil }
    }

    /// The facets a question may still be about: not asked in this conversation, not
    /// already constrained.
    func askableFacets(_ state: DialogueState) -> [Facet] {
        let constrained = state.constraints.constrainedFacets
        return Facet.allCases.filter { !state.askedFacets.contains($0) && !constrained.contains($0) }
    }

    /// Whether the state says nothing about what the user wants: nothing liked, no
    /// constraint, no preference (seen and disliked items alone do not count).
    func isCold(_ state: DialogueState) -> Bool {
        state.liked.isEmpty && state.constraints.isEmpty && state.preferences.isEmpty && state.avoid.isEmpty
    }

    /// A new list for the conversation — or, when the user has said nothing, a
    /// clarifying question instead of it; when what they said told the model little
    /// (`Engine.informativeRequestBits`), the list together with a question (answering is optional).
    ///
    /// `mayAsk` is false on the turn right after a question (answered or passed over):
    /// the user gets their list, not another question.
    func recommendOrAsk(in conversation: inout Conversation, utterance: String, alsoExcluded: Set<Int>,
                        mayAsk: Bool, demotingShown: Bool = true, language: Language) throws -> EngineReply {
        let state = conversation.state
        let cold = isCold(state) && state.askedFacets.isEmpty
        guard mayAsk, !askableFacets(state).isEmpty else {  // nothing to ask: spare the extra forward
            return try recommend(in: &conversation, utterance: utterance, alsoExcluded: alsoExcluded, more: false,
                                 demotingShown: demotingShown, language: language)
        }
        let distribution = try candidateDistribution(state: state, alsoExcluded: alsoExcluded)
        guard cold || distribution.information < informativeRequestBits,
              let plan = clarifyingPlan(state: state, distribution: distribution) else {
            return try recommend(in: &conversation, utterance: utterance, alsoExcluded: alsoExcluded, more: false,
                                 demotingShown: demotingShown, language: language)
        }
        let question = pendingQuestion(plan, language: language)
        var reply: EngineReply
        if cold {
            reply = EngineReply(text: "", language: language)
        } else {
            reply = try recommend(in: &conversation, utterance: utterance, alsoExcluded: alsoExcluded, more: false,
                                 demotingShown: demotingShown, language: language)
        }
        let text = questionText(question, language: language)
        reply.text = reply.text.isEmpty ? text : reply.text
        reply.question = text
        reply.questionFacet = plan.facet
        reply.questionOptions = question.options.map(\.label)
        conversation.tracker.ask(question)
        return reply
    }
}

/// The model's item log-probabilities for the empty state (nothing said), computed once
/// per engine and shared by its copies: `candidateDistribution` measures every request
/// against it, and it depends on nothing a copy may change (the co-watch and preference
/// experts and the history view act only on liked items and preferences, which the empty
/// state lacks). Without the cache every list turn paid a second forward: the chat's p99
/// turn went from 77 to 122 ms (docs/benchmarks.md).
final class EmptyStatePrior: Sendable {
    private let cached = Mutex<[Float]?>(nil)

    /// The cached row, computing it with `compute` the first time.
    func row(_ compute: () throws -> [Float]) rethrows -> [Float] {
        if let row = cached.withLock({ $0 }) { return row }
        let row = try compute()  // outside the lock: a forward is long, and a race only computes it twice
        cached.withLock { $0 = row }
        return row
    }
}
