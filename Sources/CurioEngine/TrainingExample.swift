import CurioModel

/// One training sequence before batching: its tokens and what each position learns.
///
/// `targets[i]` is the token the model should predict *after* `tokens[i]` (−1: nothing),
/// and `subsets[i]` says whether that prediction ranges over the whole vocabulary or
/// over the item tokens only (full cross-entropy over all items at item positions,
/// after Klenitskiy & Vasilev, RecSys 2023).
public struct TrainingExample: Sendable, Equatable {
    public private(set) var tokens: [Int32] = []
    public private(set) var targets: [Int32] = []
    public private(set) var subsets: [SoftmaxSubset] = []

    public init() {}

    /// How a token appended to an example is learnt.
    public enum Learning: Sendable {
        /// Context only: no loss on predicting it.
        case context
        /// Predicted from what precedes it, over the whole vocabulary.
        case text
        /// Predicted from what precedes it, over the item tokens only.
        case item
    }

    /// Appends `token`; unless `.context`, the previous position learns to predict it.
    public mutating func append(_ token: Int, _ learning: Learning = .context) {
        if learning != .context, !tokens.isEmpty {
            targets[targets.count - 1] = Int32(token)
            subsets[subsets.count - 1] = learning == .item ? .items : .fullVocabulary
        }
        tokens.append(Int32(token))
        targets.append(-1)
        subsets.append(.fullVocabulary)
    }

    public mutating func append(contentsOf tokens: [Int], _ learning: Learning = .context) {
        for t in tokens { append(t, learning) }
    }

    public var count: Int { tokens.count }
    /// Positions that carry a loss.
    public var learntPositions: Int { targets.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
}
