// Where dropout enters the training passes: the embedding output and each residual branch.
// Kept apart from +Forward/+Backward so those files read as the model without dropout,
// with one call at each place a mask applies.
//
// Dimensions: N = B·T rows, C channels.

import CurioKernels

extension TransformerModel {
    /// Draws every mask of a pass with `dropout` (nil or p = 0: none) and records it in the
    /// workspace for the backward pass.
    func prepareDropout(_ dropout: DropoutDraw?, workspace w: ActivationWorkspace) {
        w.dropout = dropout.flatMap { $0.isActive ? $0 : nil }
        guard let draw = w.dropout else { return }
        dropoutMask(w.dropoutMasks.all, probability: draw.probability, seed: draw.seed, threads: threads)
    }

    /// Applies mask `k` in place to the embedding output [N×C] (a no-op without dropout).
    func dropEmbeddings(_ x: FloatSlice, workspace w: ActivationWorkspace) {
        guard w.dropout != nil else { return }
        dropoutForward(output: x, input: x, mask: w.dropoutMask(0))
    }

    /// stream += dropout(input·Wᵀ) with mask `k`: a residual branch's output projection
    /// [N×inputs]·[C×inputs]ᵀ added back into the stream [N×C]. Without dropout the
    /// projection accumulates straight into the stream, exactly as before dropout existed.
    func addResidualBranch(into stream: FloatSlice, input: FloatSlice, weight: FloatSlice, inputs: Int,
                           mask k: Int, workspace w: ActivationWorkspace) {
        let N = w.rows, C = config.dModel
        guard w.dropout != nil else {
            linearForward(output: stream, input: input, weight: weight, rows: N, inputs: inputs, outputs: C,
                          accumulate: true, threads: threads)
            return
        }
        let branch = w.dropoutBranch.all
        linearForward(output: branch, input: input, weight: weight, rows: N, inputs: inputs, outputs: C, threads: threads)
        dropoutForward(output: stream, input: branch, mask: w.dropoutMask(k), accumulate: true)
    }

    /// The gradient reaching a dropped branch (or the embeddings) from the stream's gradient
    /// `dStream` [N×C]: dStream ⊙ mask `k`, or `dStream` itself without dropout.
    func branchGradient(_ dStream: FloatSlice, mask k: Int, workspace w: ActivationWorkspace) -> FloatSlice {
        guard w.dropout != nil else { return dStream }
        let dBranch = w.dropoutBranch.all
        dropoutBackward(dInput: dBranch, dOutput: dStream, mask: w.dropoutMask(k))
        return dBranch
    }
}
