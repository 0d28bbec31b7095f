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
}
