import CurioKernels
import Foundation
import Testing
@testable import CurioModel

/// Decoding from bf16 weights: the same model as the fp32 forward pass over the same
/// (bf16-rounded) weights, up to the order of fp32 sums.
@Suite struct BFloat16DecodeTests {
    /// Widths that are not multiples of 16 and a vocabulary that is not a multiple of 4, so
    /// the packed matrices' padding is exercised.
    static let oddConfig = ModelConfig(vocabSize: 43, dModel: 24, layers: 2, heads: 2, ffnHidden: 40, contextLength: 16)
    static let tokens: [Int32] = [5, 17, 30, 2, 2, 39, 11, 24, 8, 33, 42, 0]

    /// A bf16-decoding model and an fp32 one over the same, rounded, weights.
    func twins(_ config: ModelConfig, seed: UInt64) throws -> (bf16: TransformerModel, fp32: TransformerModel) {
        let bf16 = try TransformerModel(config: config, seed: seed, threads: 1, decodePrecision: .bfloat16)
        let fp32 = try TransformerModel(config: config, parameters: FloatStorage(bf16.parameters.array), threads: 1)
        return (bf16, fp32)
    }

    @Test(arguments: [Tiny.config, oddConfig])
    func bf16StepsMatchTheFp32ForwardOfTheRoundedWeights(config: ModelConfig) throws {
        let (bf16, fp32) = try twins(config, seed: 21)
        #expect(bf16.decodePrecision == .bfloat16 && fp32.decodePrecision == .float32)
        let rounded = HalfFormat.bfloat16.decode(HalfFormat.bfloat16.encode(bf16.parameters.array))
        #expect(bf16.parameters.array == rounded, "a bf16-decoding model holds bf16 values in its fp32 parameters")
        let tokens = Self.tokens.map { $0 % Int32(config.vocabSize) }
        let reference = try Tiny.fullForwardLogits(fp32, tokens)
        let cache = try KVCache(model: bf16)
        var worst: Float = 0
        for (t, token) in tokens.enumerated() {
            let logits = try cache.step(token)
            worst = max(worst, worstDifference(logits, reference[t]))
            // Masked logits are the same rows of the same kernel: equal to the bit.
            let range = 3..<(config.vocabSize - 2), picks = [config.vocabSize - 1, 0, 7, 7]
            #expect(try cache.allowedLogits(mask: .range(range)) == Array(logits[range]))
            #expect(try cache.allowedLogits(mask: .tokens(picks)) == picks.map { logits[$0] })
        }
        print("bf16 decode vs fp32 forward of the rounded weights (\(config.dModel)/\(config.vocabSize)): worst \(worst)")
        #expect(worst < 1e-5)
    }

    /// A checkpoint saved as bf16 loads as a bf16-decoding model, and greedy decoding from
    /// it picks the same tokens as the fp32 forward pass over its weights; f16 and f32
    /// files decode from fp32.
    @Test func aBf16FileDecodesTheSameTokensAsItsFp32Forward() throws {
        let config = ModelConfig(vocabSize: 64, dModel: 32, layers: 2, heads: 2, ffnHidden: 48, contextLength: 32)
        let model = try TransformerModel(config: config, seed: 5, threads: 1)
        // Initial weights (std 0.02) give near-uniform logits and a greedy loop that repeats
        // one token; larger weights make it wander through the vocabulary.
        for tensor in model.layout.tensors where tensor.decays {
            for i in tensor.offset..<(tensor.offset + tensor.count) { model.parameters[i] *= 20 }
        }
        let directory = FileManager.default.temporaryDirectory
        for dtype in [SafeTensorsDType.bf16, .f16, .f32] {
            let path = directory.appendingPathComponent("curio-bf16-decode-\(dtype.rawValue)-\(getpid()).safetensors").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Checkpoint.save(model, to: path, dtype: dtype)
            let loaded = try Checkpoint.load(from: path, threads: 1).model
            #expect(loaded.decodePrecision == (dtype == .bf16 ? .bfloat16 : .float32), "\(dtype)")
        }
        let path = directory.appendingPathComponent("curio-bf16-greedy-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.save(model, to: path, dtype: .bf16)
        let loaded = try Checkpoint.load(from: path, threads: 1).model
        let fp32 = try TransformerModel(config: config, parameters: FloatStorage(loaded.parameters.array), threads: 1)

        var sequence: [Int32] = [3, 14, 15, 9]
        let cache = try KVCache(model: loaded)
        try cache.prefill(sequence)
        var logits = try cache.nextTokenLogits()
        for _ in 0..<16 {
            let reference = try Tiny.fullForwardLogits(fp32, sequence).last!
            let token = argmax(logits)
            #expect(token == argmax(reference), "step \(sequence.count): bf16 decode picked \(token)")
            sequence.append(Int32(token))
            logits = try cache.step(Int32(token))
        }
        #expect(Set(sequence.dropFirst(4)).count > 1, "greedy decoding of a random model should not be constant")
    }

    /// The index of the largest logit (the first on ties).
    func argmax(_ values: [Float]) -> Int {
        values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }!
    }
    /// The beams of a list search ask for their logits together: with bf16 weights the
    /// batched call reads the output layer once and must give each cache exactly its own
    /// logits; caches of two models cannot share a call.
    @Test func cachesOfOneModelScoredTogetherGiveEachItsOwnLogits() throws {
        let config = ModelConfig(vocabSize: 64, dModel: 32, layers: 2, heads: 2, ffnHidden: 48, contextLength: 32)
        let model = try TransformerModel(config: config, seed: 6, threads: 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("curio-batched-logits-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for dtype in [SafeTensorsDType.bf16, .f32] {
            try Checkpoint.save(model, to: path, dtype: dtype)
            let loaded = try Checkpoint.load(from: path, threads: 1).model
            let caches = try [[3, 14, 15], [9, 2], [6, 5, 3, 5]].map { tokens -> KVCache in
                let cache = try KVCache(model: loaded)
                try cache.prefill(tokens.map(Int32.init))
                return cache
            }
            for mask in [TokenMask.range(40..<64), .range(1..<63), .all] {
                let together = try KVCache.allowedLogits(caches, mask: mask)
                #expect(together == (try caches.map { try $0.allowedLogits(mask: mask) }), "\(dtype), \(mask)")
            }
        }
        let other = try KVCache(model: try TransformerModel(config: config, seed: 7, threads: 1))
        try other.prefill([1])
        let mine = try KVCache(model: model)
        try mine.prefill([1])
        #expect(throws: ModelError.self) { _ = try KVCache.allowedLogits([mine, other], mask: .range(40..<64)) }
    }
}
