// Root-mean-square layer normalisation (Zhang & Sennrich, "Root Mean Square Layer
// Normalization", NeurIPS 2019): y = x / rms(x) · w, with no mean subtraction and no bias.
//
// Dimensions: N rows (batch × time), C channels.

/// Normalises each of the N rows of `input` and scales by `weight`.
///
/// - Parameters:
///   - output: [N×C] normalised rows; may not alias `input`.
///   - reciprocalRMS: [N] 1/rms per row, kept for the backward pass.
///   - input: [N×C].
///   - weight: [C] per-channel gain.
/// - Complexity: O(N·C).
public func rmsNormForward(output: FloatSlice, reciprocalRMS: FloatSlice, input: FloatSlice,
                           weight: FloatSlice, rows N: Int, channels C: Int, epsilon: Float) {
    output.require(N * C, "rmsNorm output"); input.require(N * C, "rmsNorm input")
    reciprocalRMS.require(N, "rmsNorm reciprocalRMS"); weight.require(C, "rmsNorm weight")
    let x = input.pointer, y = output.pointer, w = weight.pointer, rstd = reciprocalRMS.pointer
    for n in 0..<N {
        let row = x + n * C, out = y + n * C
        let r = 1 / (vectorDot(row, row, C) / Float(C) + epsilon).squareRoot()
        rstd[n] = r
        var c = 0
        while c + layerLanes <= C {
            storeVector(loadVector(row + c) * r * loadVector(w + c), out + c)
            c += layerLanes
        }
        while c < C { out[c] = row[c] * r * w[c]; c += 1 }
    }
}

/// Backward of `rmsNormForward`: accumulates into `dInput` and `dWeight`.
///
/// With g = dy ⊙ w and r = 1/rms(x): dx = r·g − x·r³·(g·x)/C, dw = Σ_rows dy ⊙ x·r.
/// Accumulating (`+=`) lets the residual stream's gradient flow straight through.
///
/// - Parameters:
///   - dInput: [N×C] gradient w.r.t. the input, accumulated.
///   - dWeight: [C] gradient w.r.t. the gain, accumulated.
///   - dOutput: [N×C] incoming gradient.
///   - input: [N×C] the forward input.
///   - weight: [C]; reciprocalRMS: [N] from the forward pass.
/// - Complexity: O(N·C).
public func rmsNormBackward(dInput: FloatSlice, dWeight: FloatSlice, dOutput: FloatSlice,
                            input: FloatSlice, weight: FloatSlice, reciprocalRMS: FloatSlice,
                            rows N: Int, channels C: Int) {
    dInput.require(N * C, "rmsNorm dInput"); dOutput.require(N * C, "rmsNorm dOutput")
    input.require(N * C, "rmsNorm input"); dWeight.require(C, "rmsNorm dWeight")
    weight.require(C, "rmsNorm weight"); reciprocalRMS.require(N, "rmsNorm reciprocalRMS")
    let dx = dInput.pointer, dw = dWeight.pointer, dy = dOutput.pointer
    let x = input.pointer, w = weight.pointer, rstd = reciprocalRMS.pointer
    for n in 0..<N {
        let xRow = x + n * C, dyRow = dy + n * C, dxRow = dx + n * C
        let r = rstd[n]
        // (g·x) with g = dy ⊙ w, as one SIMD reduction.
        var acc = LayerVector(), c = 0
        while c + layerLanes <= C {
            acc.addProduct(loadVector(dyRow + c) * loadVector(w + c), loadVector(xRow + c))
            c += layerLanes
        }
        var gx = acc.sum()
        while c < C { gx += dyRow[c] * w[c] * xRow[c]; c += 1 }
        let k = r * r * r * gx / Float(C)
        c = 0
        while c + layerLanes <= C {
            let dyv = loadVector(dyRow + c), xv = loadVector(xRow + c)
            storeVector(loadVector(dxRow + c) + r * dyv * loadVector(w + c) - k * xv, dxRow + c)
            storeVector(loadVector(dw + c) + dyv * xv * r, dw + c)
            c += layerLanes
        }
        while c < C {
            dxRow[c] += r * dyRow[c] * w[c] - k * xRow[c]
            dw[c] += dyRow[c] * xRow[c] * r
            c += 1
        }
    }
}
