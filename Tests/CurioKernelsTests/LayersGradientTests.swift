import Foundation
import Testing
@testable import CurioKernels

/// Every layer kernel's backward pass against central finite differences of its forward
/// pass, for L = Σ output ⊙ R with a fixed random R.
@Suite struct LayersGradientTests {
    @Test func rmsNormBackwardMatchesFiniteDifferences() {
        var random = TestRandom(seed: 1)
        let N = 3, C = 20  // C = 16 + 4 exercises the SIMD tail.
        let x = random.storage(N * C), w = random.storage(C, 0.5, 1.5), r = random.storage(N * C)
        let y = FloatStorage(count: N * C), rstd = FloatStorage(count: N)
        func loss() -> Double {
            rmsNormForward(output: y.all, reciprocalRMS: rstd.all, input: x.all, weight: w.all, rows: N, channels: C, epsilon: 1e-5)
            return projectedLoss(y, r)
        }
        _ = loss()
        let dx = FloatStorage(count: N * C), dw = FloatStorage(count: C)
        rmsNormBackward(dInput: dx.all, dWeight: dw.all, dOutput: r.all, input: x.all, weight: w.all,
                        reciprocalRMS: rstd.all, rows: N, channels: C)
        #expect(checkGradient("rmsNorm dx", input: x, analytic: dx.array, loss: loss).mismatches.isEmpty)
        #expect(checkGradient("rmsNorm dw", input: w, analytic: dw.array, loss: loss).mismatches.isEmpty)
    }

    @Test func rotaryBackwardMatchesFiniteDifferencesAndPreservesNorms() {
        var random = TestRandom(seed: 2)
        let N = 6, T = 3, D = 8, stride = 3 * 16, width = 2 * 16
        let table = RotaryTable(contextLength: 8, headDim: D, theta: 10_000)
        let x = random.storage(N * stride), r = random.storage(N * stride)
        func loss() -> Double {
            let y = FloatStorage(x.array)
            rotaryForward(values: y.all, rows: N, rowStride: stride, width: width, sequenceLength: T, table: table)
            return projectedLoss(y, r)
        }
        let dx = FloatStorage(r.array)
        rotaryBackward(dValues: dx.all, rows: N, rowStride: stride, width: width, sequenceLength: T, table: table)
        // Columns past `width` (the values) are untouched, so their gradient is R itself.
        #expect(checkGradient("rotary dx", input: x, analytic: dx.array, loss: loss).mismatches.isEmpty)

        let y = FloatStorage(x.array)
        rotaryForward(values: y.all, rows: N, rowStride: stride, width: width, sequenceLength: T, table: table)
        for n in 0..<N {
            let before = (0..<width).map { x[n * stride + $0] }, after = (0..<width).map { y[n * stride + $0] }
            let ratio = after.map { $0 * $0 }.reduce(0, +) / before.map { $0 * $0 }.reduce(0, +)
            #expect(abs(ratio - 1) < 1e-5, "rotation changed the norm of row \(n) by \(ratio)")
        }
        // Position 0 is not rotated at all.
        #expect((0..<width).allSatisfy { y[$0] == x[$0] })
    }

    @Test func attentionBackwardMatchesFiniteDifferences() {
        var random = TestRandom(seed: 3)
        let B = 2, T = 5, C = 8, H = 2
        let qkv = random.storage(B * T * 3 * C), r = random.storage(B * T * C)
        let out = FloatStorage(count: B * T * C), att = FloatStorage(count: B * H * T * T)
        func loss() -> Double {
            attentionForward(output: out.all, probabilities: att.all, qkv: qkv.all, batch: B, sequenceLength: T,
                             channels: C, heads: H, threads: 2)
            return projectedLoss(out, r)
        }
        _ = loss()
        let dqkv = FloatStorage(count: B * T * 3 * C), datt = FloatStorage(count: B * H * T * T)
        attentionBackward(dQKV: dqkv.all, dProbabilities: datt.all, dOutput: r.all, qkv: qkv.all, probabilities: att.all,
                          batch: B, sequenceLength: T, channels: C, heads: H, threads: 2)
        #expect(checkGradient("attention dqkv", input: qkv, analytic: dqkv.array, loss: loss).mismatches.isEmpty)
        // Causality: every probability row sums to 1 and the future gets exactly 0.
        for row in 0..<(B * H * T) {
            let t = row % T
            let p = (0..<T).map { att[row * T + $0] }
            #expect(abs(p.reduce(0, +) - 1) < 1e-5)
            #expect(p[(t + 1)...].allSatisfy { $0 == 0 })
        }
    }

    @Test func swiGLUBackwardMatchesFiniteDifferences() {
        var random = TestRandom(seed: 4)
        let N = 3, F = 20
        let gu = random.storage(N * 2 * F, -3, 3), r = random.storage(N * F)
        let h = FloatStorage(count: N * F)
        func loss() -> Double {
            swiGLUForward(hidden: h.all, gateUp: gu.all, rows: N, hiddenWidth: F)
            return projectedLoss(h, r)
        }
        let dgu = FloatStorage(count: N * 2 * F)
        swiGLUBackward(dGateUp: dgu.all, dHidden: r.all, gateUp: gu.all, rows: N, hiddenWidth: F)
        #expect(checkGradient("swiGLU dgateUp", input: gu, analytic: dgu.array, loss: loss).mismatches.isEmpty)
    }

    @Test func crossEntropyBackwardMatchesFiniteDifferences() {
        var random = TestRandom(seed: 5)
        let R = 4, W = 37
        let logits = random.storage(R * W, -4, 4)
        let targets: [Int32] = [0, 36, 17, 5]
        let weight = 1 / Float(R)
        func loss() -> Double {
            let p = FloatStorage(logits.array), losses = FloatStorage(count: R)
            crossEntropyForward(probabilities: p.all, losses: losses.all, targets: targets, rows: R, width: W, threads: 2)
            return losses.array.reduce(0) { $0 + Double($1) } * Double(weight)
        }
        let d = FloatStorage(logits.array), losses = FloatStorage(count: R)
        crossEntropyForward(probabilities: d.all, losses: losses.all, targets: targets, rows: R, width: W)
        // The loss is −log softmax, computed here independently in Double.
        for r in 0..<R {
            let row = (0..<W).map { Double(logits[r * W + $0]) }
            let expected = log(row.map { exp($0) }.reduce(0, +)) - row[Int(targets[r])]
            #expect(abs(Double(losses[r]) - expected) < 1e-5)
        }
        crossEntropyBackward(dLogits: d.all, targets: targets, rows: R, width: W, weight: weight, threads: 2)
        #expect(checkGradient("crossEntropy dlogits", input: logits, analytic: d.array, floor: 1e-3, loss: loss).mismatches.isEmpty)
    }

    /// Distillation: with a share a of each row learnt from a teacher's distribution q,
    /// the loss is −Σ ((1−a)·onehot + a·q) · log softmax, and its gradient is what
    /// `crossEntropyBackward` then `softTargetBackward` leave.
    @Test func softTargetBackwardMatchesFiniteDifferencesOfTheMixedLoss() {
        var random = TestRandom(seed: 9)
        let R = 3, W = 29, share: Float = 0.7
        let logits = random.storage(R * W, -4, 4)
        let teacher = FloatStorage(random.storage(R * W, -3, 3).array)
        softmaxForward(values: teacher.all, rows: R, width: W)
        let targets: [Int32] = [4, 0, 28]
        let weight = 1 / Float(R)
        func loss() -> Double {
            var total = 0.0
            for r in 0..<R {
                let row = (0..<W).map { Double(logits[r * W + $0]) }
                let logZ = log(row.map { exp($0) }.reduce(0, +))
                for i in 0..<W {
                    let t = (1 - Double(share)) * (i == Int(targets[r]) ? 1 : 0) + Double(share) * Double(teacher[r * W + i])
                    total -= t * (row[i] - logZ)
                }
            }
            return total * Double(weight)
        }
        let d = FloatStorage(logits.array), losses = FloatStorage(count: R)
        crossEntropyForward(probabilities: d.all, losses: losses.all, targets: targets, rows: R, width: W)
        crossEntropyBackward(dLogits: d.all, targets: targets, rows: R, width: W, weight: weight)
        softTargetBackward(dLogits: d.all, softTargets: teacher.all, targets: targets, share: share, rows: R, width: W,
                           weight: weight)
        #expect(checkGradient("soft-target dlogits", input: logits, analytic: d.array, floor: 1e-3, loss: loss).mismatches.isEmpty)
    }

    @Test func linearBackwardMatchesFiniteDifferences() {
        var random = TestRandom(seed: 6)
        let N = 3, I = 18, O = 7
        let x = random.storage(N * I), w = random.storage(O * I), r = random.storage(N * O)
        let y = FloatStorage(count: N * O)
        func loss() -> Double {
            linearForward(output: y.all, input: x.all, weight: w.all, rows: N, inputs: I, outputs: O)
            return projectedLoss(y, r)
        }
        let dx = FloatStorage(count: N * I), dw = FloatStorage(count: O * I)
        linearBackward(dInput: dx.all, dWeight: dw.all, dOutput: r.all, input: x.all, weight: w.all,
                       rows: N, inputs: I, outputs: O)
        #expect(checkGradient("linear dx", input: x, analytic: dx.array, loss: loss).mismatches.isEmpty)
        #expect(checkGradient("linear dw", input: w, analytic: dw.array, loss: loss).mismatches.isEmpty)

        // The one-row decode kernel agrees with the GEMM path, tails included.
        let row = FloatStorage(count: O)
        linearRowForward(output: row.all, input: x.slice(I, I), weight: w.all, inputs: I, outputs: O)
        _ = loss()
        for o in 0..<O { #expect(abs(row[o] - y[O + o]) < 1e-5) }
    }

    @Test func embeddingBackwardAccumulatesRepeatedTokens() {
        var random = TestRandom(seed: 7)
        let V = 5, C = 4
        let table = random.storage(V * C), tokens: [Int32] = [3, 1, 3]
        let out = FloatStorage(count: 3 * C)
        embeddingForward(output: out.all, table: table.all, tokens: tokens, channels: C)
        #expect(out.slice(0, C).array == table.slice(3 * C, C).array)
        let dOut = FloatStorage((0..<(3 * C)).map(Float.init)), dTable = FloatStorage(count: V * C)
        embeddingBackward(dTable: dTable.all, dOutput: dOut.all, tokens: tokens, channels: C)
        #expect(dTable.slice(3 * C, C).array == (0..<C).map { Float($0) + Float(2 * C + $0) })
        #expect(dTable.slice(0, C).array == [0, 0, 0, 0])
    }
}
