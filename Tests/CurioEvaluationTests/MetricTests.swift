import Testing
@testable import CurioEvaluation
import CurioRandom

// Hand-computed tables: rank → HR@10, NDCG@10 = 1/log2(rank + 1), RR = 1/rank.
private struct RankCase: Sendable, CustomTestStringConvertible {
    var rank: Int, hit: Double, ndcg: Double, rr: Double
    var testDescription: String { "rank \(rank)" }
}

private let rankTable: [RankCase] = [
    RankCase(rank: 1, hit: 1, ndcg: 1, rr: 1),
    RankCase(rank: 2, hit: 1, ndcg: 0.6309297535714574, rr: 0.5),
    RankCase(rank: 3, hit: 1, ndcg: 0.5, rr: 1.0 / 3),
    RankCase(rank: 7, hit: 1, ndcg: 1.0 / 3, rr: 1.0 / 7),
    RankCase(rank: 10, hit: 1, ndcg: 0.2890648263178879, rr: 0.1),
    RankCase(rank: 11, hit: 0, ndcg: 0, rr: 1.0 / 11),
    RankCase(rank: 9066, hit: 0, ndcg: 0, rr: 1.0 / 9066),
]

@Test(arguments: rankTable)
private func rankMetrics(_ c: RankCase) {
    #expect(HitRate.value(rank: c.rank, k: 10) == c.hit)
    #expect(abs(NDCG.value(rank: c.rank, k: 10) - c.ndcg) < 1e-12)
    #expect(abs(ReciprocalRank.value(rank: c.rank) - c.rr) < 1e-12)
}

@Test func meansOverUsersMatchAHandComputedTable() {
    // Four users whose held-out items land at ranks 1, 3, 12 and 2.
    let result = SystemResult(name: "s", k: 10, itemCount: 20, ranks: [1, 3, 12, 2],
                              lists: [[0, 1], [1, 2], [2, 3], [3, 4]],
                              popularityRanks: Array(stride(from: 1.0, through: 20, by: 1)))
    #expect(SystemResult.mean(result.hitRate) == 0.75)
    #expect(abs(SystemResult.mean(result.ndcg) - (1 + 0.5 + 0 + 0.6309297535714574) / 4) < 1e-12)
    #expect(abs(SystemResult.mean(result.reciprocalRank) - (1 + 1.0 / 3 + 1.0 / 12 + 0.5) / 4) < 1e-12)
    // Items 0-4 recommended: 5 of 20.
    #expect(result.coverage == 0.25)
    // Popularity rank of item i is i + 1: lists average 1.5, 2.5, 3.5, 4.5.
    #expect(SystemResult.mean(result.novelty) == 3)
}

@Test func coverageCountsEachItemOnce() {
    #expect(Coverage.value(lists: [[0, 1, 2], [2, 1, 0], [0]], itemCount: 10) == 0.3)
    #expect(Coverage.value(lists: [], itemCount: 10) == 0)
    #expect(Coverage.value(lists: [[0]], itemCount: 0) == 0)
}

@Test func popularityRanksShareTies() {
    // Counts 5, 9, 5, 1, 9: the two 9s share ranks 1-2 (1.5), the 5s share 3-4 (3.5).
    #expect(Novelty.popularityRanks(counts: [5, 9, 5, 1, 9]) == [3.5, 1.5, 3.5, 5, 1.5])
    #expect(Novelty.value(list: [1, 3], popularityRanks: [3.5, 1.5, 3.5, 5, 1.5]) == 3.25)
}

@Test func bootstrapIsSeededAndBracketsTheMean() {
    var rng = SeededGenerator(seed: 3)
    let values = (0..<500).map { _ in rng.next() % 10 == 0 ? 1.0 : 0.0 }
    let a = Bootstrap.interval(values, resamples: 1000, seed: 7)
    let b = Bootstrap.interval(values, resamples: 1000, seed: 7)
    #expect(a == b)
    #expect(a.lower < a.mean && a.mean < a.upper)
    // A binomial proportion p ≈ 0.1 over 500 users: the 95% half-width is about
    // 1.96·√(p(1−p)/500) ≈ 0.026.
    let halfWidth = (a.upper - a.lower) / 2
    #expect(abs(halfWidth - 1.96 * (a.mean * (1 - a.mean) / 500).squareRoot()) < 0.004)
}

@Test func constantValuesHaveAZeroWidthInterval() {
    let c = Bootstrap.interval([0.25, 0.25, 0.25], resamples: 200, seed: 1)
    #expect(c == ConfidenceInterval(mean: 0.25, lower: 0.25, upper: 0.25))
}

@Test func pairedDifferenceIsTighterThanSeparateIntervals() {
    // System b is system a plus a small, consistent gain on every user: the separate
    // intervals overlap, the paired one clearly excludes zero.
    var rng = SeededGenerator(seed: 11)
    let a = (0..<400).map { _ in Double(rng.next() % 1000) / 1000 }
    let b = a.map { $0 + 0.01 }
    let separateA = Bootstrap.interval(a, seed: 5), separateB = Bootstrap.interval(b, seed: 5)
    #expect(separateA.upper > separateB.lower)
    let difference = Bootstrap.pairedDifference(b, a, seed: 5)
    #expect(abs(difference.mean - 0.01) < 1e-9)
    #expect(difference.excludesZero && difference.lower > 0.0099)
}

@Test func percentileInterpolatesLikeNumpy() {
    // numpy.percentile([1, 2, 3, 4], 25) == 1.75; 97.5 → 3.925.
    #expect(Bootstrap.percentile([1, 2, 3, 4], 0.25) == 1.75)
    #expect(abs(Bootstrap.percentile([1, 2, 3, 4], 0.975) - 3.925) < 1e-12)
}

@Test func reportFormatsLikeThePeersTable() {
    #expect(EvaluationReport.format(ConfidenceInterval(mean: 0.079, lower: 0.0601, upper: 0.1)) == ".0790 [.060, .100]")
    #expect(EvaluationReport.format(ConfidenceInterval(mean: 0.027, lower: 0.011, upper: 0.044), signed: true)
            == "+.0270 [+.011, +.044]*")
    #expect(EvaluationReport.format(ConfidenceInterval(mean: -0.002, lower: -0.01, upper: 0.006), signed: true)
            == "-.0020 [-.010, +.006]")
}
