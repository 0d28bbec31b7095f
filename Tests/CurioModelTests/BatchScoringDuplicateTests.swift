import Testing
@testable import CurioModel

/// `scoreBatch` scores identical contexts once (an explanation's ablations often leave a
/// prompt unchanged): every copy still gets its own, equal result, in order.
@Suite struct BatchScoringDuplicateTests {
    @Test func duplicateContextsGetTheSameResultsInOrder() throws {
        let model = try Tiny.model()
        let a: [Int32] = [5, 17, 30], b: [Int32] = [39, 11, 24, 8], c: [Int32] = [2]
        let contexts = [a, b, a, c, b, a, [5, 17, 31]]
        for rows in [8_192, 8] {
            let batched = try model.scoreBatch(contexts: contexts, selection: .range(Tiny.items), rowsPerChunk: rows)
            #expect(batched.count == contexts.count)
            for (i, context) in contexts.enumerated() {
                let single = try model.scoreBatch(contexts: [context], selection: .range(Tiny.items))[0]
                #expect(worstDifference(batched[i], single) < 1e-5, "context \(i), \(rows) rows per chunk")
            }
            #expect(batched[0] == batched[2] && batched[0] == batched[5] && batched[1] == batched[4])
            // A context differing in its last token is not taken for a copy.
            #expect(batched[6] != batched[0])
        }
    }
}
