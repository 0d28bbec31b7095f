import Foundation
import Testing
import CurioCatalog
@testable import CurioDialogue

@Suite struct HardConstraintsTests {
    let unknownRuntime = Item(index: 0, id: "x", title: "X", year: 1995, genres: ["Comedy"])
    let short = Item(index: 1, id: "y", title: "Y", year: 1995, genres: ["Comedy"], runtime: 85, mpaa: "PG")
    let long = Item(index: 2, id: "z", title: "Z", year: 1995, genres: ["Comedy", "Romance"], runtime: 150, mpaa: "R")

    @Test func unknownValuesPassBoundsUnlessStrict() {
        var c = HardConstraints()
        c.runtime = Bounds(max: 120)
        #expect(c.verdict(for: unknownRuntime) == .init(passes: true, unknownFacets: [.runtime]))
        #expect(c.verdict(for: short) == .init(passes: true, unknownFacets: []))
        #expect(c.verdict(for: long).passes == false)
        c.strictFacets = [.runtime]
        #expect(c.verdict(for: unknownRuntime).passes == false)
    }

    @Test func genresAndMPAA() {
        var c = HardConstraints()
        c.includeGenres = ["Comedy"]
        c.excludeGenres = ["Romance"]
        #expect(c.verdict(for: short).passes)
        #expect(!c.verdict(for: long).passes)
        c = HardConstraints()
        c.mpaaAllowed = ["G", "PG"]
        #expect(c.verdict(for: short).passes)
        #expect(!c.verdict(for: long).passes)
        // An allow-list fails an unknown rating ("family friendly" is no unrated R film);
        // an exclusion lets it pass unless strict.
        #expect(!c.verdict(for: unknownRuntime).passes)
        c = HardConstraints()
        c.mpaaExcluded = ["R"]
        #expect(c.verdict(for: short).passes && !c.verdict(for: long).passes)
        #expect(c.verdict(for: unknownRuntime) == .init(passes: true, unknownFacets: [.mpaa]))
        c.strictFacets = [.mpaa]
        #expect(!c.verdict(for: unknownRuntime).passes)
    }

    @Test func alternativeGenresNeedOneOfThem() {
        var c = HardConstraints()
        c.anyGenres = ["Romance", "Horror"]
        #expect(!c.verdict(for: short).passes)   // Comedy only
        #expect(c.verdict(for: long).passes)     // Comedy, Romance
        c.includeGenres = ["Comedy"]
        #expect(c.verdict(for: long).passes && !c.verdict(for: short).passes)
        #expect(c.constrainedFacets == [.genre] && !c.isEmpty)
    }

    /// A conversation saved before a filter existed (a chat session file) still loads.
    @Test func constraintsSavedWithoutNewerKeysStillDecode() throws {
        var c = HardConstraints()
        c.includeGenres = ["Comedy"]
        c.runtime = Bounds(max: 120)
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any])
        json["anyGenres"] = nil
        json["strictFacets"] = nil
        let decoded = try JSONDecoder().decode(HardConstraints.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded == c)
    }

    @Test func invariantCheckerCatchesBrokenStates() {
        var s = DialogueState()
        s.liked = [1, 1]
        s.disliked = [1]
        s.constraints.year = Bounds(min: 2000, max: 1990)
        s.constraints.includeGenres = ["Comedy"]
        s.constraints.excludeGenres = ["Comedy"]
        let problems = s.check()
        #expect(problems.count == 4, "\(problems)")
        #expect(DialogueState().check().isEmpty)
    }
}
