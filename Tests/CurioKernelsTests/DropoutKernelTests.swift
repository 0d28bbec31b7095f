import Testing
@testable import CurioKernels

/// Inverted dropout's mask: the right share dropped, unbiased, fixed by its seed alone.
@Suite struct DropoutKernelTests {
    @Test func maskDropsTheRequestedShareAndKeepsTheMeanAtOne() {
        let n = 200_003  // not a multiple of 4 or 16: the tails are covered
        for p: Float in [0.1, 0.3, 0.5] {
            let mask = FloatStorage(count: n)
            dropoutMask(mask.all, probability: p, seed: 42, threads: 2)
            let values = mask.array
            let dropped = Double(values.filter { $0 == 0 }.count) / Double(n)
            let mean = values.reduce(0, { $0 + Double($1) }) / Double(n)
            // Binomial standard deviation of the share is ≤ 0.0012 here; allow 4 of them.
            #expect(abs(dropped - Double(p)) < 0.005, "p \(p): dropped \(dropped)")
            #expect(abs(mean - 1) < 0.01, "p \(p): mean \(mean)")
            #expect(Set(values).count == 2, "p \(p): a mask holds only 0 and 1/(1-p)")
            #expect(abs(values.max()! - 1 / (1 - p)) < 1e-4)
        }
    }

    @Test func theSeedAloneFixesTheMask() {
        func mask(seed: UInt64, threads: Int) -> [Float] {
            let storage = FloatStorage(count: 1_001)
            dropoutMask(storage.all, probability: 0.2, seed: seed, threads: threads)
            return storage.array
        }
        #expect(mask(seed: 7, threads: 1) == mask(seed: 7, threads: 2))
        #expect(mask(seed: 7, threads: 2) == mask(seed: 7, threads: 2))
        #expect(mask(seed: 7, threads: 1) != mask(seed: 8, threads: 1))
        let zero = FloatStorage(count: 100)
        dropoutMask(zero.all, probability: 0, seed: 7)
        #expect(zero.array.allSatisfy { $0 == 1 })
    }

    @Test func forwardScalesOrAccumulatesAndBackwardMasksTheGradient() {
        var random = TestRandom(seed: 3)
        let n = 37
        let input = random.storage(n), base = random.storage(n), dOutput = random.storage(n)
        let mask = FloatStorage(count: n)
        dropoutMask(mask.all, probability: 0.4, seed: 5)
        let output = FloatStorage(count: n)
        dropoutForward(output: output.all, input: input.all, mask: mask.all)
        let accumulated = FloatStorage(base.array)
        dropoutForward(output: accumulated.all, input: input.all, mask: mask.all, accumulate: true)
        let dInput = FloatStorage(count: n)
        dropoutBackward(dInput: dInput.all, dOutput: dOutput.all, mask: mask.all)
        for i in 0..<n {
            #expect(output[i] == input[i] * mask[i])
            #expect(abs(accumulated[i] - (base[i] + input[i] * mask[i])) < 1e-6)
            // The forward is linear in its input, so its gradient is the mask itself.
            #expect(dInput[i] == dOutput[i] * mask[i])
        }
        #expect(mask.array.contains(0) && mask.array.contains { $0 > 1 })
    }
}
