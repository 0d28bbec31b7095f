/// Everything that can go wrong building, training, saving or loading a Mult-VAE, each
/// with a message that says what to change.
public enum MultVAEError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layer sizes cannot describe a working autoencoder.
    case invalidArchitecture(String)
    /// A training option is out of range.
    case invalidOptions(String)
    /// The file is not a Mult-VAE file curio can read (wrong generator, missing or bad
    /// metadata, tensors that do not match the architecture).
    case invalidFile(path: String, reason: String)
    /// The file was trained on another catalog: its items are not this catalog's.
    case catalogMismatch(path: String, reason: String)
    /// There is nothing to train on (no user has a training item).
    case noTrainingData
    /// Training produced a non-finite loss; the weights of the best epoch are kept.
    case diverged(epoch: Int, step: Int)

    public var description: String {
        switch self {
        case .invalidArchitecture(let reason): "invalid Mult-VAE architecture: \(reason)"
        case .invalidOptions(let reason): "invalid Mult-VAE training options: \(reason)"
        case let .invalidFile(path, reason): "\(path): not a usable Mult-VAE file: \(reason)"
        case let .catalogMismatch(path, reason):
            "\(path): this Mult-VAE was trained on another catalog (\(reason)); "
                + "train one for this catalog with `curio train --generator vae`"
        case .noTrainingData: "no user has a training interaction: there is nothing to train the Mult-VAE on"
        case let .diverged(epoch, step):
            "Mult-VAE training diverged in epoch \(epoch), step \(step) (non-finite loss); lower --learning-rate"
        }
    }
}
