import Foundation
import Testing
@testable import CurioModel

/// Greedy and temperature sampling, top-k and the ranking helper.
@Suite struct TokenSamplerTests {
    @Test func greedyTakesTheArgmaxAndNeverAMaskedToken() throws {
        var random = ModelRandom(seed: 1)
        let logits: [Float] = [0.5, 2, -.infinity, 2, 1]
        #expect(try TokenSampler().sample(logits, using: &random) == 1)  // tie → lower id
        var masked = logits
        TokenMask.tokens([0, 4]).apply(to: &masked)
        #expect(try TokenSampler().sample(masked, using: &random) == 4)
        #expect(throws: ModelError.self) { try TokenSampler().sample([-.infinity, -.infinity], using: &random) }
        #expect(throws: ModelError.self) { try TokenSampler(temperature: -1).sample(logits, using: &random) }
    }

    @Test func temperatureSamplingFollowsTheSoftmaxAndIsSeeded() throws {
        let logits: [Float] = [0, Float(log(3.0)), -.infinity]  // p = 0.25, 0.75, 0
        let sampler = TokenSampler(temperature: 1)
        var random = ModelRandom(seed: 7)
        var counts = [0, 0, 0]
        for _ in 0..<4_000 { counts[try sampler.sample(logits, using: &random)] += 1 }
        #expect(counts[2] == 0)
        #expect(abs(Double(counts[1]) / 4_000 - 0.75) < 0.03, "counts \(counts)")
        var a = ModelRandom(seed: 3), b = ModelRandom(seed: 3)
        let first = try (0..<20).map { _ in try sampler.sample(logits, using: &a) }
        let second = try (0..<20).map { _ in try sampler.sample(logits, using: &b) }
        #expect(first == second)
        var c = ModelRandom(seed: 5)
        let topOne = try (0..<50).map { _ in try TokenSampler(temperature: 2, topK: 1).sample(logits, using: &c) }
        #expect(topOne.allSatisfy { $0 == 1 })
    }

    @Test func topTokensRanksWithStableTiesAndSkipsMasked() {
        let logits: [Float] = [1, 5, -.infinity, 5, 3, .nan, 0] + [Float](repeating: -2, count: 60)
        #expect(topTokens(logits, count: 3) == [1, 3, 4])           // bounded-insertion path
        #expect(topTokens(logits, count: 100).prefix(5) == [1, 3, 4, 0, 6])  // full-sort path
        #expect(!topTokens(logits, count: 100).contains(2) && !topTokens(logits, count: 100).contains(5))
        #expect(topTokens(logits, count: 0).isEmpty)
    }
}
