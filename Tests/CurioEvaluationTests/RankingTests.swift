import Testing
@testable import CurioEvaluation
import CurioRandom

@Test func topKOrdersByScoreThenLowerIndex() {
    let scores: [Float] = [0.5, 2, 0.5, -.infinity, 3, 2, 0.1]
    #expect(Ranking.topK(scores, k: 4) == [4, 1, 5, 0])
    #expect(Ranking.topK(scores, k: 10) == [4, 1, 5, 0, 2, 6])   // the masked item never appears
    #expect(Ranking.topK(scores, k: 0) == [])
}

@Test func rankAgreesWithTopKOnTies() {
    let scores: [Float] = [0.5, 2, 0.5, -.infinity, 3, 2, 0.1]
    #expect(Ranking.rank(of: 4, in: scores) == 1)
    #expect(Ranking.rank(of: 5, in: scores) == 3)   // tied with item 1, which has the lower index
    #expect(Ranking.rank(of: 2, in: scores) == 5)
    #expect(Ranking.rank(of: 6, in: scores) == 6)   // the masked item does not count
}

@Test func topKAndRankMatchAFullSortOnRandomScores() {
    var rng = SeededGenerator(seed: 21)
    for _ in 0..<20 {
        // Few distinct values, so ties are common.
        let scores = (0..<300).map { _ in rng.next() % 7 == 0 ? -Float.infinity : Float(rng.next() % 40) }
        let sorted = scores.indices.filter { scores[$0] != -.infinity }
            .sorted { (scores[$0], -$0) > (scores[$1], -$1) }
        #expect(Ranking.topK(scores, k: 10) == Array(sorted.prefix(10)))
        for (position, item) in sorted.enumerated() where position % 17 == 0 {
            #expect(Ranking.rank(of: item, in: scores) == position + 1)
        }
    }
}
