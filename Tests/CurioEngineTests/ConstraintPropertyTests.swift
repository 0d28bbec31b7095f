import CurioCatalog
import CurioDialogue
import CurioEvaluation
import Testing
@testable import CurioEngine
import CurioRandom

/// The evaluation's seeded SplitMix64, so every random state is reproducible.
typealias SeededRandom = SeededGenerator

/// A random dialogue state over `catalog`: genres in and out, bounds (sometimes
/// impossible, so relaxation runs), MPAA, strict facets, liked/disliked/seen items.
func randomState(_ catalog: Catalog, genres: [String], mpaa: [String], using g: inout SeededRandom) -> DialogueState {
    var s = DialogueState()
    let n = catalog.items.count
    func items(_ max: Int) -> [Int] { (0..<Int.random(in: 0...max, using: &g)).map { _ in Int.random(in: 0..<n, using: &g) } }
    for i in items(4) where !s.liked.contains(i) { s.liked.append(i) }
    for i in items(3) where !s.liked.contains(i) && !s.disliked.contains(i) { s.disliked.append(i) }
    for i in items(6) where !s.seen.contains(i) { s.seen.append(i) }
    let shuffled = genres.shuffled(using: &g)
    s.constraints.includeGenres = Array(shuffled.prefix(Int.random(in: 0...2, using: &g)))
    s.constraints.excludeGenres = Array(shuffled.dropFirst(2).prefix(Int.random(in: 0...2, using: &g)))
    if Bool.random(using: &g) {
        let lo = Int.random(in: 1920...2015, using: &g)
        s.constraints.year = Bounds(min: Bool.random(using: &g) ? lo : nil, max: lo + Int.random(in: 0...20, using: &g))
    }
    if Bool.random(using: &g) { s.constraints.runtime = Bounds(max: Int.random(in: 60...200, using: &g)) }
    if Int.random(in: 0..<4, using: &g) == 0 { s.constraints.minimumRating = Double(Int.random(in: 50...95, using: &g)) / 10 }
    if Int.random(in: 0..<6, using: &g) == 0 { s.constraints.mpaaAllowed = [mpaa.randomElement(using: &g)!] }
    if Int.random(in: 0..<4, using: &g) == 0 {
        s.constraints.strictFacets = [[Facet.year, .runtime, .rating, .mpaa].randomElement(using: &g)!]
    }
    return s
}

@Suite struct ConstraintPropertyTests {
    /// 10 × 1,000 random states: every list item is a catalog item, distinct, never
    /// liked/disliked/seen/shown before, and satisfies the hard constraints (or the
    /// relaxed ones, and then only because nothing satisfied them all).
    @Test(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"), arguments: 0..<10)
    func randomStatesNeverGetAViolatingList(chunk: Int) throws {
        var engine = try #require(EngineFixture.engine)
        engine.beamWidth = 1
        let catalog = engine.catalog
        let genres = Set(catalog.items.flatMap(\.genres)).sorted()
        let mpaa = Set(catalog.items.compactMap(\.mpaa)).sorted()
        var g = SeededRandom(seed: UInt64(chunk) &* 7919 &+ 1)
        var audit = ListAudit()
        for _ in 0..<1_000 {
            let state = randomState(catalog, genres: genres, mpaa: mpaa, using: &g)
            try audit.audit(engine, state: state, shownBefore: randomShownBefore(catalog, using: &g))
        }
        #expect(audit.faults.isEmpty, "\(audit.faults)")
    }

    /// The genre index only skips items `verdict` would reject: masks with and without it agree.
    @Test(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
    func theGenreIndexNeverChangesAMask() throws {
        let engine = try #require(EngineFixture.engine)
        let catalog = engine.catalog
        let genres = Set(catalog.items.flatMap(\.genres)).sorted()
        let mpaa = Set(catalog.items.compactMap(\.mpaa)).sorted()
        var g = SeededRandom(seed: 99)
        for _ in 0..<200 {
            let state = randomState(catalog, genres: genres, mpaa: mpaa, using: &g)
            let plain = ConstraintMask(catalog: catalog, state: state)
            let indexed = ConstraintMask(catalog: catalog, state: state, genres: engine.genreIndex)
            #expect(plain.allowed == indexed.allowed)
        }
    }
}
