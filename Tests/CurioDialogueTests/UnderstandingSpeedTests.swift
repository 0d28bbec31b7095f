import Testing
@testable import CurioDialogue

@Suite struct UnderstandingSpeedTests {
    /// Understanding without title search stays well under a millisecond per utterance,
    /// even in a debug build.
    @Test func typicalUtterancesTakeUnderAMillisecond() {
        let plain = Understanding(lexicon: TestCatalog.understanding.lexicon, titles: nil)
        let utterances = (englishCases + chineseCases + multiTurnCases).flatMap { $0.turns.components(separatedBy: " || ") }
        let clock = ContinuousClock()
        var acts = 0
        let rounds = 5
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for u in utterances { acts += plain.interpret(u).acts.count }
            }
        }
        let perUtterance = elapsed / (rounds * utterances.count)
        print("understanding without title search: \(perUtterance) per utterance over \(utterances.count) utterances")
        #expect(acts > 0)
        #expect(perUtterance < .milliseconds(1))
    }
}
