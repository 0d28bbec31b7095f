import Testing
@testable import CurioModel

/// Scoring contexts against shared prefixes (`scoreBatch(contexts:sharing:selection:)`)
/// gives what the plain batched forward gives: an explanation's ablations are scored
/// this way, so a wrong position, a stale key or a skipped row would change every weight.
@Suite struct SuffixScoringTests {
    /// A next-item-like prompt and every ablation of one of its items, as `Engine.explain`
    /// scores them: each differs from the full prompt only from the removed item on.
    static let full: [Int32] = [1, 6, 24, 27, 31, 25, 38, 30, 33, 29, 26, 35]
    static var ablations: [[Int32]] {
        (2..<full.count).map { j in Array(full[..<j] + full[(j + 1)...]) }
    }
    static let selections: [TokenMask] = [.all, .range(Tiny.items), .tokens([33, 25, 2])]

    @Test func ablatedContextsEqualThePlainForward() throws {
        // One block (only the trimmed last block), two, three: every path through the layers.
        for layers in [1, 2, 3] {
            var config = Tiny.config
            config.layers = layers
            let model = try Tiny.model(config: config)
            let prefix = try model.sharedPrefix(Self.full)
            let contexts = [Self.full] + Self.ablations
            for selection in Self.selections {
                let plain = try model.scoreBatch(contexts: contexts, selection: selection)
                for rows in [1_024, 5] {
                    let shared = try model.scoreBatch(contexts: contexts, sharing: [prefix], selection: selection,
                                                      rowsPerChunk: rows)
                    #expect(shared.count == contexts.count)
                    for i in contexts.indices {
                        #expect(worstDifference(shared[i], plain[i]) < 1e-5,
                                "\(layers) layers, context \(i), \(selection), \(rows) rows per chunk")
                    }
                }
            }
        }
    }

    @Test func everyKindOfOverlapIsScoredAsAWhole() throws {
        let model = try Tiny.model()
        let other: [Int32] = [1, 6, 39, 11, 24, 8]
        let prefixes = [try model.sharedPrefix(Self.full), try model.sharedPrefix(other)]
        let contexts: [[Int32]] = [
            Array(Self.full.prefix(5)),     // a strict prefix of a prompt: its last token is recomputed
            other + [30, 31],               // shares all of the second prompt, none of the first's items
            [7, 7, 7, 7],                   // shares nothing
            [1],                            // one token, shared
            Self.full,                      // exactly a prompt: read from it, nothing run
            Array(Self.full.prefix(5)),     // a duplicate
            Self.full.dropLast() + [39],    // differs in its last token only
        ]
        let plain = try model.scoreBatch(contexts: contexts, selection: .range(Tiny.items))
        let shared = try model.scoreBatch(contexts: contexts, sharing: prefixes, selection: .range(Tiny.items))
        for i in contexts.indices { #expect(worstDifference(shared[i], plain[i]) < 1e-5, "context \(i)") }
        #expect(shared[0] == shared[5])
        #expect(shared[6] != shared[4])
        // No prefixes at all: every context runs whole, through the same trimmed forward.
        let alone = try model.scoreBatch(contexts: contexts, sharing: [], selection: .range(Tiny.items))
        for i in contexts.indices { #expect(worstDifference(alone[i], plain[i]) < 1e-5, "context \(i) without prefixes") }
    }

    @Test func badInputsGetErrorsNotCrashes() throws {
        let model = try Tiny.model(), stranger = try Tiny.model(seed: 8)
        let prefix = try stranger.sharedPrefix([1, 2, 3])
        #expect(throws: ModelError.self) { try model.scoreBatch(contexts: [[1, 2]], sharing: [prefix], selection: .all) }
        #expect(throws: ModelError.self) { try model.sharedPrefix([]) }
        #expect(throws: ModelError.sequenceTooLong(length: 17, limit: 16)) { try model.sharedPrefix(Array(repeating: 1, count: 17)) }
        #expect(throws: ModelError.tokenOutOfRange(token: 40, vocabSize: 40, context: "shared prefix")) {
            try model.sharedPrefix([1, 40])
        }
        #expect(throws: ModelError.self) { try model.scoreBatch(contexts: [[1], []], sharing: [], selection: .all) }
        #expect(throws: ModelError.self) { try model.scoreBatch(contexts: [[1, 45]], sharing: [], selection: .all) }
        #expect(throws: ModelError.self) { try model.scoreBatch(contexts: [[1]], sharing: [], selection: .range(30..<50)) }
        #expect(try model.scoreBatch(contexts: [], sharing: [], selection: .all).isEmpty)
    }
}
