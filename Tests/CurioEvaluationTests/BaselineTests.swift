import Testing
@testable import CurioEvaluation
import CurioRandom

// The binary matrix of three users over four items, used by the hand-computed cases:
//   u0: 0 1 2      u1: 0 1      u2: 1 3
private let users = [[0, 1, 2], [0, 1], [1, 3]]

@Test func cooccurrenceCountsSharedUsers() {
    let g = cooccurrenceMatrix(sequences: users, itemCount: 4)
    #expect(g == [2, 2, 1, 0,
                  2, 3, 1, 1,
                  1, 1, 1, 0,
                  0, 1, 0, 1])
}

@Test func mostPopularScoresByTrainingCount() {
    let data = split([[0, 1, 2, 3, 4], [1, 2, 3, 4, 0], [2, 1, 4, 3, 0]], items: 5)
    // Training: [0,1,2], [1,2,3], [2,1,4] → counts 1, 3, 3, 1, 1.
    let scorer = MostPopular(training: data.training, itemCount: 5)
    var scores = [Float](repeating: -1, count: 5)
    scorer.score(history: [0], into: &scores)
    #expect(scores == [1, 3, 3, 1, 1])
}

@Test func itemKNNSumsCosineOfNeighbours() {
    let knn = ItemKNN(gram: cooccurrenceMatrix(sequences: users, itemCount: 4), itemCount: 4, neighbors: 3)
    var scores = [Float](repeating: 0, count: 4)
    // Item 0's neighbours: 1 (2/√6 = .816), 2 (1/√2 = .707); item 3's: 1 (1/√3 = .577).
    knn.score(history: [0, 3], into: &scores)
    let s01 = Float(2 / 6.0.squareRoot()), s02 = Float(1 / 2.0.squareRoot()), s31 = Float(1 / 3.0.squareRoot())
    let expected: [Float] = [0, s01 + s31, s02, 0]
    #expect(zip(scores, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(scores)")
    // With one neighbour, item 0 keeps only item 1.
    knn.limited(to: 1).score(history: [0], into: &scores)
    #expect(abs(scores[1] - s01) < 1e-6 && scores[2] == 0)
}

/// EASE's B by the textbook formula, inverting in Double by Gauss-Jordan.
private func referenceEASE(_ g: [Float], n: Int, lambda: Double) -> [Double] {
    var a = g.map(Double.init), inv = [Double](repeating: 0, count: n * n)
    for i in 0..<n { a[i * n + i] += lambda; inv[i * n + i] = 1 }
    for c in 0..<n {
        let pivot = a[c * n + c]
        for j in 0..<n { a[c * n + j] /= pivot; inv[c * n + j] /= pivot }
        for r in 0..<n where r != c {
            let f = a[r * n + c]
            for j in 0..<n { a[r * n + j] -= f * a[c * n + j]; inv[r * n + j] -= f * inv[c * n + j] }
        }
    }
    var b = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n where i != j { b[i * n + j] = -inv[i * n + j] / inv[j * n + j] } }
    return b
}

@Test func easeMatchesTheClosedFormOnARandomMatrix() throws {
    var rng = SeededGenerator(seed: 17)
    let n = 60
    let sequences = (0..<150).map { _ in (0..<n).shuffled(using: &rng).prefix(Int(rng.next() % 12) + 2).map { $0 } }
    let g = cooccurrenceMatrix(sequences: sequences, itemCount: n)
    let ease = try EASE(gram: g, itemCount: n, lambda: 20)
    let reference = referenceEASE(g, n: n, lambda: 20)
    let worst = zip(ease.weights, reference).map { abs(Double($0) - $1) }.max()!
    #expect(worst < 1e-5, "EASE weights differ from the closed form by \(worst)")
    for i in 0..<n { #expect(ease.weights[i * n + i] == 0) }
    // Scores are the sum of the history's rows.
    var scores = [Float](repeating: 0, count: n)
    ease.score(history: [3, 7], into: &scores)
    for i in 0..<n { #expect(abs(Double(scores[i]) - reference[3 * n + i] - reference[7 * n + i]) < 1e-5) }
}

@Test func personalisedBaselinesFindAStrongPattern() throws {
    // Items come in pairs (2p, 2p+1): whoever has 2p next takes 2p+1, and most users'
    // last pair is split across validation and test. MostPopular cannot know; EASE and
    // item-kNN put the partner first.
    var rng = SeededGenerator(seed: 8)
    let sequences = (0..<200).map { _ -> [Int] in
        let pairs = (0..<20).shuffled(using: &rng).prefix(4)
        return pairs.flatMap { [2 * $0, 2 * $0 + 1] }
    }
    let data = split(sequences, items: 40)
    let context = TrainingContext(split: data)
    let test = Evaluator(split: data, target: .test)
    let popularScorer = try Baselines.mostPopular.build(context).scorer
    let knnScorer = try Baselines.itemKNN.build(context).scorer
    let easeScorer = try Baselines.ease.build(context).scorer
    let popular = SystemResult.mean(test.evaluate(popularScorer).hitRate)
    let knn = SystemResult.mean(test.evaluate(knnScorer).ndcg)
    let ease = SystemResult.mean(test.evaluate(easeScorer).ndcg)
    #expect(popular < 0.5)
    #expect(knn > 0.95, "item-kNN NDCG@10 \(knn)")
    #expect(ease > 0.95, "EASE NDCG@10 \(ease)")
}
