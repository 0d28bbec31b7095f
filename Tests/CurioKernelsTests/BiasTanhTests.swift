import Foundation
import Testing
@testable import CurioKernels

/// The autoencoders' element-wise layers: tanh against libm, and both backward passes
/// against finite differences (L = Σ output ⊙ R with a fixed random R).
@Suite struct BiasTanhTests {
    @Test func tanhMatchesLibmAcrossTheRangeAndSaturates() {
        let inputs: [Float] = stride(from: -12, through: 12, by: 0.037).map { $0 } + [0, -0, 1e-8, -30, 30]
        let values = FloatStorage(inputs)  // 654 + 5: exercises the SIMD tail
        tanhForward(values: values.all)
        let worst = zip(inputs, values.array).map { abs(Double($1) - tanh(Double($0))) }.max()!
        #expect(worst < 3e-7, "worst |tanh error| \(worst)")
        #expect(abs(values[inputs.count - 1] - 1) < 1e-7 && abs(values[inputs.count - 2] + 1) < 1e-7)  // no overflow at ±30
    }

    @Test func tanhBackwardMatchesFiniteDifferences() {
        var random = TestRandom(seed: 5)
        let count = 37
        let x = random.storage(count, -2, 2), r = random.storage(count)
        let y = FloatStorage(count: count)
        func loss() -> Double {
            y.all.copy(from: x.all)
            tanhForward(values: y.all)
            return projectedLoss(y, r)
        }
        _ = loss()
        let d = FloatStorage(r.array)
        tanhBackward(dValues: d.all, output: y.all)
        #expect(checkGradient("tanh dx", input: x, analytic: d.array, loss: loss).mismatches.isEmpty)
    }

    @Test func biasBackwardSumsTheRowsOfTheGradient() {
        var random = TestRandom(seed: 6)
        let R = 3, W = 21
        let values = random.storage(R * W), bias = random.storage(W), r = random.storage(R * W)
        let y = FloatStorage(count: R * W)
        func loss() -> Double {
            y.all.copy(from: values.all)
            biasForward(values: y.all, bias: bias.all, rows: R, width: W)
            return projectedLoss(y, r)
        }
        _ = loss()
        for row in 0..<R {
            for column in 0..<W { #expect(y[row * W + column] == values[row * W + column] + bias[column]) }
        }
        let dBias = FloatStorage(count: W)
        biasBackward(dBias: dBias.all, dValues: r.all, rows: R, width: W)
        #expect(checkGradient("bias db", input: bias, analytic: dBias.array, loss: loss).mismatches.isEmpty)
    }
}
