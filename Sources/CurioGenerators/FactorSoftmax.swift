// The all-item softmax the generator's policy and the MF pretraining loss share.
//
// Items already in the history are out of the running (evaluation and chat never
// recommend them), so they get probability zero and no gradient.

import Foundation

/// Turns each row of `scores` ([rows×n]) into p(i | H) = softmax(score/τ) over the items
/// not in that row's history, in place; history items get probability 0.
///
/// - Complexity: O(rows·n).
func maskedSoftmax(_ scores: inout [Float], rows: Int, itemCount n: Int, histories: [[Int]], temperature: Float) {
    let inverse = 1 / temperature
    for b in 0..<rows {
        let row = b * n
        for j in histories[b] { scores[row + j] = -.infinity }
        var largest = -Float.infinity
        for i in 0..<n { largest = max(largest, scores[row + i]) }
        var total: Float = 0
        for i in 0..<n {
            let e = scores[row + i] == -.infinity ? 0 : Foundation.exp((scores[row + i] - largest) * inverse)
            scores[row + i] = e
            total += e
        }
        let scale = 1 / total
        for i in 0..<n { scores[row + i] *= scale }
    }
}

/// log(1 + eˣ), computed without overflow for large x.
@inline(__always)
func softplus(_ x: Float) -> Float {
    x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
}

/// σ(x) = 1 / (1 + e⁻ˣ).
@inline(__always)
func sigmoid(_ x: Float) -> Float {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
}
