import Testing
@testable import CurioCatalog

@Suite struct FacetLabelsTests {
    static let runtimeBands = CatalogManifest.Facet(
        column: "runtime", kind: .bands, cuts: [90, 120, 150],
        labels: ["under 90 min", "90-119 min", "120-149 min", "150 min or more"])

    static let facets: [CatalogManifest.Facet] = [
        .init(column: "genres", kind: .list),
        .init(column: "year", kind: .decade),
        runtimeBands,
        .init(column: "mpaa", kind: .category),
    ]

    static func manifest(_ facets: [CatalogManifest.Facet]) -> CatalogManifest {
        CatalogManifest(name: "Test", itemNoun: "movie", itemNounPlural: "movies", description: "",
                        attribution: "", license: "", facets: facets)
    }

    static func labels(_ facets: [CatalogManifest.Facet] = facets, _ items: [Item] = items) throws -> FacetLabels {
        try FacetLabels(manifest: manifest(facets), items: items)
    }

    static let items: [Item] = [
        Item(index: 0, id: "1", title: "Toy Story", year: 1995,
             genres: ["Comedy", "Animation", "Children"], runtime: 81, mpaa: "G"),
        Item(index: 1, id: "2", title: "The Matrix", year: 1999,
             genres: ["Sci-Fi", "Action"], runtime: 136, mpaa: "R"),
        Item(index: 2, id: "3", title: "Metropolis", year: 1927, genres: ["Sci-Fi", "Drama"]),
        Item(index: 3, id: "4", title: "Unknown Everything"),
        Item(index: 4, id: "5", title: "Amélie", year: 2001, genres: ["Romance", "Comedy"],
             runtime: 120, mpaa: "R"),
    ]

    @Test func allLabelsComeInFacetThenValueOrder() throws {
        let labels = try Self.labels()
        #expect(labels.all == [
            "genres=Action", "genres=Animation", "genres=Children", "genres=Comedy",
            "genres=Drama", "genres=Romance", "genres=Sci-Fi",
            "year=1920s", "year=1990s", "year=2000s",
            "runtime=under 90 min", "runtime=90-119 min", "runtime=120-149 min",
            "runtime=150 min or more",
            "mpaa=G", "mpaa=R",
        ])
        #expect(labels.position(of: "year=1990s") == 8)
        #expect(labels.position(of: "year=1980s") == nil)
        #expect(labels.labels(column: "mpaa") == ["mpaa=G", "mpaa=R"])
        #expect(labels.labels(column: "imdb_rating").isEmpty)
    }

    @Test func itemLabelsAreKnownValuesOnlyInVocabularyOrder() throws {
        let labels = try Self.labels()
        #expect(labels.labels(for: Self.items[0]) == [
            "genres=Animation", "genres=Children", "genres=Comedy",
            "year=1990s", "runtime=under 90 min", "mpaa=G",
        ])
        #expect(labels.labels(for: Self.items[2]) == ["genres=Drama", "genres=Sci-Fi", "year=1920s"])
        #expect(labels.labels(for: Self.items[3]).isEmpty)
        // 120 is a cut: it starts the next band.
        #expect(labels.labels(for: Self.items[4]).contains("runtime=120-149 min"))
    }

    @Test func numbersFallInBandsAndDecades() throws {
        let labels = try Self.labels()
        #expect(labels.label(column: "year", number: 1994) == "year=1990s")
        #expect(labels.label(column: "year", number: 2000) == "year=2000s")
        #expect(labels.label(column: "year", number: 1989.9) == "year=1980s")
        #expect(labels.label(column: "runtime", number: 89) == "runtime=under 90 min")
        #expect(labels.label(column: "runtime", number: 90) == "runtime=90-119 min")
        #expect(labels.label(column: "runtime", number: 400) == "runtime=150 min or more")
        #expect(labels.label(column: "runtime", number: .nan) == nil)
        #expect(labels.label(column: "genres", number: 3) == nil)
        #expect(labels.label(column: "budget", number: 3) == nil)
        #expect(FacetLabels.decade(of: 1994) == "1990s")
        #expect(FacetLabels.decade(of: -5) == "-10s")
    }

    @Test func notOnlyMovies() throws {
        // A book catalog might list publication years as categories and split votes into bands.
        let facets: [CatalogManifest.Facet] = [
            .init(column: "year", kind: .category),
            .init(column: "imdb_votes", kind: .bands, cuts: [1000], labels: ["niche", "popular"]),
        ]
        let items = [Item(index: 0, id: "a", title: "A", year: 1850, imdbVotes: 20),
                     Item(index: 1, id: "b", title: "B", year: 1990, imdbVotes: 5000)]
        let labels = try Self.labels(facets, items)
        #expect(labels.all == ["year=1850", "year=1990", "imdb_votes=niche", "imdb_votes=popular"])
        #expect(labels.labels(for: items[1]) == ["year=1990", "imdb_votes=popular"])
    }

    @Test(arguments: [
        (CatalogManifest.Facet(column: "budget", kind: .list), "facets[0].column", "not a facet column"),
        (CatalogManifest.Facet(column: "mpaa", kind: .decade), "facets[0].kind", "does not suit"),
        (CatalogManifest.Facet(column: "runtime", kind: .bands), "facets[0].cuts", "cut points"),
        (CatalogManifest.Facet(column: "runtime", kind: .bands, cuts: [120, 90], labels: ["a", "b", "c"]),
         "facets[0].cuts", "strictly ascending"),
        (CatalogManifest.Facet(column: "runtime", kind: .bands, cuts: [90], labels: ["short"]),
         "facets[0].labels", "needs 2 labels"),
        (CatalogManifest.Facet(column: "runtime", kind: .bands, cuts: [90], labels: ["x", "x"]),
         "facets[0].labels", "same label"),
    ])
    func badFacetsAreNamed(facet: CatalogManifest.Facet, key: String, message: String) {
        do {
            _ = try Self.labels([facet])
            Issue.record("expected an error for \(facet)")
        } catch CatalogError.manifest(let errorKey, let errorMessage) {
            #expect(errorKey == key)
            #expect(errorMessage.contains(message), "\(errorMessage)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func aFacetDeclaredTwiceIsAnError() {
        #expect(throws: CatalogError.self) {
            try Self.labels([Self.runtimeBands, Self.runtimeBands], [])
        }
    }
}
