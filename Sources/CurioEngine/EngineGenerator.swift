import CurioEvaluation
import CurioGenerators

/// What an `Engine` recommends with: curio's language model, or any other generator
/// family that meets `ItemScorer` (Mult-VAE, IRGAN; docs/engine.md, Generators).
///
/// Everything downstream of the distribution over items — the constraint mask and its
/// relaxation, the list search, "more", reasons, "why" by ablation, chat, ask and
/// serve — is the same for every case; only `Engine.itemLogProbabilities(states:)` and
/// `Engine.generate(state:utterance:alsoExcluded:)` look at which one it is.
public enum EngineGenerator: Sendable {
    /// The autoregressive language model: reads the whole dialogue state and the
    /// request's text through its prompt, and generates a list item by item.
    case languageModel(LanguageModel)
    /// A non-autoregressive generator of family `kind` (never `.lm`): scores every item
    /// from the items the user liked, in one pass.
    case scorer(GeneratorKind, any ItemScorer)

    /// Which family this is.
    public var kind: GeneratorKind {
        switch self {
        case .languageModel: .lm
        case .scorer(let kind, _): kind
        }
    }

    /// The name a person sees, e.g. in the chat header: "curio (1.9M params)",
    /// "Mult-VAE", "IRGAN".
    public var displayName: String {
        switch self {
        case .languageModel(let lm):
            let millions = Double(lm.parameterCount) / 1e6
            return "curio (\((millions * 10).rounded() / 10)M params)"
        case .scorer(let kind, _):
            return Self.familyName(kind)
        }
    }

    /// The published name of a family: "curio LM", "Mult-VAE" (Liang et al., WWW 2018),
    /// "IRGAN" (Wang et al., SIGIR 2017).
    public static func familyName(_ kind: GeneratorKind) -> String {
        switch kind {
        case .lm: "curio LM"
        case .vae: "Mult-VAE"
        case .gan: "IRGAN"
        }
    }
}

/// A `ListGenerator` whose distribution over items does not depend on the list so far:
/// the scores of a non-autoregressive generator (Mult-VAE, IRGAN, any `ItemScorer`)
/// for one state, computed once.
///
/// Under `ListBeamSearch` with the constraint mask, each step renormalises the same
/// scores over the allowed items not yet listed, so the best list is exactly the
/// **masked top-k** of the scores, in descending order (p(a)·p(b | not a)… is largest
/// for the k likeliest items, likeliest first), and a beam of width 1 finds it. What
/// the mask guarantees for the language model — no disallowed, seen or repeated item,
/// nothing outside the catalog — holds here by the same code.
public struct FixedScoreListGenerator: ListGenerator {
    /// Log-probabilities (or any logits) over the catalog's items, in `Item.index` order.
    public let logits: [Float]

    public init(logits: [Float]) { self.logits = logits }

    public func start() {}

    public func itemLogits(_ context: Void) -> [Float] { logits }

    public func extend(_ context: Void, with item: Int) {}
}
