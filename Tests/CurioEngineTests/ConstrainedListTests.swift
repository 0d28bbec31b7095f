import Testing
import CurioCatalog
import CurioDialogue
@testable import CurioEngine

/// A generator whose next-item scores depend on the last item, so lists have structure.
struct ChainGenerator: ListGenerator {
    let table: [[Float]] // table[last + 1][item]; row 0 = empty list
    func start() -> Int { -1 }
    func itemLogits(_ last: Int) -> [Float] { table[last + 1] }
    func extend(_ last: Int, with item: Int) -> Int { item }
}

func smallCatalog() -> Catalog {
    let items = [
        Item(index: 0, id: "1", title: "Toy Story", year: 1995, genres: ["Animation", "Comedy"], runtime: 81, mpaa: "G", imdbRating: 8.2),
        Item(index: 1, id: "2", title: "Heat", year: 1995, genres: ["Action", "Crime"], runtime: 170, mpaa: "R", imdbRating: 8.2),
        Item(index: 2, id: "3", title: "Scream", year: 1996, genres: ["Horror"], runtime: 111, mpaa: "R", imdbRating: 7.0),
        Item(index: 3, id: "4", title: "Up", year: 2009, genres: ["Animation", "Comedy"]),
        Item(index: 4, id: "5", title: "Airplane!", year: 1980, genres: ["Comedy"], runtime: 88, mpaa: "PG", imdbRating: 7.7),
    ]
    let manifest = CatalogManifest(name: "t", itemNoun: "movie", itemNounPlural: "movies", description: "",
                                   attribution: "", license: "", facets: [])
    return Catalog(manifest: manifest, items: items, interactions: Interactions())
}

@Suite struct ConstrainedListTests {
    @Test func maskedItemsAreNeverEmittedEvenWhenTheModelPrefersThem() {
        let catalog = smallCatalog()
        var state = DialogueState()
        state.constraints.excludeGenres = ["Horror"]
        state.seen = [1]
        let mask = ConstraintMask(catalog: catalog, state: state)
        // The model loves Scream (2) and Heat (1): both forbidden.
        let row: [Float] = [1, 9, 10, 0.5, 2]
        let generator = ChainGenerator(table: Array(repeating: row, count: 6))
        let lists = ListBeamSearch(width: 3, length: 5).run(generator, allowed: mask.allowed)
        #expect(lists[0].items == [4, 0, 3])
        for list in lists {
            #expect(Set(list.items).count == list.items.count)
            #expect(!list.items.contains(1) && !list.items.contains(2))
        }
    }

    @Test func beamSearchFindsTheJointlyLikeliestList() {
        // Greedy takes 0 first (slightly better), but 1 → 2 is far better jointly.
        let table: [[Float]] = [
            [2.0, 1.9, -5],  // empty
            [-5, 0, 0],      // after 0: flat
            [0, -5, 8],      // after 1: 2 is nearly certain
            [0, 0, -5],      // after 2
        ]
        let generator = ChainGenerator(table: table)
        let all = [true, true, true]
        #expect(ListBeamSearch(width: 1, length: 2).run(generator, allowed: all)[0].items.first == 0)
        #expect(ListBeamSearch(width: 3, length: 2).run(generator, allowed: all)[0].items == [1, 2])
    }

    @Test func unknownFactsPassABoundUnlessTheFacetIsStrict() {
        let catalog = smallCatalog()
        var state = DialogueState()
        state.constraints.runtime = Bounds(max: 120)
        #expect(ConstraintMask(catalog: catalog, state: state).allowed == [true, false, true, true, true]) // Up: unknown, passes
        state.constraints.strictFacets = [.runtime]
        #expect(ConstraintMask(catalog: catalog, state: state).allowed == [true, false, true, false, true])
    }

    @Test func likedDislikedSeenAndShownItemsAreNeverAllowed() {
        let catalog = smallCatalog()
        var state = DialogueState()
        state.liked = [0]; state.disliked = [1]; state.seen = [2]
        let mask = ConstraintMask(catalog: catalog, state: state, alsoExcluded: [3])
        #expect(mask.allowed == [false, false, false, false, true])
        #expect(mask.allowedCount == 1)
    }

    @Test func relaxationDropsTheLeastImportantConstraintAndSaysSo() {
        let catalog = smallCatalog()
        var state = DialogueState()
        state.constraints.includeGenres = ["Comedy"]
        state.constraints.minimumRating = 9
        state.constraints.strictFacets = [.rating]
        let (mask, relaxed) = ConstraintMask.relaxed(catalog: catalog, state: state, minimum: 1)
        #expect(relaxed == [.rating])
        #expect(mask.allowed == [true, false, false, true, true])
    }

    @Test func relaxationNeverBringsBackExcludedItems() {
        let catalog = smallCatalog()
        var state = DialogueState()
        state.constraints.includeGenres = ["Horror"]
        state.seen = [2]
        let (mask, relaxed) = ConstraintMask.relaxed(catalog: catalog, state: state, minimum: 1)
        #expect(relaxed == [.genre])
        #expect(!mask.allowed[2] && mask.allowedCount == 4)
    }
}
