import Testing
import CurioCatalog
@testable import CurioEngine

@Suite struct CoWatchTests {
    @Test func countsUsersWhoSawBothOnce() {
        // user 0: items 0,1; user 1: items 0,1,1 (a repeat); user 2: item 1,2
        let interactions = Interactions(users: [0, 0, 1, 1, 1, 2, 2], items: [0, 1, 0, 1, 1, 1, 2],
                                        ratings: Array(repeating: 4, count: 7), timestamps: Array(repeating: 0, count: 7),
                                        userIDs: ["a", "b", "c"])
        let co = CoWatch(itemCount: 3, interactions: interactions)
        #expect(co.count(0, 1) == 2)
        #expect(co.count(1, 2) == 1)
        #expect(co.count(0, 2) == 0)
        #expect(co.userCount(1) == 3)
    }

    @Test func cosineAndAffinityNormaliseByEachItemsWatchers() {
        // user 0: items 0,1; user 1: items 0,1; user 2: items 1,2
        let interactions = Interactions(users: [0, 0, 1, 1, 2, 2], items: [0, 1, 0, 1, 1, 2],
                                        ratings: Array(repeating: 4, count: 6), timestamps: Array(repeating: 0, count: 6),
                                        userIDs: ["a", "b", "c"])
        let co = CoWatch(itemCount: 4, interactions: interactions)
        let zero = co.cosine(0), two = co.cosine(2)
        #expect(zero[0] == 1)
        #expect(abs(zero[1] - 2 / Float(6).squareRoot()) < 1e-6)  // both watched by 2 of 2 and 3 users
        #expect(zero[2] == 0 && zero[3] == 0)                      // never together; never watched
        #expect(abs(two[1] - 1 / Float(3).squareRoot()) < 1e-6)
        let mean = co.affinity(to: [0, 2, 2])                      // a repeated liked item counts once
        #expect(abs(mean[1] - (zero[1] + two[1]) / 2) < 1e-6)
        #expect(co.affinity(to: []).allSatisfy { $0 == 0 })
        #expect(co.cosine(3).allSatisfy { $0 == 0 })               // an item nobody watched
    }
}
