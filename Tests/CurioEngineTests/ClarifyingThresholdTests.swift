import CurioDialogue
import Testing
@testable import CurioEngine

/// The information threshold below which a list comes with a question, measured on the
/// shipped model: requests that say what they want tell the model more than it, requests
/// that say little tell it less. The printed table is the one in docs/engine.md
/// (`swift test --filter ClarifyingThresholdTests`).
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
    /// Requests that say little: nothing in particular, a loose length bound.
    static let broad = [
        "something good", "what should I watch tonight?", "surprise me with a movie", "something under two hours",
        "something under three hours", "今晚看什么好",
    ]
    /// A mood or a direction alone: the preference expert (and a model trained with
    /// `--preference-turns`) follows them, so how much they tell it is reported, not pinned.
    static let moods = [
        "something light", "something newer", "something long", "something darker", "less violent please",
        "not too long", "something popular", "不那么悲伤的", "短一点的",
    ]

    static func distribution(_ engine: Engine, _ text: String) throws -> CandidateDistribution {
        var tracker = DialogueTracker()
        tracker.apply(engine.understanding.interpret(text), facts: engine.catalog)
        return try engine.candidateDistribution(state: tracker.state)
    }

    static func bits(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    @Test(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
    func narrowRequestsTellTheModelMoreThanTheThresholdBroadOnesLess() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var table: [String] = ["group\tinformation\tentropy\trequest"]
        for (group, texts) in [("narrow", Self.narrow), ("broad", Self.broad), ("mood", Self.moods)] {
            for text in texts {
                let d = try Self.distribution(engine, text)
                table.append("\(group)\t\(Self.bits(d.information))\t\(Self.bits(d.entropy))\t\(text)")
                if group == "narrow" {
                    #expect(d.information > engine.informativeRequestBits, "\(text): \(d.information) bits would draw a question")
                } else if group == "broad" {
                    #expect(d.information < engine.informativeRequestBits, "\(text): \(d.information) bits would draw no question")
                }
            }
        }
        let clock = ContinuousClock()
        var start = clock.now
        let distribution = try engine.candidateDistribution(state: DialogueState())
        let scoring = clock.now - start
        start = clock.now
        let plan = engine.clarifyingPlan(state: DialogueState(), distribution: distribution)
        table.append("cold\t\(Self.bits(distribution.information))\t\(Self.bits(distribution.entropy))\t(nothing said)")
        table.append("time: distribution \(scoring), plan \(clock.now - start)")
        let asked = try #require(plan, "a cold start has a question worth asking")
        table.append("cold question: \(asked.facet) \(asked.answers), \((asked.gain * 100).rounded() / 100) bits")
        #expect(distribution.information < 1e-6, "nothing said tells the model nothing")
        print(table.joined(separator: "\n"))
    }
}
