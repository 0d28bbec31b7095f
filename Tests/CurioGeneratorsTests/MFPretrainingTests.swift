import Foundation
import CurioEvaluation
import Testing
@testable import CurioGenerators

@Test func mfSoftmaxLossGradientMatchesFiniteDifferences() {
    let model = IRGANFixture.randomModel()
    let histories = [[0, 2, 5], [1], [3, 4, 6, 2]]
    let targets = [[1, 3], [0], [5]]
    let (_, gradient) = MFPretraining.lossAndGradient(model: model, histories: histories, targets: targets)
    let mismatch = IRGANFixture.gradientMismatch(model: model, analytic: gradient) {
        MFPretraining.loss(model: $0, histories: histories, targets: targets)
    }
    #expect(mismatch == nil, "\(mismatch ?? "")")
    // History items are out of the softmax, so the gradient leaves their output side alone.
    #expect(gradient.biases[0] != 0 && gradient.biases[6] != 0)
}

@Test func mfLossIsTheMeanNegativeLogLikelihoodOfTheTargets() {
    // One row, zero factors: every non-history item is equally likely, so the loss is log(n − |H|).
    var model = FactorModel(itemCount: 5, dimension: 2, alpha: 0.5, seed: 1)
    model.historyFactors = [Float](repeating: 0, count: 10)
    model.itemFactors = [Float](repeating: 0, count: 10)
    let loss = MFPretraining.loss(model: model, histories: [[0]], targets: [[1, 2]])
    #expect(abs(loss - Float(4.0).logarithm) < 1e-5)
}

@Test func mfLearnsClustersThatPopularityCannotSee() throws {
    let (split, _) = IRGANFixture.clusteredSplit()
    var options = IRGANOptions()
    options.dimension = 8
    options.mfEpochs = 8
    options.passesPerEpoch = 4
    options.batchSize = 32
    options.mfLearningRate = 0.03
    let training = try IRGANTraining(split: split, options: options)
    let (_, _, ndcg) = training.pretrain()
    let popularity = SystemResult.mean(Evaluator(split: split, target: .validation)
        .evaluate(MostPopular(training: split.training, itemCount: split.itemCount)).ndcg)
    #expect(ndcg > popularity * 2, "MF validation NDCG@10 \(ndcg), MostPopular \(popularity)")
}

private extension Float {
    var logarithm: Float { Float(log(Double(self))) }
}
