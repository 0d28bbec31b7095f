import Foundation
import CurioModel
import Testing
@testable import CurioGenerators

@Test func discriminatorLossGradientMatchesFiniteDifferences() {
    let model = IRGANFixture.randomModel()
    let histories = [[0, 2], [1, 3, 4], [6]]
    let positives = [[1, 3], [0], [5, 2]]
    let negatives = [[4], [5, 6, 2], [0, 0]]  // a repeated sample counts twice
    let (_, gradient) = IRGANDiscriminator.lossAndGradient(model: model, histories: histories,
                                                           positives: positives, negatives: negatives)
    let mismatch = IRGANFixture.gradientMismatch(model: model, analytic: gradient) {
        IRGANDiscriminator.loss(model: $0, histories: histories, positives: positives, negatives: negatives)
    }
    #expect(mismatch == nil, "\(mismatch ?? "")")
}

@Test func policyGradientIsTheGradientOfTheReinforceSurrogate() {
    let model = IRGANFixture.randomModel()
    let histories = [[0, 2], [1, 3, 4], [6]]
    let samples = [[1, 1, 5], [0, 6], [2, 3, 4, 5]]
    // Advantages that do not sum to zero exercise the Σ_k A_k·p_j term as well.
    let advantages: [[Float]] = [[0.7, -0.2, 0.4], [-1.1, 0.3], [0.5, 0.2, -0.6, 1.3]]
    for temperature: Float in [1, 0.6] {
        let policy = IRGANPolicy(generator: model, histories: histories, temperature: temperature)
        let gradient = IRGANPolicyGradient.gradient(model: model, histories: histories, policy: policy,
                                                    samples: samples, advantages: advantages)
        let mismatch = IRGANFixture.gradientMismatch(model: model, analytic: gradient) {
            IRGANPolicyGradient.surrogateLoss(model: $0, histories: histories, samples: samples,
                                              advantages: advantages, temperature: temperature)
        }
        #expect(mismatch == nil, "τ = \(temperature): \(mismatch ?? "")")
    }
}

@Test func policyNeverSamplesHistoryItemsAndFollowsItsProbabilities() {
    let model = IRGANFixture.randomModel(items: 7)
    let policy = IRGANPolicy(generator: model, histories: [[0, 3]], temperature: 1)
    var random = ModelRandom(seed: 11)
    let draws = policy.sample(row: 0, count: 20_000, random: &random)
    #expect(!draws.contains(0) && !draws.contains(3))
    var counts = [Double](repeating: 0, count: 7)
    for item in draws { counts[item] += 1 }
    for item in 0..<7 {
        let expected = Double(policy.probabilities[item])
        #expect(abs(counts[item] / 20_000 - expected) < 0.015, "item \(item): \(counts[item] / 20_000) vs \(expected)")
    }
}

@Test func rewardIsSoftplusOfTheDiscriminatorScore() {
    let model = IRGANFixture.randomModel()
    let users = model.userVectors([[1, 2]])
    let rewards = IRGANDiscriminator.rewards(model: model, histories: [[1, 2]], samples: [[0, 5]])
    for (k, item) in [0, 5].enumerated() {
        let s = Double(model.score(item: item, users: users, row: 0))
        #expect(abs(Double(rewards[0][k]) - log(1 + exp(s))) < 1e-5)
    }
}
