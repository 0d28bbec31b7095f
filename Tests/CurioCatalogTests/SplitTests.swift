import Testing
@testable import CurioCatalog
import CurioRandom

/// Builds interactions from (user, item, timestamp) rows; users are "u0", "u1", …
private func interactions(_ rows: [(user: Int32, item: Int32, time: Int64)], users: Int) -> Interactions {
    Interactions(users: rows.map(\.user), items: rows.map(\.item),
                 ratings: rows.map { _ in 4 }, timestamps: rows.map(\.time),
                 userIDs: (0..<users).map { "u\($0)" })
}

@Test func lastIsTestSecondToLastIsValidation() {
    // Item ids are numeric; index order differs from id order on purpose.
    let ids = ["30", "4", "200", "1", "5"]
    let rows: [(user: Int32, item: Int32, time: Int64)] = [
        (0, 0, 10), (0, 1, 20), (0, 2, 30), (0, 3, 40), // user 0: 30, 4, 200, 1
        (1, 4, 5), (1, 2, 1), (1, 0, 3),                // user 1 (file order not time order)
    ]
    let split = LeaveOneOutSplit(interactions: interactions(rows, users: 2), itemIDs: ids)
    #expect(split.trainingSequences[0] == [0, 1])
    #expect(split.validationItems[0] == 2)
    #expect(split.testItems[0] == 3)
    #expect(split.trainingSequences[1] == [2])
    #expect(split.validationItems[1] == 0)
    #expect(split.testItems[1] == 4)
}

@Test func timestampTiesBreakOnNumericItemID() {
    // All at the same second: ids 30, 4, 200, 1 order numerically as 1, 4, 30, 200
    // (a string order would give 1, 200, 30, 4).
    let ids = ["30", "4", "200", "1"]
    let rows: [(user: Int32, item: Int32, time: Int64)] = [(0, 0, 7), (0, 1, 7), (0, 2, 7), (0, 3, 7)]
    let split = LeaveOneOutSplit(interactions: interactions(rows, users: 1), itemIDs: ids)
    #expect(split.trainingSequences[0] == [3, 1])
    #expect(split.validationItems[0] == 0)
    #expect(split.testItems[0] == 2)
}

@Test func nonNumericIDsBreakTiesAsStrings() {
    let ids = ["b", "a", "10", "9"]
    let rows: [(user: Int32, item: Int32, time: Int64)] = [(0, 0, 1), (0, 1, 1), (0, 2, 1), (0, 3, 1)]
    let split = LeaveOneOutSplit(interactions: interactions(rows, users: 1), itemIDs: ids)
    // String order: "10" < "9" < "a" < "b".
    #expect(split.trainingSequences[0] == [2, 3])
    #expect(split.validationItems[0] == 1)
    #expect(split.testItems[0] == 0)
}

@Test func shortHistoriesStayInTrainingAndAreNotEvaluated() {
    let ids = ["1", "2", "3"]
    let rows: [(user: Int32, item: Int32, time: Int64)] = [(0, 0, 1), (0, 1, 2), (1, 0, 1), (1, 1, 2), (1, 2, 3)]
    let split = LeaveOneOutSplit(interactions: interactions(rows, users: 2), itemIDs: ids)
    #expect(split.trainingSequences[0] == [0, 1])
    #expect(split.testItems[0] == nil && split.validationItems[0] == nil)
    #expect(split.evaluatedUsers == [1])
}

@Test func repeatedItemCountsOnlyAtItsLatestTime() {
    let ids = ["1", "2", "3", "4"]
    // Item 0 is rated at t=1 and again last: it is the test item and not in training.
    let rows: [(user: Int32, item: Int32, time: Int64)] = [(0, 0, 1), (0, 1, 2), (0, 2, 3), (0, 3, 4), (0, 0, 5)]
    let split = LeaveOneOutSplit(interactions: interactions(rows, users: 1), itemIDs: ids)
    #expect(split.testItems[0] == 0)
    #expect(split.validationItems[0] == 3)
    #expect(split.trainingSequences[0] == [1, 2])
}

@Test func noHeldOutInteractionReachesTheTrainingStream() {
    // A seeded random catalog: 40 users, 25 items, many timestamp ties.
    var rng = SeededGenerator(seed: 42)
    var rows: [(user: Int32, item: Int32, time: Int64)] = []
    for user in 0..<40 {
        let count = Int(rng.next() % 12) + 1
        var items = Array(0..<25).shuffled(using: &rng).prefix(count)
        items.shuffle(using: &rng)
        for item in items { rows.append((Int32(user), Int32(item), Int64(rng.next() % 4))) }
    }
    rows.shuffle(using: &rng)
    let ids = (0..<25).map { String(100 - $0) }
    let split = LeaveOneOutSplit(interactions: interactions(rows, users: 40), itemIDs: ids)
    var heldOut = Set<[Int]>()
    for user in 0..<40 {
        if let v = split.validationItems[user] { heldOut.insert([user, v]) }
        if let t = split.testItems[user] { heldOut.insert([user, t]) }
    }
    #expect(!heldOut.isEmpty)
    for row in 0..<split.training.count {
        #expect(!heldOut.contains([Int(split.training.users[row]), Int(split.training.items[row])]))
    }
    // Training + held-out rows account for every interaction exactly once.
    #expect(split.training.count + heldOut.count == rows.count)
    // The held-out items are the latest by (time, id) in each user's history.
    for user in 0..<40 {
        guard let test = split.testItems[user], let valid = split.validationItems[user] else { continue }
        let mine = rows.filter { $0.user == Int32(user) }
            .sorted { ($0.time, 100 - Int($0.item)) < ($1.time, 100 - Int($1.item)) }
        #expect(Int(mine.last!.item) == test)
        #expect(Int(mine[mine.count - 2].item) == valid)
        #expect(split.trainingSequences[user] == mine.dropLast(2).map { Int($0.item) })
    }
}

