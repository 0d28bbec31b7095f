import Foundation
import Testing
@testable import CurioCatalog

/// A query and the item a user means by it: (title as in items.tsv, year).
struct TitleQuery: Sendable, CustomTestStringConvertible {
    var query: String
    var title: String
    var year: Int
    var testDescription: String { "\"\(query)\" → \(title) (\(year))" }
    init(_ query: String, _ title: String, _ year: Int) {
        self.query = query
        self.title = title
        self.year = year
    }
}

/// What people type, and what they mean, on the default catalog.
let titleQueries: [TitleQuery] = [
    // typos
    TitleQuery("matirx", "The Matrix", 1999),
    TitleQuery("termnator 2", "Terminator 2: Judgment Day", 1991),
    TitleQuery("pulp fikshun", "Pulp Fiction", 1994),
    TitleQuery("the shawshank redemtion", "The Shawshank Redemption", 1994),
    TitleQuery("jurasic park", "Jurassic Park", 1993),
    TitleQuery("forest gump", "Forrest Gump", 1994),
    TitleQuery("walle", "WALL·E", 2008),
    // articles, either end, any language
    TitleQuery("the matrix", "The Matrix", 1999),
    TitleQuery("matrix the", "The Matrix", 1999),
    TitleQuery("matrix", "The Matrix", 1999),
    TitleQuery("the terminator", "The Terminator", 1984),
    TitleQuery("silence of the lambs", "The Silence of the Lambs", 1991),
    TitleQuery("das boot", "Das Boot (The Boat)", 1981),
    // sequels: part, digits, roman numerals
    TitleQuery("godfather part 2", "The Godfather: Part II", 1974),
    TitleQuery("godfather 2", "The Godfather: Part II", 1974),
    TitleQuery("godfather ii", "The Godfather: Part II", 1974),
    TitleQuery("the godfather part iii", "The Godfather: Part III", 1990),
    TitleQuery("godfather part two", "The Godfather: Part II", 1974),
    TitleQuery("toy story 3", "Toy Story 3", 2010),
    TitleQuery("toy story", "Toy Story", 1995),
    TitleQuery("back to the future part 2", "Back to the Future Part II", 1989),
    TitleQuery("rocky 2", "Rocky II", 1979),
    TitleQuery("rocky iv", "Rocky IV", 1985),
    TitleQuery("die hard 2", "Die Hard 2", 1990),
    TitleQuery("kill bill vol 2", "Kill Bill: Vol. 2", 2004),
    TitleQuery("kill bill volume 1", "Kill Bill: Vol. 1", 2003),
    // non-English and alternate titles
    TitleQuery("amelie", "Amelie (Le Fabuleux destin d'Amélie Poulain)", 2001),
    TitleQuery("cite des enfants perdus", "The City of Lost Children (La Cité des enfants perdus)", 1995),
    TitleQuery("la cite des enfants perdus", "The City of Lost Children (La Cité des enfants perdus)", 1995),
    TitleQuery("city of lost children", "The City of Lost Children (La Cité des enfants perdus)", 1995),
    TitleQuery("la vita e bella", "Life Is Beautiful (La Vita è bella)", 1997),
    TitleQuery("wo hu cang long", "Crouching Tiger, Hidden Dragon (Wo hu cang long)", 2000),
    TitleQuery("der untergang", "Downfall (Der Untergang)", 2004),
    TitleQuery("el laberinto del fauno", "Pan's Labyrinth (El Laberinto del fauno)", 2006),
    TitleQuery("se7en", "Seven (a.k.a. Se7en)", 1995),
    // accents, punctuation, "&"
    TitleQuery("amélie", "Amelie (Le Fabuleux destin d'Amélie Poulain)", 2001),
    TitleQuery("AMELIE", "Amelie (Le Fabuleux destin d'Amélie Poulain)", 2001),
    TitleQuery("leon the professional", "Léon: The Professional (a.k.a. The Professional) (Léon)", 1994),
    TitleQuery("schindlers list", "Schindler's List", 1993),
    TitleQuery("monsters inc", "Monsters, Inc.", 2001),
    TitleQuery("e.t.", "E.T. the Extra-Terrestrial", 1982),
    TitleQuery("et the extra terrestrial", "E.T. the Extra-Terrestrial", 1982),
    TitleQuery("fast and furious", "Fast & Furious (The Fast and the Furious 4)", 2009),
    TitleQuery("the good the bad and the ugly", "The Good, the Bad and the Ugly (Il Buono, il brutto, il cattivo)", 1966),
    // years
    TitleQuery("heat 1995", "Heat", 1995),
    TitleQuery("psycho (1960)", "Psycho", 1960),
    TitleQuery("psycho 1998", "Psycho", 1998),
    TitleQuery("the heat 2013", "The Heat", 2013),
    TitleQuery("2001", "2001: A Space Odyssey", 1968),
    TitleQuery("2001 a space odyssey", "2001: A Space Odyssey", 1968),
    // subtitles and partial titles
    TitleQuery("empire strikes back", "Star Wars: Episode V - The Empire Strikes Back", 1980),
    TitleQuery("return of the king", "The Lord of the Rings: The Return of the King", 2003),
    TitleQuery("lord of the rings fellowship", "The Lord of the Rings: The Fellowship of the Ring", 2001),
    TitleQuery("eternal sunshine", "Eternal Sunshine of the Spotless Mind", 2004),
    TitleQuery("harry potter and the prisoner", "Harry Potter and the Prisoner of Azkaban", 2004),
    TitleQuery("dark knight rises", "The Dark Knight Rises", 2012),
    TitleQuery("star wars", "Star Wars: Episode IV - A New Hope", 1977),
    TitleQuery("dr. strangelove", "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", 1964),
    TitleQuery("Spirited Away", "Spirited Away (Sen to Chihiro no kamikakushi)", 2001),
]

@Suite struct TitleSearchTests {
    @Test(arguments: titleQueries)
    func firstMatchIsTheMeantTitle(_ q: TitleQuery) throws {
        let (catalog, search) = try CatalogFixture.real()
        let matches = search.search(q.query, limit: 5)
        let first = try #require(matches.first, "no match for \(q.query)")
        let item = catalog.items[first.item]
        #expect(item.title == q.title && item.year == q.year,
                "got \(matches.map { "\(catalog.items[$0.item].title) (\(catalog.items[$0.item].year ?? 0)) \($0.score)" })")
    }

    /// The titles and years of the top `limit` matches.
    func top(_ query: String, _ limit: Int) throws -> [String] {
        let (catalog, search) = try CatalogFixture.real()
        return search.search(query, limit: limit).map { "\(catalog.items[$0.item].title) (\(catalog.items[$0.item].year ?? 0))" }
    }

    @Test func ambiguousTitlesListEveryReading() throws {
        let (_, search) = try CatalogFixture.real()
        #expect(try top("heat", 2) == ["Heat (1995)", "The Heat (2013)"])
        #expect(try top("psycho", 2) == ["Psycho (1960)", "Psycho (1998)"])
        #expect(try top("pride and prejudice", 3).sorted() == ["Pride & Prejudice (2005)", "Pride and Prejudice (1940)", "Pride and Prejudice (1995)"])
        // Both readings are exact, so both say so; popularity only orders them.
        let heat = search.search("heat", limit: 2)
        #expect(heat.map(\.score) == [1, 1])
    }

    @Test func yearHintDemotesOtherYears() throws {
        let (catalog, search) = try CatalogFixture.real()
        let matches = search.search("psycho 1998", limit: 2)
        #expect(matches.map { catalog.items[$0.item].year } == [1998, 1960])
        #expect(matches[0].score > matches[1].score)
    }

    @Test func scoresAreHonest() throws {
        let (_, search) = try CatalogFixture.real()
        for query in ["matirx", "heat", "godfather part 2", "zzzqqqxxx", "a"] {
            let matches = search.search(query, limit: 10)
            #expect(matches.allSatisfy { (0...1).contains($0.score) })
            #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
        // An exact title scores 1; a typo less; nonsense far less.
        #expect(search.search("the matrix", limit: 1).first?.score == 1)
        #expect((search.search("matirx", limit: 1).first?.score ?? 1) < 1)
        #expect((search.search("zzzqqqxxx", limit: 1).first?.score ?? 0) < 0.5)
    }

    @Test func emptyQueriesAndLimits() throws {
        let (_, search) = try CatalogFixture.real()
        #expect(search.search("", limit: 10).isEmpty)
        #expect(search.search("  ?! ", limit: 10).isEmpty)
        #expect(search.search("heat", limit: 0).isEmpty)
        #expect(search.search("star", limit: 7).count == 7)
    }

    @Test func worksOnAHandMadeCatalog() throws {
        let directory = try CatalogFixture.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let catalog = try Catalog.load(from: directory)
        let search = TitleSearch(catalog: catalog)
        #expect(search.search("matrix the", limit: 1).first?.item == 0)
        #expect(search.search("fabuleux destin d'amelie poulain", limit: 1).first?.item == 2)
    }
}
