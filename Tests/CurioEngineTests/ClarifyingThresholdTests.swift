import CurioDialogue
import Testing
@testable import CurioEngine

/// The entropy threshold above which a list comes with a question, measured on the
/// shipped model: requests that say what they want stay below it, requests that do not
/// go above it. The printed table is the one in docs/engine.md (`swift test --filter ClarifyingThresholdTests`).
@Suite struct ClarifyingThresholdTests {
    /// Requests that name a genre, an era or a liked title, or filter hard on rating or
    /// length (a floor of 7.5 leaves a few hundred items).
    static let narrow = [
        "a funny 90s movie", "I loved the matrix", "a horror movie from the 80s", "something like the matrix",
        "a thriller", "a drama from the 70s", "something like pulp fiction", "a documentary", "a musical",
        "a comedy", "an animated movie for kids", "a romantic comedy from the 2000s", "sci-fi under two hours",
        "I loved toy story and finding nemo", "a war movie", "一部90年代的喜剧",
        "something highly rated", "a hidden gem", "有什么评分高的", "under 90 minutes", "something rated 8 or higher",
    ]
    /// Requests that constrain little: a mood, a direction, a loose length bound.
    static let broad = [
        "something under two hours", "something light", "not too long", "something newer", "something long",
        "something darker", "less violent please", "短一点的",
    ]

    static func entropy(_ engine: Engine, _ text: String) throws -> Double {
        var tracker = DialogueTracker()
        tracker.apply(engine.understanding.interpret(text), facts: engine.catalog)
        return try engine.candidateDistribution(state: tracker.state).entropy
    }

    @Test(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
    func narrowRequestsStayBelowTheThresholdBroadOnesGoAbove() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var table: [String] = []
        for (group, texts) in [("narrow", Self.narrow), ("broad", Self.broad)] {
            for text in texts {
                let h = try Self.entropy(engine, text)
                table.append("\(group)\t\((h * 100).rounded() / 100)\t\(text)")
                if group == "narrow" {
                    #expect(h < Engine.broadEntropyThreshold, "\(text): \(h) bits would draw a question")
                } else {
                    #expect(h > Engine.broadEntropyThreshold, "\(text): \(h) bits would draw no question")
                }
            }
        }
        let clock = ContinuousClock()
        var start = clock.now
        let distribution = try engine.candidateDistribution(state: DialogueState())
        let scoring = clock.now - start
        start = clock.now
        let plan = engine.clarifyingPlan(state: DialogueState(), distribution: distribution)
        table.append("cold\t\((distribution.entropy * 100).rounded() / 100)\t(nothing said)")
        table.append("time: distribution \(scoring), plan \(clock.now - start)")
        let asked = try #require(plan, "a cold start has a question worth asking")
        table.append("cold question: \(asked.facet) \(asked.answers), \((asked.gain * 100).rounded() / 100) bits")
        #expect(distribution.entropy > Engine.broadEntropyThreshold)
        print(table.joined(separator: "\n"))
    }
}
