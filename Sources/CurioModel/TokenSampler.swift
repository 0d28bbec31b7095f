// Choosing tokens from logits. The order of the filters is fixed and documented once:
//   1. mask      disallowed tokens are already −∞ (TokenMask.apply / KVCache.nextTokenLogits)
//   2. top-k     keep the k largest logits, −∞ the rest
//   3. temperature  divide by T (T = 0: take the argmax, no randomness)
//   4. softmax and one draw from the explicit seeded generator

import Foundation

/// Draws the next token from (already masked) logits.
public struct TokenSampler: Sendable, Equatable {
    /// Softmax temperature; 0 means greedy (argmax, ties to the lower token id).
    public var temperature: Float
    /// Keep only the k most likely tokens before sampling; nil keeps all.
    public var topK: Int?

    /// A sampler; the default is greedy decoding.
    public init(temperature: Float = 0, topK: Int? = nil) {
        self.temperature = temperature
        self.topK = topK
    }

    /// One token id drawn from `logits` (one entry per vocabulary token, −∞ = masked).
    ///
    /// - Throws: `ModelError.invalidMask` if every token is masked, or the temperature or
    ///   top-k is negative / zero.
    /// - Complexity: O(V log k).
    public func sample(_ logits: [Float], using random: inout ModelRandom) throws -> Int {
        guard temperature >= 0, temperature.isFinite else {
            throw ModelError.invalidMask("temperature must be a finite number ≥ 0, got \(temperature)")
        }
        if let topK, topK < 1 { throw ModelError.invalidMask("top-k must be at least 1, got \(topK)") }
        let candidates = topTokens(logits, count: temperature == 0 ? 1 : (topK ?? logits.count))
        guard let best = candidates.first else {
            throw ModelError.invalidMask("every token is masked; nothing can be generated")
        }
        if temperature == 0 || candidates.count == 1 { return best }
        // Softmax over the survivors in Double, relative to the best logit.
        let peak = Double(logits[best])
        let weights = candidates.map { exp((Double(logits[$0]) - peak) / Double(temperature)) }
        var threshold = random.nextUnit() * weights.reduce(0, +)
        for (token, weight) in zip(candidates, weights) {
            threshold -= weight
            if threshold < 0 { return token }
        }
        return candidates[candidates.count - 1]
    }
}

/// The ids of the `count` largest finite-or-+∞ logits, largest first; ties go to the lower
/// id, masked (−∞) and NaN entries are never returned. Used to rank items after a prompt.
///
/// - Complexity: O(V log count) with a bounded insertion for small `count`; O(V log V) otherwise.
public func topTokens(_ logits: [Float], count: Int) -> [Int] {
    guard count > 0 else { return [] }
    func before(_ a: Int, _ b: Int) -> Bool { logits[a] > logits[b] || (logits[a] == logits[b] && a < b) }
    let eligible = logits.indices.lazy.filter { logits[$0] > -.infinity }
    if count * 8 >= logits.count {
        return Array(eligible.sorted(by: before).prefix(count))
    }
    var best: [Int] = []
    best.reserveCapacity(count + 1)
    for token in eligible {
        if best.count == count, !before(token, best[count - 1]) { continue }
        // Binary search for the insertion point keeps `best` sorted.
        var low = 0, high = best.count
        while low < high {
            let mid = (low + high) / 2
            if before(best[mid], token) { low = mid + 1 } else { high = mid }
        }
        best.insert(token, at: low)
        if best.count > count { best.removeLast() }
    }
    return best
}
