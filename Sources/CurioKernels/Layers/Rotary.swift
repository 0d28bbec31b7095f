// Rotary position embeddings (Su et al., "RoFormer: Enhanced Transformer with Rotary
// Position Embedding", 2021), applied to queries and keys in place.
//
// Each head's D channels form D/2 pairs (2i, 2i+1) (llama2.c's interleaved convention);
// pair i at position p is rotated by angle p·θ^(−2i/D). A rotation is orthogonal, so the
// backward pass is the same rotation by the negative angle, applied to the gradients.
//
// Dimensions: N rows, T positions per sequence, P = contextLength, D head width.

import Foundation

/// Precomputed cos/sin of every (position, pair) angle up to the context length.
public struct RotaryTable: Sendable {
    /// [P×D/2] cos(p·θ^(−2i/D)).
    let cosines: FloatStorage
    /// [P×D/2] sin(p·θ^(−2i/D)).
    let sines: FloatStorage
    /// Positions covered.
    public let contextLength: Int
    /// Width of one head; must be even.
    public let headDim: Int

    /// Builds the table; angles are computed in Double so long contexts stay accurate.
    ///
    /// - Complexity: O(contextLength · headDim).
    public init(contextLength P: Int, headDim D: Int, theta: Float) {
        precondition(D % 2 == 0 && D > 0, "rotary embeddings need an even head width, got \(D)")
        contextLength = P
        headDim = D
        cosines = FloatStorage(count: P * D / 2)
        sines = FloatStorage(count: P * D / 2)
        for p in 0..<P {
            for i in 0..<(D / 2) {
                let angle = Double(p) * pow(Double(theta), -2 * Double(i) / Double(D))
                cosines[p * D / 2 + i] = Float(cos(angle))
                sines[p * D / 2 + i] = Float(sin(angle))
            }
        }
    }
}

/// Rotates the first `width` columns of each row (a run of heads) by its position.
///
/// Row n is at position `startPosition + n % T`. In training T is the sequence length;
/// when decoding one sequence pass T = N.
///
/// - Parameters:
///   - values: rows of `rowStride` floats; columns 0..<width are rotated in place
///     (width = a multiple of D, e.g. queries and keys side by side: 2·C).
///   - direction: +1 for the forward pass, −1 for the backward pass (inverse rotation).
/// - Complexity: O(N·width).
func rotaryApply(values: FloatSlice, rows N: Int, rowStride: Int, width: Int, sequenceLength T: Int,
                 startPosition: Int, table: RotaryTable, direction: Float) {
    let D = table.headDim, half = D / 2
    precondition(width % D == 0, "rotary width \(width) is not a multiple of the head width \(D)")
    precondition(startPosition + min(T, N) <= table.contextLength,
                 "positions up to \(startPosition + min(T, N)) exceed the rotary table's \(table.contextLength)")
    values.require((N - 1) * rowStride + width, "rotary values")
    let v = values.pointer, cosTable = table.cosines.base, sinTable = table.sines.base
    for n in 0..<N {
        let position = startPosition + n % T
        let c = cosTable + position * half, s = sinTable + position * half
        let row = v + n * rowStride
        var head = 0
        while head < width {
            let h = row + head
            for i in 0..<half {
                let x0 = h[2 * i], x1 = h[2 * i + 1]
                let sn = direction * s[i]
                h[2 * i] = x0 * c[i] - x1 * sn
                h[2 * i + 1] = x0 * sn + x1 * c[i]
            }
            head += D
        }
    }
}

/// Applies rotary position embeddings in place (see `rotaryApply`).
///
/// - Parameters:
///   - values: [N×rowStride], columns 0..<width rotated (queries then keys).
/// - Complexity: O(N·width).
public func rotaryForward(values: FloatSlice, rows N: Int, rowStride: Int, width: Int,
                          sequenceLength T: Int, startPosition: Int = 0, table: RotaryTable) {
    rotaryApply(values: values, rows: N, rowStride: rowStride, width: width, sequenceLength: T,
                startPosition: startPosition, table: table, direction: 1)
}

/// Backward of `rotaryForward`: rotates gradients in place by the negative angles.
///
/// - Parameters:
///   - dValues: [N×rowStride] gradients w.r.t. the rotated outputs, turned in place into
///     gradients w.r.t. the inputs.
/// - Complexity: O(N·width).
public func rotaryBackward(dValues: FloatSlice, rows N: Int, rowStride: Int, width: Int,
                           sequenceLength T: Int, startPosition: Int = 0, table: RotaryTable) {
    rotaryApply(values: dValues, rows: N, rowStride: rowStride, width: width, sequenceLength: T,
                startPosition: startPosition, table: table, direction: -1)
}
