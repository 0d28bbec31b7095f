// Which tokens the decoder may produce next. A mask is applied by setting the logits of
// disallowed tokens to −∞ *before* the softmax, so they get probability exactly zero and
// the allowed tokens renormalise among themselves.

import CurioKernels

/// The set of tokens allowed at the next position.
public enum TokenMask: Sendable, Equatable {
    /// Every vocabulary token.
    case all
    /// A contiguous block, e.g. the item tokens.
    case range(Range<Int>)
    /// An explicit list, e.g. candidate items that pass the user's filters. Order is kept
    /// wherever a mask's logits are returned compactly.
    case tokens([Int])

    /// Throws unless the mask allows at least one token, all inside `0..<vocabSize`.
    public func validate(vocabSize: Int) throws {
        switch self {
        case .all: return
        case .range(let range):
            if range.isEmpty { throw ModelError.invalidMask("the range \(range) allows no token") }
            if range.lowerBound < 0 || range.upperBound > vocabSize {
                throw ModelError.invalidMask("the range \(range) is outside the vocabulary 0..<\(vocabSize)")
            }
        case .tokens(let tokens):
            if tokens.isEmpty { throw ModelError.invalidMask("the token list is empty") }
            if let bad = tokens.first(where: { $0 < 0 || $0 >= vocabSize }) {
                throw ModelError.tokenOutOfRange(token: bad, vocabSize: vocabSize, context: "token mask")
            }
        }
    }

    /// Whether `token` may be produced.
    public func allows(_ token: Int) -> Bool {
        switch self {
        case .all: true
        case .range(let range): range.contains(token)
        case .tokens(let tokens): tokens.contains(token)
        }
    }

    /// Sets every disallowed entry of the full-vocabulary `logits` to −∞.
    ///
    /// - Complexity: O(V) (plus O(k) for a list of k tokens).
    public func apply(to logits: inout [Float]) {
        switch self {
        case .all: return
        case .range(let range):
            for i in logits.indices where !range.contains(i) { logits[i] = -.infinity }
        case .tokens(let tokens):
            var kept = [Float](repeating: -.infinity, count: logits.count)
            for t in tokens where t >= 0 && t < logits.count { kept[t] = logits[t] }
            logits = kept
        }
    }

    /// Expands compact logits (one per allowed token, in mask order) to a full-vocabulary
    /// array with −∞ everywhere else.
    func expand(_ compact: [Float], vocabSize: Int) -> [Float] {
        switch self {
        case .all: return compact
        case .range(let range):
            var full = [Float](repeating: -.infinity, count: vocabSize)
            full.replaceSubrange(range, with: compact)
            return full
        case .tokens(let tokens):
            var full = [Float](repeating: -.infinity, count: vocabSize)
            for (t, value) in zip(tokens, compact) { full[t] = value }
            return full
        }
    }
}

/// The softmax of `logits` after applying `mask`: masked tokens get probability exactly 0.
///
/// - Throws: `ModelError.invalidMask` if the mask is invalid for `logits.count` tokens.
/// - Complexity: O(V).
public func maskedSoftmax(_ logits: [Float], mask: TokenMask) throws -> [Float] {
    try mask.validate(vocabSize: logits.count)
    var masked = logits
    mask.apply(to: &masked)
    let storage = FloatStorage(masked)
    softmaxForward(values: storage.all, rows: 1, width: masked.count)
    return storage.array
}
