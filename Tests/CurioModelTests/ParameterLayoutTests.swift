import Testing
@testable import CurioModel

/// The size table that carves the flat parameter buffer.
@Suite struct ParameterLayoutTests {
    @Test func layoutTilesTheBufferWithCheckpointNames() {
        let config = ModelConfig(vocabSize: 100, dModel: 32, layers: 3, heads: 4, ffnHidden: 96)
        let layout = ParameterLayout(config: config)
        #expect(layout.invariantViolation() == nil)
        let C = 32, F = 96
        #expect(layout.totalCount == 100 * C + 3 * (2 * C + 4 * C * C + 3 * F * C) + C)
        #expect(layout.tensors.first?.name == "tok_emb" && layout.tensors.last?.name == "final_norm")
        #expect(layout.tensor(named: "layers.2.w_down")?.shape == [C, F])
        #expect(layout.tensor(named: "layers.0.wq")?.shape == [C, C])
        #expect(layout.tensors.filter { !$0.decays }.map(\.name).allSatisfy { $0.hasSuffix("norm") })
        #expect(layout.tensors.count == 2 + 9 * 3)
    }

    @Test func paperScaleModelHasTheExpectedSize() {
        // The reference training shape: d_model 256, 4 layers, vocabulary 16,384.
        let config = ModelConfig(vocabSize: 16_384, dModel: 256, layers: 4, heads: 4, ffnHidden: 768, contextLength: 256)
        #expect(ParameterLayout(config: config).totalCount == 7_604_480)
    }

    @Test func seededInitIsDeterministicAndScaled() throws {
        let a = try Tiny.model(seed: 3), b = try Tiny.model(seed: 3), c = try Tiny.model(seed: 4)
        #expect(a.parameters.array == b.parameters.array)
        #expect(a.parameters.array != c.parameters.array)
        let emb = a.layout.tensor(named: "tok_emb")!, wo = a.layout.tensor(named: "layers.0.wo")!
        func std(_ t: ParameterLayout.Tensor) -> Float {
            let v = a.parameters.slice(t.offset, t.count).array
            return (v.map { $0 * $0 }.reduce(0, +) / Float(v.count)).squareRoot()
        }
        #expect(abs(std(emb) - 0.02) < 0.003)
        #expect(abs(std(wo) - 0.01) < 0.003)  // 0.02 / √(2·2 layers)
        let norm = a.layout.tensor(named: "final_norm")!
        #expect(a.parameters.slice(norm.offset, norm.count).array.allSatisfy { $0 == 1 })
    }

    @Test func invalidConfigsAreRejectedWithTheField() {
        #expect(throws: ModelError.self) { try TransformerModel(config: ModelConfig(vocabSize: 10, dModel: 12, heads: 5), seed: 1) }
        #expect(throws: ModelError.self) { try TransformerModel(config: ModelConfig(vocabSize: 10, dModel: 6, heads: 2), seed: 1) }
        #expect(throws: ModelError.self) { try TransformerModel(config: ModelConfig(vocabSize: 0), seed: 1) }
        do {
            _ = try TransformerModel(config: ModelConfig(vocabSize: 10, dModel: 6, heads: 2), seed: 1)
        } catch {
            #expect("\(error)".contains("even"), "message was: \(error)")
        }
    }
}
