// Inverted dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks
// from Overfitting", JMLR 2014): during training each activation is zeroed with probability
// p and the survivors are scaled by 1/(1−p), so the expected activation is unchanged and
// inference needs no rescaling — it simply skips dropout.
//
// The mask is counter-based (the idea of Salmon et al., "Parallel Random Numbers: As Easy
// as 1, 2, 3", SC 2011): element i's fate is a hash of (seed, i), not the next draw of a
// stateful generator. So a mask is fixed by its seed alone, whatever the thread count, and
// the backward pass can be handed the very mask the forward pass used.
//
// Dimensions: n elements (any flat activation buffer).

/// SplitMix64's output function (Steele, Lea & Flood, "Fast Splittable Pseudorandom Number
/// Generators", OOPSLA 2014): a bijective 64-bit mix whose outputs pass BigCrush for
/// consecutive inputs.
@inline(__always) private func splitMix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Fills `mask` with an inverted-dropout mask: each entry is 0 with probability
/// `probability` and 1/(1−p′) otherwise, where p′ is `probability` rounded to a multiple of
/// 2⁻¹⁶ (each 64-bit hash decides four entries, 16 bits each), so E[mask] = 1 exactly.
///
/// The same `seed` gives the same mask on every machine and for any `threads`.
///
/// - Parameters:
///   - mask: [n] output, overwritten.
///   - probability: drop probability in [0, 1); 0 gives a mask of ones.
///   - seed: fixes the mask; use a fresh one per step.
/// - Complexity: O(n).
public func dropoutMask(_ mask: FloatSlice, probability: Float, seed: UInt64, threads: Int = 1) {
    precondition(probability >= 0 && probability < 1, "dropout probability \(probability) outside [0, 1)")
    let threshold = UInt64((Double(probability) * 65_536).rounded())
    let kept = 1 / Float(1 - Double(threshold) / 65_536)
    let n = mask.count, out = mask.pointer
    let groups = (n + 3) / 4
    // Chunks of whole groups: every element's value depends on its index only.
    layerParallel(groups, threads: threads) { range in
        for group in range {
            let bits = splitMix64(seed ^ (UInt64(group) &* 0xD1B5_4A32_D192_ED03))
            let first = group * 4
            for k in 0..<min(4, n - first) {
                let field = (bits >> UInt64(16 * k)) & 0xFFFF
                out[first + k] = field < threshold ? 0 : kept
            }
        }
    }
}

/// output = input ⊙ mask, or output += input ⊙ mask when `accumulate` (a residual branch
/// added back into the stream). `output` may be `input` itself.
///
/// - Parameters:
///   - output, input, mask: [n] each.
/// - Complexity: O(n).
public func dropoutForward(output: FloatSlice, input: FloatSlice, mask: FloatSlice, accumulate: Bool = false) {
    let n = input.count
    output.require(n, "dropout output"); mask.require(n, "dropout mask")
    let out = output.pointer, x = input.pointer, m = mask.pointer
    var i = 0
    if accumulate {
        while i + layerLanes <= n {
            storeVector(loadVector(out + i) + loadVector(x + i) * loadVector(m + i), out + i); i += layerLanes
        }
        while i < n { out[i] += x[i] * m[i]; i += 1 }
    } else {
        while i + layerLanes <= n { storeVector(loadVector(x + i) * loadVector(m + i), out + i); i += layerLanes }
        while i < n { out[i] = x[i] * m[i]; i += 1 }
    }
}

/// Backward of `dropoutForward`: dInput = dOutput ⊙ mask (dropped entries get no gradient,
/// kept ones the same 1/(1−p) scale). `dInput` may be `dOutput` itself.
///
/// - Complexity: O(n).
public func dropoutBackward(dInput: FloatSlice, dOutput: FloatSlice, mask: FloatSlice) {
    dropoutForward(output: dInput, input: dOutput, mask: mask)
}
