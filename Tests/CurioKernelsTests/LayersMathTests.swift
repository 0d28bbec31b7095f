import Foundation
import Testing
@testable import CurioKernels

/// The SIMD exponential, masked softmax, AdamW and gradient clipping against plain
/// scalar references.
@Suite struct LayersMathTests {
    @Test func vectorExpIsAccurateAcrossTheRange() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let got = vectorExp(LayerVector(repeating: x))[0], want = Float(exp(Double(x)))
            worst = max(worst, abs(got - want) / want)
            x += 0.173
        }
        print("vectorExp: max relative error \(worst)")
        #expect(worst < 1e-6)
        #expect(vectorExp(LayerVector(repeating: -.infinity))[0] == 0)
    }

    @Test func softmaxGivesMaskedTokensExactlyZero() {
        let values: [Float] = [1, -.infinity, 3, 0.5, -.infinity] + (0..<20).map { Float($0) / 7 }
        let storage = FloatStorage(values)
        softmaxForward(values: storage.all, rows: 1, width: values.count)
        #expect(storage[1] == 0 && storage[4] == 0)
        #expect(abs(storage.array.reduce(0, +) - 1) < 1e-5)
        #expect(storage[2] > storage[0] && storage[0] > storage[3])
    }

    @Test func adamWMatchesScalarReference() {
        var random = TestRandom(seed: 8)
        let P = 37
        let theta = random.storage(P), m = FloatStorage(count: P), v = FloatStorage(count: P)
        var refTheta = theta.array.map(Double.init), refM = [Double](repeating: 0, count: P), refV = refM
        for step in 1...3 {
            let g = random.storage(P)
            let hyper = AdamWStep(learningRate: 0.01, weightDecay: 0.1, step: step)
            adamWUpdate(parameters: theta.all, gradients: g.all, firstMoment: m.all, secondMoment: v.all, hyper: hyper)
            for i in 0..<P {
                let gi = Double(g[i])
                refM[i] = 0.9 * refM[i] + 0.1 * gi
                refV[i] = 0.95 * refV[i] + 0.05 * gi * gi
                let mHat = refM[i] / (1 - pow(0.9, Double(step))), vHat = refV[i] / (1 - pow(0.95, Double(step)))
                refTheta[i] -= 0.01 * (mHat / (vHat.squareRoot() + 1e-8) + 0.1 * refTheta[i])
            }
        }
        let worst = zip(theta.array, refTheta).map { abs(Double($0) - $1) }.max() ?? 0
        print("adamW: worst difference to the Double reference \(worst)")
        #expect(worst < 1e-5)
    }

    @Test func clippingScalesToTheMaximumNormAndLeavesSmallGradients() {
        let g = FloatStorage((0..<40).map { Float($0 % 7) - 3 })
        let before = sumOfSquares(g.all).squareRoot()
        #expect(clipGradientNorm(g.all, maxNorm: 1) == before)
        #expect(abs(sumOfSquares(g.all).squareRoot() - 1) < 1e-5)
        let small = g.array
        clipGradientNorm(g.all, maxNorm: 10)
        #expect(g.array == small)
    }
}
