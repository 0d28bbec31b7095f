// Bias addition and tanh, the two element-wise layers of the autoencoders in
// CurioGenerators (Mult-VAE), as forward/backward pairs on flat buffers.
//
// Dimensions: R rows (users in a batch), W features per row.

/// Adds `bias` to every row of `values`, in place.
///
/// - Parameters:
///   - values: [R×W]; bias: [W].
/// - Complexity: O(R·W).
public func biasForward(values: FloatSlice, bias: FloatSlice, rows R: Int, width W: Int) {
    values.require(R * W, "bias values"); bias.require(W, "bias")
    let v = values.pointer, b = bias.pointer
    for r in 0..<R { vectorAxpy(1, b, v + r * W, W) }
}

/// Backward of `biasForward`: dBias += Σ over rows of dValues (column sums).
///
/// - Parameters:
///   - dBias: [W], accumulated; dValues: [R×W].
/// - Complexity: O(R·W).
public func biasBackward(dBias: FloatSlice, dValues: FloatSlice, rows R: Int, width W: Int) {
    dBias.require(W, "bias dBias"); dValues.require(R * W, "bias dValues")
    let db = dBias.pointer, d = dValues.pointer
    for r in 0..<R { vectorAxpy(1, d + r * W, db, W) }
}

/// tanh of every element, in place.
///
/// tanh(x) = 1 − 2/(e^{2x} + 1) with the kernels' vector exp; inputs are clamped to
/// ±9, where tanh is ±1 to float precision, so e^{2x} never overflows.
/// Absolute error below 3e-7.
///
/// - Complexity: O(count).
public func tanhForward(values: FloatSlice) {
    let x = values.pointer, n = values.count
    let high = LayerVector(repeating: 9), low = LayerVector(repeating: -9)
    var i = 0
    while i + layerLanes <= n {
        var v = loadVector(x + i)
        v = v.replacing(with: high, where: v .> high)
        v = v.replacing(with: low, where: v .< low)
        storeVector(1 - 2 / (vectorExp(2 * v) + 1), x + i)
        i += layerLanes
    }
    while i < n {
        let v = min(9, max(-9, x[i]))
        x[i] = 1 - 2 / (scalarExp(2 * v) + 1)
        i += 1
    }
}

/// Backward of `tanhForward` from its output y: dValues ← dValues · (1 − y²), in place.
///
/// - Parameters:
///   - dValues: [count] gradient with respect to y in, with respect to x out.
///   - output: [count] the y that `tanhForward` produced.
/// - Complexity: O(count).
public func tanhBackward(dValues: FloatSlice, output: FloatSlice) {
    let n = dValues.count
    output.require(n, "tanh output")
    let d = dValues.pointer, y = output.pointer
    var i = 0
    while i + layerLanes <= n {
        let yv = loadVector(y + i)
        storeVector(loadVector(d + i) * (1 - yv * yv), d + i)
        i += layerLanes
    }
    while i < n { d[i] *= 1 - y[i] * y[i]; i += 1 }
}

/// values ← values · factor, in place.
///
/// - Complexity: O(count).
public func scaleInPlace(_ values: FloatSlice, by factor: Float) {
    vectorScale(values.pointer, factor, values.count)
}
