import Testing
import CurioCatalog
@testable import CurioDialogue

/// prompts/preferences.tsv: what "lighter", "newer", "a hidden gem" mean in an item's facts.
@Suite struct PreferenceFactsTests {
    static let core = [
        Item(index: 0, id: "1", title: "Toy Story", year: 1995, genres: ["Animation", "Children", "Comedy"],
             runtime: 81, mpaa: "G", imdbRating: 8.3, imdbVotes: 900_000),
        Item(index: 1, id: "2", title: "Seven", year: 1995, genres: ["Crime", "Mystery", "Thriller"],
             runtime: 127, mpaa: "R", imdbRating: 8.6, imdbVotes: 1_500_000),
        Item(index: 2, id: "3", title: "A Quiet Drama", year: 1962, genres: ["Drama"], runtime: 150,
             imdbRating: 7.6, imdbVotes: 3_000),
        Item(index: 3, id: "4", title: "Scary Comedy", year: 2012, genres: ["Comedy", "Horror"], runtime: 95,
             mpaa: "PG-13", imdbRating: 5.1, imdbVotes: 20_000),
        Item(index: 4, id: "5", title: "Unknown Facts", genres: ["Drama"]),
    ]
    static let pg13Thriller = Item(index: 99, id: "100", title: "Jurassic Park", year: 1993,
                                   genres: ["Action", "Adventure", "Sci-Fi", "Thriller"], runtime: 127, mpaa: "PG-13")

    /// Twenty little-seen documentaries, so that quantiles mean something: the most voted
    /// tenth is then Toy Story and Seven.
    static let items = core + (0..<20).map { i in
        Item(index: 5 + i, id: "\(6 + i)", title: "Documentary \(i)", year: 1980 + i, genres: ["Documentary"],
             runtime: 100, imdbRating: 6, imdbVotes: 1_000 * (i + 1))
    }
    static let shipped = TestCatalog.root + "/prompts/preferences.tsv"

    @Test func theShippedDefinitionsReadAsAPersonWould() throws {
        let facts = try PreferenceFacts(parsing: try String(contentsOfFile: Self.shipped, encoding: .utf8),
                                        source: Self.shipped, items: Self.items)
        let toyStory = Self.items[0], seven = Self.items[1], drama = Self.items[2], scary = Self.items[3]
        #expect(facts.fits(toyStory, .lighter) == true && facts.fits(seven, .lighter) == false)
        #expect(facts.fits(scary, .lighter) == false, "a comedy with horror in it is not lighter")
        #expect(facts.fits(seven, .darker) == true && facts.fits(toyStory, .darker) == false)
        #expect(facts.fits(toyStory, .lessViolent) == true && facts.fits(seven, .lessViolent) == false)
        #expect(facts.fits(drama, .lessViolent) == true, "an unknown MPAA rating does not fail")
        #expect(facts.fits(Self.pg13Thriller, .lessViolent) == true, "a thriller rated PG-13 is the less violent kind")
        #expect(facts.fits(scary, .newer) == true && facts.fits(drama, .older) == true)
        #expect(facts.fits(drama, .longer) == true && facts.fits(toyStory, .shorter) == true)
        #expect(facts.fits(drama, .hiddenGem) == true, "rated 7.6 with few votes")
        #expect(facts.fits(seven, .hiddenGem) == false && facts.fits(toyStory, .hiddenGem) == false)
        #expect(facts.fits(scary, .hiddenGem) == false, "little known but rated 5.1")
        #expect(facts.fits(seven, .popular) == true && facts.fits(drama, .popular) == false)
        #expect(facts.fits(Self.items[4], .newer) == false, "an unknown year fits no year rule")
        #expect(facts.fits(seven, .different) == nil, "'different' is relative to what was shown: no rule")
    }

    @Test func quantilesAreResolvedOverTheCatalogsItems() throws {
        // Years known: 1962, 1995, 1995, 2012 → q0 = 1962, q1 = 2012, q0.5 = 1995.
        let facts = try PreferenceFacts(parsing: "newer\tyear>=q0.5\nolder\tyear<=q0", source: "p.tsv", items: Self.core)
        #expect(facts.rules[.newer] == [[.bound(fact: .year, value: 1995, atMost: false)]])
        #expect(facts.rules[.older] == [[.bound(fact: .year, value: 1962, atMost: true)]])
    }

    @Test func aCatalogWithoutAFactHasNothingThatFitsARuleAboutIt() throws {
        let bare = Self.core.map { item -> Item in var item = item; item.imdbVotes = nil; return item }
        let facts = try PreferenceFacts(parsing: "popular\tvotes>=q0.9\nhiddenGem\tvotes<=q0.5", source: "p.tsv", items: bare)
        #expect(bare.allSatisfy { facts.fits($0, .popular) == false && facts.fits($0, .hiddenGem) == false })
    }

    @Test func aPreferenceOnSeveralLinesFitsAnItemThatMeetsAnyOfThem() throws {
        let facts = try PreferenceFacts(parsing: "lighter\tgenres-any:Comedy\nlighter\tgenres-any:Animation",
                                        source: "p.tsv", items: Self.items)
        #expect(facts.fits(Self.items[3], .lighter) == true && facts.fits(Self.items[0], .lighter) == true)
        #expect(facts.fits(Self.items[1], .lighter) == false)
    }

    @Test func aBadLineIsNamedWithItsFileAndLine() {
        func error(_ text: String) -> String {
            do {
                _ = try PreferenceFacts(parsing: text, source: "prefs.tsv", items: Self.items)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(error("# comment\nsillier\tyear>=2000") .hasPrefix("prefs.tsv:2: unknown preference 'sillier'"))
        #expect(error("newer\tyear>=q1.5").hasPrefix("prefs.tsv:1: 'q1.5' is not a quantile"))
        #expect(error("newer\tage>=3").hasPrefix("prefs.tsv:1: unknown fact 'age'"))
        #expect(error("newer\tyear=2000").hasPrefix("prefs.tsv:1: cannot read the clause 'year=2000'"))
        #expect(error("newer year>=2000").hasPrefix("prefs.tsv:1: expected 'preference<TAB>clauses'"))
        #expect(error("lighter\tgenres-any:").hasPrefix("prefs.tsv:1: 'genres-any:' names nothing"))
    }
}
