import CurioCatalog
import Testing
@testable import CurioEvaluation
import CurioRandom

/// A split from per-user item sequences (oldest first), timestamps = positions.
func split(_ sequences: [[Int]], items: Int) -> LeaveOneOutSplit {
    var interactions = Interactions(userIDs: sequences.indices.map { "u\($0)" })
    for (user, sequence) in sequences.enumerated() {
        for (time, item) in sequence.enumerated() {
            interactions.users.append(Int32(user))
            interactions.items.append(Int32(item))
            interactions.ratings.append(5)
            interactions.timestamps.append(Int64(time))
        }
    }
    return LeaveOneOutSplit(interactions: interactions, itemIDs: (0..<items).map(String.init))
}

/// Scores item i as `fixed[i]`, whoever the user is; records nothing.
struct FixedScorer: ItemScorer {
    let name = "fixed"
    let fixed: [Float]
    func score(history: [Int], into scores: inout [Float]) { scores = fixed }
}

@Test func historyIsMaskedAndTheTargetRankedAmongTheRest() {
    // One user: training [0, 1], validation 2, test 3. Items 0 and 1 score highest
    // but are history, so on validation item 2 ranks behind only item 5.
    let data = split([[0, 1, 2, 3]], items: 6)
    let scores: [Float] = [9, 8, 3, 1, 0, 4]
    let validation = Evaluator(split: data, target: .validation).evaluate(FixedScorer(fixed: scores))
    #expect(validation.ranks == [2])
    #expect(validation.lists == [[5, 2, 3, 4]])
    // On test, the validation item 2 joins the history: item 3 ranks behind item 5.
    let test = Evaluator(split: data, target: .test).evaluate(FixedScorer(fixed: scores))
    #expect(test.ranks == [2])
    #expect(test.lists == [[5, 3, 4]])
}

@Test func nonFiniteScoresRankLastButAboveHistory() {
    let data = split([[0, 1, 2]], items: 4)   // training [0], validation 1, test 2
    let scores: [Float] = [5, .nan, -.infinity, 1]
    let test = Evaluator(split: data, target: .test).evaluate(FixedScorer(fixed: scores))
    #expect(test.ranks == [2])    // only item 3 is above item 2; items 0 and 1 are history
    #expect(test.lists == [[3, 2]])
}

@Test func evaluationIsTheSameInBatchesAndAlone() {
    var rng = SeededGenerator(seed: 5)
    let sequences = (0..<70).map { _ in (0..<40).shuffled(using: &rng).prefix(Int(rng.next() % 10) + 3).map { $0 } }
    let data = split(sequences, items: 40)
    let scorer = MostPopular(training: data.training, itemCount: 40)
    let evaluator = Evaluator(split: data, target: .test)
    let batched = evaluator.evaluate(scorer, batchSize: 16)
    let single = evaluator.evaluate(scorer, batchSize: 1000)
    #expect(batched.ranks == single.ranks && batched.lists == single.lists)
    #expect(batched.ranks.count == 70)
    // The ranks are those of a naive full sort of the unseen items.
    for (u, user) in evaluator.users.enumerated() {
        let seen = Set(evaluator.histories[u])
        let order = (0..<40).filter { !seen.contains($0) }
            .sorted { (scorer.counts[$0], -$0) > (scorer.counts[$1], -$1) }
        #expect(order.firstIndex(of: data.testItems[user]!)! + 1 == batched.ranks[u])
    }
}

@Test func tuningPicksTheBestValidationSetting() {
    // Validation items are always item 3; a scorer that boosts item c wins with c = 3.
    let data = split([[0, 1, 3, 4], [1, 2, 3, 5], [2, 0, 3, 6]], items: 7)
    let validation = Evaluator(split: data, target: .validation)
    let tuned = Tuning.best([4, 3, 5], label: { "c=\($0)" }, validation: validation) { c in
        FixedScorer(fixed: (0..<7).map { $0 == c ? 1 : 0 })
    }
    #expect(tuned.setting == 3)
    #expect(tuned.trials.map(\.setting) == ["c=4", "c=3", "c=5"])
    #expect(tuned.trials[1].validationNDCG == 1)
}

@Test func unknownSystemNamesAreRejectedWithTheKnownOnes() throws {
    #expect(throws: EvaluationError.unknownSystem("SASRec", known: ["MostPopular", "item-kNN", "EASE"])) {
        try Baselines.select(["ease", "SASRec"], from: Baselines.all)
    }
    #expect(try Baselines.select(["ease", "MOSTPOPULAR"], from: Baselines.all).map(\.name) == ["EASE", "MostPopular"])
}

@Test func reportPairsEverySystemWithEASEOrElseTheFirst() throws {
    let data = split([[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 0], [4, 0, 1, 2]], items: 5)
    let evaluator = Evaluator(split: data, target: .test)
    func entry(_ name: String, _ fixed: [Float]) -> EvaluationReport.Entry {
        struct Named: ItemScorer {
            let name: String, fixed: [Float]
            func score(history: [Int], into scores: inout [Float]) { scores = fixed }
        }
        let scorer = Named(name: name, fixed: fixed)
        return .init(built: BuiltSystem(scorer: scorer), result: evaluator.evaluate(scorer), evaluateSeconds: 0)
    }
    let a = entry("A", [5, 4, 3, 2, 1]), ease = entry("EASE", [1, 2, 3, 4, 5])
    let report = EvaluationReport(evaluator: evaluator, entries: [a, ease], seed: 1, resamples: 50)
    #expect(report.systems[0].difference?.reference == "EASE")
    #expect(report.systems[1].difference == nil)
    let expected = SystemResult.mean(a.result.ndcg) - SystemResult.mean(ease.result.ndcg)
    #expect(abs(report.systems[0].difference!.ndcg.mean - expected) < 1e-12)
    let withoutEASE = EvaluationReport(evaluator: evaluator, entries: [a, entry("B", [0, 0, 0, 0, 1])], seed: 1, resamples: 50)
    #expect(withoutEASE.systems[1].difference?.reference == "A")
    #expect(report.table().contains("paired difference to EASE"))
}
