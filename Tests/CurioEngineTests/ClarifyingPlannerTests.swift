import CurioCatalog
import CurioDialogue
import Testing
@testable import CurioEngine

/// The facet chosen is the one with the highest expected information gain, against
/// gains computed by hand on five candidates.
@Suite struct ClarifyingPlannerTests {
    /// Five candidates with probabilities 0.4, 0.2, 0.2, 0.1, 0.1; B's runtime is unknown.
    static let items = [
        Item(index: 0, id: "a", title: "A", year: 1975, genres: ["Comedy"], runtime: 90),
        Item(index: 1, id: "b", title: "B", year: 1995, genres: ["Comedy"], runtime: nil),
        Item(index: 2, id: "c", title: "C", year: 2005, genres: ["Drama"], runtime: 130),
        Item(index: 3, id: "d", title: "D", year: 2010, genres: ["Drama"], runtime: 95),
        Item(index: 4, id: "e", title: "E", year: 2012, genres: ["Comedy", "Drama"], runtime: 100),
    ]
    static let p = [0.4, 0.2, 0.2, 0.1, 0.1]

    // By hand, in bits. H(I) = 0.4·log2(2.5) + 2·0.2·log2(5) + 2·0.1·log2(10) = 2.121928.
    // Year, best split {A} | {B} | {C, D, E} (or {A} | {B, C} | {D, E}, as good):
    //   H(I|a) is 0, 0 and H(.5, .25, .25) = 1.5 with P = 0.4 → IG = 2.121928 − 0.6 = 1.521928.
    // Runtime, best split under 100 | 100–109 | 110 on; B (unknown) is spread over all three:
    //   rows (A .4, D .1, B .0667), (E .1, B .0667), (C .2, B .0667) → IG = 1.086681.
    // Genre {Comedy, Drama}; E carries both and is split between them:
    //   rows (A .4, B .2, E .05) and (C .2, D .1, E .05) → IG = 0.834068.
    static let year = 1.521928, runtime = 1.086681, genre = 0.834068

    @Test func entropyAndGainMatchTheHandComputation() {
        #expect(abs(ClarifyingPlanner.entropy(Self.p) - 2.121928) < 1e-6)
        // A question every candidate answers the same way tells nothing.
        let same = ClarifyingPlanner.informationGain(Self.p, admits: [[true, true, true, true, true], [false, false, false, false, false]])
        #expect(abs(same.gain) < 1e-12)
        // One that singles out each candidate tells everything.
        let all = ClarifyingPlanner.informationGain([0.5, 0.5], admits: [[true, false], [false, true]])
        #expect(abs(all.gain - 1) < 1e-12)
    }

    @Test func eachFacetsBestAnswersHaveTheHandComputedGain() throws {
        let year = try #require(ClarifyingPlanner.plan(for: .year, candidates: Self.items, probabilities: Self.p))
        #expect(abs(year.gain - Self.year) < 1e-5)
        #expect(year.answers.count == 3)
        #expect(year.answers.first == .years(min: nil, max: 1979))  // "a classic (before 1980)"
        let runtime = try #require(ClarifyingPlanner.plan(for: .runtime, candidates: Self.items, probabilities: Self.p))
        #expect(abs(runtime.gain - Self.runtime) < 1e-5)
        #expect(runtime.answers == [.runtime(min: nil, max: 99), .runtime(min: 100, max: 109), .runtime(min: 110, max: nil)])
        let genre = try #require(ClarifyingPlanner.plan(for: .genre, candidates: Self.items, probabilities: Self.p))
        #expect(abs(genre.gain - Self.genre) < 1e-5)
        #expect(Set(genre.answers) == [.genre("Comedy"), .genre("Drama")])
        // Nothing known about ratings or MPAA: nothing to ask.
        #expect(ClarifyingPlanner.plan(for: .rating, candidates: Self.items, probabilities: Self.p) == nil)
        #expect(ClarifyingPlanner.plan(for: .mpaa, candidates: Self.items, probabilities: Self.p) == nil)
    }

    @Test func theChosenFacetHasTheHighestGainAmongThoseNotAskedYet() {
        func chosen(_ facets: [Facet]) -> Facet? {
            ClarifyingPlanner.best(candidates: Self.items, probabilities: Self.p, facets: facets)?.facet
        }
        #expect(chosen(Facet.allCases) == .year)
        #expect(chosen([.genre, .runtime, .rating, .mpaa]) == .runtime)  // the year was asked
        #expect(chosen([.genre, .rating, .mpaa]) == .genre)
        #expect(chosen([.rating, .mpaa]) == nil)
    }

    @Test func anAnswerHoldingTooLittleMassIsNotOffered() throws {
        // 96% of the mass is from the 2000s: no split leaves ≥ 10% on both sides.
        let p = [0.96, 0.01, 0.01, 0.01, 0.01]
        var items = Self.items
        items[0].year = 2008
        for (i, y) in [1950, 1960, 1970, 1985].enumerated() { items[i + 1].year = y }
        #expect(ClarifyingPlanner.plan(for: .year, candidates: items, probabilities: p) == nil)
    }
}
