/// Everything that can go wrong when building, running or loading a curio language model,
/// each with a message that says what to change.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// The configuration cannot describe a working transformer.
    case invalidConfig(String)
    /// A batch's shape or contents do not fit the model.
    case invalidBatch(String)
    /// A token id outside the vocabulary.
    case tokenOutOfRange(token: Int, vocabSize: Int, context: String)
    /// A sequence longer than the model's context (or the cache's capacity).
    case sequenceTooLong(length: Int, limit: Int)
    /// A token mask that allows nothing, or names tokens outside the vocabulary.
    case invalidMask(String)
    /// Training produced a non-finite loss or gradient; the weights were left unchanged.
    case trainingDiverged(step: Int, loss: Float, gradientNorm: Float)
    /// A checkpoint that cannot be read back into a model.
    case invalidCheckpoint(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfig(let reason): "invalid model configuration: \(reason)"
        case .invalidBatch(let reason): "invalid training batch: \(reason)"
        case let .tokenOutOfRange(token, vocabSize, context):
            "token id \(token) in \(context) is outside the vocabulary 0..<\(vocabSize)"
        case let .sequenceTooLong(length, limit):
            "sequence of \(length) tokens exceeds the limit of \(limit); shorten the context"
        case .invalidMask(let reason): "invalid token mask: \(reason)"
        case let .trainingDiverged(step, loss, norm):
            "training diverged at step \(step) (loss \(loss), gradient norm \(norm)); the update was skipped. "
                + "Lower the learning rate or clip gradients harder"
        case let .invalidCheckpoint(path, reason): "\(path): not a usable curio checkpoint: \(reason)"
        }
    }
}

extension ModelConfig {
    /// Checks that the configuration describes a buildable model.
    ///
    /// - Throws: `ModelError.invalidConfig` naming the offending field.
    public func validate() throws {
        func fail(_ reason: String) throws -> Never { throw ModelError.invalidConfig(reason) }
        if vocabSize < 1 { try fail("vocabSize must be positive, got \(vocabSize)") }
        if dModel < 2 { try fail("dModel must be at least 2, got \(dModel)") }
        if layers < 1 { try fail("layers must be at least 1, got \(layers)") }
        if heads < 1 || dModel % heads != 0 {
            try fail("dModel \(dModel) must be a positive multiple of heads \(heads)")
        }
        if headDim % 2 != 0 { try fail("head width dModel/heads = \(headDim) must be even for rotary embeddings") }
        if ffnHidden < 1 { try fail("ffnHidden must be positive, got \(ffnHidden)") }
        if contextLength < 1 { try fail("contextLength must be positive, got \(contextLength)") }
        if !(ropeTheta > 1) { try fail("ropeTheta must be greater than 1, got \(ropeTheta)") }
        if !(normEpsilon > 0) { try fail("normEpsilon must be positive, got \(normEpsilon)") }
    }
}
