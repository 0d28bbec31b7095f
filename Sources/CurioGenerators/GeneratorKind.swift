/// The three families of generative recommender curio can recommend with
/// (docs/generators.md): the autoregressive language model (the default), a
/// variational autoencoder (Mult-VAE) and an adversarial generator (IRGAN).
///
/// Every family meets `ItemScorer` (CurioEvaluation): given the items a user liked,
/// a score for every catalog item. That one contract lets the same constraint masks,
/// explanations, chat and evaluation run on any of them.
public enum GeneratorKind: String, CaseIterable, Sendable, Codable {
    case lm, vae, gan

    /// The file a catalog ships this generator in, inside the catalog's folder.
    public var defaultFileName: String {
        switch self {
        case .lm: "model.safetensors"
        case .vae: "vae.safetensors"
        case .gan: "gan.safetensors"
        }
    }

    /// The safetensors metadata key (and value `rawValue`) naming the family, so a
    /// file given to the wrong `--generator` is refused with a clear error.
    public static let metadataKey = "curio.generator"
}
