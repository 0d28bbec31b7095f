import Testing
@testable import CurioModel

/// The decoding paths agree with the training forward pass, and masks give exactly zero.
@Suite struct InferenceTests {
    static let tokens: [Int32] = [5, 17, 30, 2, 2, 39, 11, 24, 8, 33]

    @Test func kvCacheStepsMatchTheFullForward() throws {
        let model = try Tiny.model()
        let reference = try Tiny.fullForwardLogits(model, Self.tokens)
        let cache = try KVCache(model: model)
        var worst: Float = 0
        for (t, token) in Self.tokens.enumerated() {
            worst = max(worst, worstDifference(try cache.step(token), reference[t]))
        }
        // Prefill part of the prompt as one GEMM pass, then continue step by step.
        let mixed = try KVCache(model: model)
        try mixed.prefill(Array(Self.tokens[0..<6]))
        worst = max(worst, worstDifference(try mixed.nextTokenLogits(), reference[5]))
        for t in 6..<Self.tokens.count {
            worst = max(worst, worstDifference(try mixed.step(Self.tokens[t]), reference[t]))
        }
        print("KV cache vs full forward: worst logit difference \(worst)")
        #expect(worst < 1e-5)
        #expect(mixed.length == Self.tokens.count)
    }

    @Test func batchedScoringEqualsOneByOne() throws {
        let model = try Tiny.model()
        let contexts: [[Int32]] = [[5, 17, 30], [2], Self.tokens, [39, 11, 24, 8], [7, 7, 7, 7, 7, 7]]
        for selection in [TokenMask.all, .range(Tiny.items), .tokens([33, 25, 2])] {
            let batched = try model.scoreBatch(contexts: contexts, selection: selection)
            for (i, context) in contexts.enumerated() {
                let single = try model.scoreBatch(contexts: [context], selection: selection)[0]
                let cache = try KVCache(model: model)
                try cache.prefill(context)
                let decoded = try cache.allowedLogits(mask: selection)
                #expect(worstDifference(batched[i], single) < 1e-5, "context \(i), \(selection)")
                #expect(worstDifference(batched[i], decoded) < 1e-5, "context \(i), \(selection)")
            }
            // Small chunks: contexts are regrouped by length and results still land in order.
            let chunked = try model.scoreBatch(contexts: contexts, selection: selection, rowsPerChunk: 8)
            for i in contexts.indices { #expect(worstDifference(chunked[i], batched[i]) < 1e-5, "chunked context \(i)") }
        }
    }

    @Test func maskedLogitsAndSoftmaxGiveMaskedTokensZero() throws {
        let model = try Tiny.model()
        let cache = try KVCache(model: model)
        try cache.prefill(Self.tokens)
        let full = try cache.nextTokenLogits()
        let items = try cache.nextTokenLogits(mask: .range(Tiny.items))
        for t in 0..<40 {
            if Tiny.items.contains(t) { #expect(abs(items[t] - full[t]) < 1e-6) } else { #expect(items[t] == -.infinity) }
        }
        let probabilities = try maskedSoftmax(full, mask: .tokens([3, 30, 31]))
        #expect(probabilities.enumerated().allSatisfy { [3, 30, 31].contains($0.offset) || $0.element == 0 })
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-6)
        let picked = try cache.nextTokenLogits(mask: .tokens([31, 3]))
        #expect(picked[31] == (try cache.allowedLogits(mask: .tokens([31, 3])))[0])
    }

    @Test func badInputsGetErrorsNotCrashes() throws {
        let model = try Tiny.model()
        let cache = try KVCache(model: model, capacity: 4)
        #expect(throws: ModelError.tokenOutOfRange(token: 40, vocabSize: 40, context: "prefill")) { try cache.prefill([1, 40]) }
        #expect(throws: ModelError.sequenceTooLong(length: 5, limit: 4)) { try cache.prefill([1, 2, 3, 4, 5]) }
        #expect(throws: ModelError.self) { try cache.nextTokenLogits() }  // nothing prefilled yet
        try cache.prefill([1])
        #expect(throws: ModelError.self) { try cache.nextTokenLogits(mask: .range(35..<45)) }
        #expect(throws: ModelError.self) { try cache.nextTokenLogits(mask: .tokens([])) }
        #expect(throws: ModelError.self) { try model.scoreBatch(contexts: [[1], []], selection: .all) }
        #expect(throws: ModelError.self) { try TrainingBatch(batchSize: 2, sequenceLength: 3, tokens: [1, 2], targets: [1, 2]) }
        #expect(throws: ModelError.sequenceTooLong(length: 17, limit: 16)) {
            try ActivationWorkspace(config: model.config, batchSize: 1, sequenceLength: 17)
        }
        #expect(throws: ModelError.self) { try ActivationWorkspace(config: model.config, batchSize: 0, sequenceLength: 4) }
        let noLoss = try TrainingBatch(batchSize: 1, sequenceLength: 2, tokens: [1, 2], targets: [-1, -1])
        let workspace = try ActivationWorkspace(config: model.config, batchSize: 1, sequenceLength: 2)
        #expect(throws: ModelError.self) { try model.loss(for: noLoss, workspace: workspace) }
        let wrongItem = try TrainingBatch(batchSize: 1, sequenceLength: 2, tokens: [1, 2], targets: [3, -1],
                                          subsets: [.items, .fullVocabulary], itemRange: Tiny.items)
        do {
            _ = try model.loss(for: wrongItem, workspace: workspace)
            Issue.record("an item-restricted target outside the item range was accepted")
        } catch {
            #expect("\(error)".contains("sequence 0, position 0"), "message was: \(error)")
        }
        #expect(throws: ModelError.self) { try model.backward(workspace: workspace, gradients: model.makeGradientBuffer()) }
    }
}
