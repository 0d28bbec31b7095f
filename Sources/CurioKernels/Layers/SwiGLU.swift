// The SwiGLU gate of the MLP (Shazeer, "GLU Variants Improve Transformer", 2020):
// hidden = silu(gate) ⊙ up, with silu(g) = g·σ(g). The two projections that produce gate
// and up are one fused GEMM writing [N×2F]; this file is only the element-wise part.
//
// Dimensions: N rows, F hidden width.

/// Loads `count` (< 16) floats into the low lanes of a vector, zeros elsewhere.
@inline(__always) private func loadPartial(_ p: UnsafePointer<Float>, _ count: Int) -> LayerVector {
    var v = LayerVector()
    for i in 0..<count { v[i] = p[i] }
    return v
}

@inline(__always) private func storePartial(_ v: LayerVector, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    for i in 0..<count { p[i] = v[i] }
}

@inline(__always) private func sigmoid(_ g: LayerVector) -> LayerVector {
    1 / (1 + vectorExp(-g))
}

/// hidden = silu(gate) ⊙ up, row by row.
///
/// - Parameters:
///   - hidden: [N×F].
///   - gateUp: [N×2F], gate in columns 0..<F, up in F..<2F.
/// - Complexity: O(N·F).
public func swiGLUForward(hidden: FloatSlice, gateUp: FloatSlice, rows N: Int, hiddenWidth F: Int,
                          threads: Int = 1) {
    hidden.require(N * F, "swiGLU hidden"); gateUp.require(N * 2 * F, "swiGLU gateUp")
    let out = hidden.pointer, gu = gateUp.pointer
    layerParallel(N, threads: threads) { rows in
        for n in rows {
            let gate = gu + n * 2 * F, up = gate + F, row = out + n * F
            var f = 0
            while f + layerLanes <= F {
                let g = loadVector(gate + f)
                storeVector(g * sigmoid(g) * loadVector(up + f), row + f)
                f += layerLanes
            }
            if f < F {
                let g = loadPartial(gate + f, F - f)
                storePartial(g * sigmoid(g) * loadPartial(up + f, F - f), row + f, F - f)
            }
        }
    }
}

/// Backward of `swiGLUForward`; overwrites `dGateUp`.
///
/// d gate = dh ⊙ up ⊙ σ(g)·(1 + g·(1 − σ(g))), d up = dh ⊙ silu(g).
///
/// - Parameters:
///   - dGateUp: [N×2F] gradient w.r.t. gate and up, overwritten.
///   - dHidden: [N×F] incoming gradient; gateUp: [N×2F] from the forward pass.
/// - Complexity: O(N·F).
public func swiGLUBackward(dGateUp: FloatSlice, dHidden: FloatSlice, gateUp: FloatSlice,
                           rows N: Int, hiddenWidth F: Int, threads: Int = 1) {
    dGateUp.require(N * 2 * F, "swiGLU dGateUp"); dHidden.require(N * F, "swiGLU dHidden")
    gateUp.require(N * 2 * F, "swiGLU gateUp")
    let dgu = dGateUp.pointer, dh = dHidden.pointer, gu = gateUp.pointer
    layerParallel(N, threads: threads) { rows in
        for n in rows {
            let gate = gu + n * 2 * F, up = gate + F
            let dGate = dgu + n * 2 * F, dUp = dGate + F, dRow = dh + n * F
            var f = 0
            while f + layerLanes <= F {
                let g = loadVector(gate + f), u = loadVector(up + f), d = loadVector(dRow + f)
                let s = sigmoid(g)
                storeVector(d * u * s * (1 + g * (1 - s)), dGate + f)
                storeVector(d * g * s, dUp + f)
                f += layerLanes
            }
            if f < F {
                let tail = F - f
                let g = loadPartial(gate + f, tail), u = loadPartial(up + f, tail)
                let d = loadPartial(dRow + f, tail), s = sigmoid(g)
                storePartial(d * u * s * (1 + g * (1 - s)), dGate + f, tail)
                storePartial(d * g * s, dUp + f, tail)
            }
        }
    }
}
