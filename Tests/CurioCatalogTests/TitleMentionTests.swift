import Testing
@testable import CurioCatalog

@Suite struct TitleMentionTests {
    /// Each mention as "span → top title (year)".
    func mentions(_ text: String) throws -> [String] {
        let (catalog, search) = try CatalogFixture.real()
        return search.mentions(in: text).map { m in
            let item = catalog.items[m.candidates[0].item]
            return "\(text[m.range]) → \(item.title) (\(item.year ?? 0))"
        }
    }

    @Test func twoTitlesInOneSentence() throws {
        #expect(try mentions("like back to the future and ghostbusters") == [
            "back to the future → Back to the Future (1985)",
            "ghostbusters → Ghostbusters (a.k.a. Ghost Busters) (1984)",
        ])
    }

    @Test func typoInsideASentence() throws {
        #expect(try mentions("I loved the matirx") == ["the matirx → The Matrix (1999)"])
    }

    @Test func sequelsAndYearsJoinTheSpan() throws {
        #expect(try mentions("we watched heat 1995 and the godfather part ii") == [
            "heat 1995 → Heat (1995)",
            "the godfather part ii → The Godfather: Part II (1974)",
        ])
        #expect(try mentions("I liked star wars and toy story 3 but not the terminator") == [
            "star wars → Star Wars: Episode IV - A New Hope (1977)",
            "toy story 3 → Toy Story 3 (2010)",
            "the terminator → The Terminator (1984)",
        ])
    }

    @Test func stopWordsAloneAreNeverTitles() throws {
        for text in ["i want something funny like a movie", "can you recommend a good movie for tonight",
                     "i love it", "one of those ones with a lot of it", "something like that please"] {
            #expect(try mentions(text).isEmpty, "\(text)")
        }
    }

    @Test func requestWordsDescribeRatherThanName() throws {
        #expect(try mentions("no horror, my kids are 8").isEmpty)
        #expect(try mentions("more like inception but older") == ["inception → Inception (2010)"])
        #expect(try mentions("i have seen the godfather and goodfellas") == [
            "the godfather → The Godfather (1972)", "goodfellas → Goodfellas (1990)",
        ])
    }

    @Test func longestGoodSpanWins() throws {
        // "the dark knight rises", not "the dark knight" plus a stray "rises".
        #expect(try mentions("loved the dark knight rises!") == ["the dark knight rises → The Dark Knight Rises (2012)"])
        #expect(try mentions("something like la cite des enfants perdus") ==
                ["la cite des enfants perdus → The City of Lost Children (La Cité des enfants perdus) (1995)"])
    }

    @Test func mentionsNeverOverlapAndCarryHonestScores() throws {
        let (_, search) = try CatalogFixture.real()
        for text in ["heat and psycho and the matrix reloaded and alien", "toy story toy story 2 toy story 3",
                     "back to the future part ii and back to the future", "jurasic park lost world"] {
            let found = search.mentions(in: text)
            for (a, b) in zip(found, found.dropFirst()) { #expect(a.range.upperBound <= b.range.lowerBound, "\(text)") }
            for m in found {
                #expect(!m.candidates.isEmpty)
                #expect(m.candidates[0].score >= TitleSearch.mentionThreshold && m.candidates[0].score <= 1)
            }
        }
        // An ambiguous mention keeps both readings for the dialogue to ask about.
        let heat = search.mentions(in: "i loved heat").first?.candidates.prefix(2).map(\.score)
        #expect(heat == [1, 1])
    }

    @Test func limitAndEmptyText() throws {
        let (_, search) = try CatalogFixture.real()
        #expect(search.mentions(in: "").isEmpty)
        #expect(search.mentions(in: "heat and psycho and alien", limit: 2).count == 2)
    }
}
