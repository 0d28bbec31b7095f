import Testing
import CurioCatalog
@testable import CurioDialogue

/// Understanding with the real title search over the default MovieLens catalog.
@Suite struct RealCatalogTests {
    static let loaded: (Catalog, Understanding)? = {
        guard let catalog = try? Catalog.load(from: TestCatalog.root + "/catalogs/movielens") else { return nil }
        let understanding = Understanding(lexicon: TestCatalog.understanding.lexicon, titles: TitleSearch(catalog: catalog))
        return (catalog, understanding)
    }()

    func ids(_ acts: [DialogueAct], _ catalog: Catalog) -> [String] {
        acts.compactMap { act -> String? in
            switch act {
            case .likeItem(.item(let i)): "like \(catalog.items[i].id)"
            case .dislikeItem(.item(let i)): "dislike \(catalog.items[i].id)"
            case .seenItem(.item(let i)): "seen \(catalog.items[i].id)"
            case .ambiguousTitle(let items, let s): "\(s.rawValue)? " + items.map { catalog.items[$0].id }.sorted().joined(separator: ",")
            default: nil
            }
        }
    }

    @Test(arguments: [
        ("I loved the matirx", ["like 2571"]),
        ("like back to the future and ghostbusters", ["like 1270", "like? 160080,2716"]),
        // "or" joins titles as "and" does (it also makes genres alternatives).
        ("like back to the future or ghostbusters", ["like 1270", "like? 160080,2716"]),
        ("hated titanic", ["dislike? 1721,3404"]),
        ("something funny", []),
        ("a comedy from the 90s under two hours", []),
        ("seen it", []),
        ("something up beat", []),
        ("heat", []),
        ("I've seen Heat", ["seen? 103372,6"]),  // Heat (1995) and The Heat (2013): ask
        ("similar to toy story", ["like 1"]),
        // A title written the way curio lists it: the year picks the film.
        ("I enjoyed Heat (1995), more like that", ["like 6"]),
        ("hated Titanic (1997)", ["dislike 1721"]),
        ("I've seen Psycho（1960）", ["seen 1219"]),
        // Pasted from a list exactly as curio shows it, colons and "a.k.a." included.
        ("i liked Léon: The Professional (a.k.a. The Professional) (Léon) (1994)", ["like 293"]),
        ("Sweeney Todd: The Demon Barber of Fleet Street (2007) is one of my favourites", ["like 56757"]),
        ("Crouching Tiger, Hidden Dragon (Wo hu cang long) (2000)很好看", ["like 3996"]),
        // The "or" of "Dr. Strangelove or: How I Learned…" belongs to the subtitle.
        ("loved dr. strangelove", ["like 750"]),
        // Dots of initials and abbreviations end no sentence.
        ("I liked E.T. the Extra-Terrestrial", ["like 1097"]),
        ("my favourite recently was Mrs. Doubtfire (1993)", ["like 500"]),
        // A colon, comma or dash inside a bare title does not cut it in two.
        ("big fan of Mission: Impossible", ["like 648"]),
        ("i watched Star Trek IV: The Voyage Home last week", ["seen 1376"]),
        ("loved The Good, the Bad and the Ugly", ["like 1201"]),
        ("loved toy story, the matrix", ["like 1", "like 2571"]),
        // "it" and a cue with no object are about the title just named, not an earlier focus.
        ("i watched Forrest Gump last week and liked it a lot", ["seen 356", "like 356"]),
        ("我上周看了Fargo，很喜欢", ["seen 608", "like 608"]),
        ("I've seen Heat (1995), didn't like it", ["seen 6", "dislike 6"]),
        // A typo in a longer title beats an exact shorter one inside it: not The Toy, then Troy.
        ("something like Toy Stroy for kids", ["like 1"]),
        ("I loved back to the futrue", ["like 1270"]),
        ("similar to the shawshank redemtpion", ["like 318"]),
    ])
    func titlesResolveOnlyWhenMeant(_ utterance: String, _ expected: [String]) throws {
        let (catalog, understanding) = try #require(Self.loaded, "catalogs/movielens missing")
        let got = ids(understanding.interpret(utterance).acts, catalog)
        #expect(got == expected, "\(utterance): \(understanding.interpret(utterance).acts)")
    }

    /// The year after a title is the title's, not a year filter: "Heat (1995)" once
    /// narrowed every list to 1995.
    @Test(arguments: ["I loved Heat (1995)", "Heat (1995) was great", "more like Psycho (1960)",
                      "the last thing i really liked was Ghostbusters (a.k.a. Ghost Busters) (1984)"])
    func aYearInParenthesesAfterATitleIsNoYearFilter(_ utterance: String) throws {
        let (_, understanding) = try #require(Self.loaded, "catalogs/movielens missing")
        let acts = understanding.interpret(utterance).acts
        #expect(acts.contains { if case .likeItem(.item) = $0 { true } else { false } }, "\(utterance): \(acts)")
        #expect(!acts.contains { if case .setYearRange = $0 { true } else { false } }, "\(utterance): \(acts)")
    }

    @Test func titleSearchCostPerUtterance() throws {
        let (_, understanding) = try #require(Self.loaded, "catalogs/movielens missing")
        let utterances = ["I loved the matirx", "like back to the future and ghostbusters", "a funny 90s movie under two hours",
                          "hated titanic", "something like alien but less violent"]
        let clock = ContinuousClock()
        let elapsed = clock.measure { for u in utterances { _ = understanding.interpret(u) } }
        print("understanding with title search on MovieLens: \(elapsed / utterances.count) per utterance")
    }
}
