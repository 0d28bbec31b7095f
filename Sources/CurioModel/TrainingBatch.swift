// What one training step consumes: token ids, next-token targets and, per position,
// which part of the vocabulary that position's softmax runs over.

/// The vocabulary a position's softmax (and so its loss) ranges over.
public enum SoftmaxSubset: UInt8, Sendable {
    /// All vocabulary tokens.
    case fullVocabulary
    /// Only the item tokens (`TrainingBatch.itemRange`): the model is asked "which item?",
    /// and only those rows of the output layer are computed.
    case items
}

/// B sequences of T tokens with their targets, row-major [B×T].
public struct TrainingBatch: Sendable {
    /// Number of sequences (B).
    public let batchSize: Int
    /// Tokens per sequence (T).
    public let sequenceLength: Int
    /// [B×T] input token ids.
    public let tokens: [Int32]
    /// [B×T] target ids; −1 means "no loss at this position".
    public let targets: [Int32]
    /// [B×T] softmax subset per position.
    public let subsets: [SoftmaxSubset]
    /// The contiguous block of item tokens that `.items` positions restrict to.
    public let itemRange: Range<Int>

    /// A batch; shapes are checked here, token ranges against a model by `validate(for:)`.
    ///
    /// - Parameters:
    ///   - subsets: per position, or nil for the full vocabulary everywhere.
    /// - Throws: `ModelError.invalidBatch` if an array's length is not B·T.
    public init(batchSize: Int, sequenceLength: Int, tokens: [Int32], targets: [Int32],
                subsets: [SoftmaxSubset]? = nil, itemRange: Range<Int> = 0..<0) throws {
        guard batchSize > 0, sequenceLength > 0 else {
            throw ModelError.invalidBatch("batch size \(batchSize) and sequence length \(sequenceLength) must be positive")
        }
        let n = batchSize * sequenceLength
        guard tokens.count == n else { throw ModelError.invalidBatch("\(tokens.count) tokens for a \(batchSize)×\(sequenceLength) batch") }
        guard targets.count == n else { throw ModelError.invalidBatch("\(targets.count) targets for a \(batchSize)×\(sequenceLength) batch") }
        let subsets = subsets ?? Array(repeating: .fullVocabulary, count: n)
        guard subsets.count == n else { throw ModelError.invalidBatch("\(subsets.count) softmax subsets for a \(batchSize)×\(sequenceLength) batch") }
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.tokens = tokens
        self.targets = targets
        self.subsets = subsets
        self.itemRange = itemRange
    }

    /// Checks tokens, targets and the item range against `config`.
    ///
    /// - Throws: `ModelError` naming the first offending position (sequence, position).
    public func validate(for config: ModelConfig) throws {
        if sequenceLength > config.contextLength {
            throw ModelError.sequenceTooLong(length: sequenceLength, limit: config.contextLength)
        }
        if itemRange.lowerBound < 0 || itemRange.upperBound > config.vocabSize {
            throw ModelError.invalidBatch("item range \(itemRange) is outside the vocabulary 0..<\(config.vocabSize)")
        }
        var counted = 0
        for i in 0..<tokens.count {
            let where_ = "sequence \(i / sequenceLength), position \(i % sequenceLength)"
            if tokens[i] < 0 || Int(tokens[i]) >= config.vocabSize {
                throw ModelError.tokenOutOfRange(token: Int(tokens[i]), vocabSize: config.vocabSize, context: "batch tokens at \(where_)")
            }
            let target = Int(targets[i])
            if target == -1 { continue }
            counted += 1
            switch subsets[i] {
            case .fullVocabulary:
                if target < 0 || target >= config.vocabSize {
                    throw ModelError.tokenOutOfRange(token: target, vocabSize: config.vocabSize, context: "batch targets at \(where_)")
                }
            case .items:
                if !itemRange.contains(target) {
                    throw ModelError.invalidBatch("target \(target) at \(where_) is restricted to items but outside the item range \(itemRange)")
                }
            }
        }
        if counted == 0 { throw ModelError.invalidBatch("no position has a target (all are −1), so there is no loss") }
    }
}
