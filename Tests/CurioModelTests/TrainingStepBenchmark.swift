import Foundation
import Testing
@testable import CurioModel

/// Seconds per training step at the reference shape (d_model 256, 4 layers, vocabulary
/// 16,384, batch 16×256). Minutes of CPU, so it runs only on request:
/// `CURIO_MODEL_BENCH=1 swift test --filter TrainingStepBenchmark`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["CURIO_MODEL_BENCH"] != nil,
                "set CURIO_MODEL_BENCH=1 to time training steps"))
struct TrainingStepBenchmark {
    static func batch(itemShare: Int) throws -> TrainingBatch {
        var random = ModelRandom(seed: 1)
        let B = 16, T = 256, V = 16_384, items = 7_000..<16_384
        var tokens: [Int32] = [], targets: [Int32] = [], subsets: [SoftmaxSubset] = []
        for n in 0..<(B * T) {
            tokens.append(Int32(random.next() % UInt64(V)))
            if n % 100 < itemShare {
                targets.append(Int32(items.lowerBound + Int(random.next() % UInt64(items.count)))); subsets.append(.items)
            } else {
                targets.append(Int32(random.next() % UInt64(V))); subsets.append(.fullVocabulary)
            }
        }
        return try TrainingBatch(batchSize: B, sequenceLength: T, tokens: tokens, targets: targets,
                                 subsets: subsets, itemRange: items)
    }

    @Test(arguments: [0, 100])
    func referenceShapeStep(itemShare: Int) throws {
        let config = ModelConfig(vocabSize: 16_384, dModel: 256, layers: 4, heads: 4, ffnHidden: 768, contextLength: 256)
        let threads = Int(ProcessInfo.processInfo.environment["CURIO_THREADS"] ?? "") ?? 2
        let model = try TransformerModel(config: config, seed: 1, threads: threads)
        let trainer = try ModelTrainer(model: model, batchSize: 16, sequenceLength: 256,
                                   schedule: LearningRateSchedule(peak: 1e-3, warmupSteps: 10, totalSteps: 100))
        let batch = try Self.batch(itemShare: itemShare)
        _ = try trainer.step(batch)  // warm-up: page in the buffers
        // CPU seconds too: on a shared, oversubscribed machine wall time mostly measures the
        // neighbours, while CPU time / threads estimates the step on quiet cores.
        func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }  // all threads
        var times: [Double] = [], cpu: [Double] = []
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds, startCPU = cpuSeconds()
            _ = try trainer.step(batch)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpu.append(cpuSeconds() - startCPU)
        }
        let median = times.sorted()[times.count / 2], medianCPU = cpu.sorted()[cpu.count / 2]
        print("training step, \(itemShare)% item-restricted positions, \(threads) threads: median \(median) s wall "
              + "(\(Int(4096 / median)) tokens/s), \(medianCPU) s CPU; runs \(times.map { String(format: "%.3f", $0) })")
    }

    @Test func referenceShapeDecoding() throws {
        let config = ModelConfig(vocabSize: 16_384, dModel: 256, layers: 4, heads: 4, ffnHidden: 768, contextLength: 256)
        let model = try TransformerModel(config: config, seed: 1)
        let cache = try KVCache(model: model)
        let prompt = (0..<64).map { Int32($0 * 37 % 7_000) }
        let start = clock()
        try cache.prefill(prompt)
        let prefill = Double(clock() - start) / Double(CLOCKS_PER_SEC)
        func decode(_ mask: TokenMask, steps: Int) throws -> Double {
            let begin = clock()
            for i in 0..<steps { try cache.prefill([Int32(i)]); _ = try cache.allowedLogits(mask: mask) }
            return Double(steps) / (Double(clock() - begin) / Double(CLOCKS_PER_SEC))
        }
        let full = try decode(.all, steps: 60)
        cache.reset(); try cache.prefill(prompt)
        let items = try decode(.range(7_000..<16_384), steps: 60)
        print("decoding: prefill of 64 tokens \(prefill) CPU s; \(Int(full)) tokens/s (CPU) with full-vocabulary "
              + "logits, \(Int(items)) tokens/s with item-range logits only")
    }
}
