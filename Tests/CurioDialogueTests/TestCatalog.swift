import CurioCatalog
@testable import CurioDialogue

/// A small hand-made catalog with the titles the tests talk about, including traps:
/// two "Titanic"s (ambiguous), "Funny" and "It" (common words), "Up".
enum TestCatalog {
    static let rows: [(String, String, Int?, Int?, String, String?, Double?)] = [
        ("2571", "The Matrix", 1999, 136, "Action|Sci-Fi|Thriller", "R", 8.7),
        ("1270", "Back to the Future", 1985, 116, "Adventure|Comedy|Sci-Fi", "PG", 8.5),
        ("2716", "Ghostbusters", 1984, 105, "Action|Comedy|Sci-Fi", "PG", 7.8),
        ("1721", "Titanic", 1997, 194, "Drama|Romance", "PG-13", 7.8),
        ("2157", "Titanic", 1953, 98, "Action|Drama", nil, 7.0),
        ("1889", "Funny Games", 1997, 108, "Drama|Thriller", nil, 7.6),
        ("9001", "Funny", 1988, 81, "Comedy|Documentary", nil, 6.0),
        ("1214", "Alien", 1979, 117, "Horror|Sci-Fi", "R", 8.5),
        ("1200", "Aliens", 1986, 137, "Action|Horror|Sci-Fi", "R", 8.4),
        ("1", "Toy Story", 1995, 81, "Adventure|Animation|Children|Comedy|Fantasy", "G", 8.3),
        ("260", "Star Wars", 1977, 121, "Action|Adventure|Sci-Fi", "PG", 8.6),
        ("858", "The Godfather", 1972, 175, "Crime|Drama", "R", 9.2),
        ("3785", "Scary Movie", 2000, 88, "Comedy|Horror", "R", 6.2),
        ("6942", "Love Actually", 2003, 135, "Comedy|Drama|Romance", "R", 7.6),
        ("6", "Heat", 1995, 170, "Action|Crime|Thriller", "R", 8.2),
        ("68954", "Up", 2009, 96, "Adventure|Animation|Children|Drama", nil, nil),
        ("9002", "It", 2017, nil, "Horror", nil, nil),
        ("4973", "Amélie", 2001, 122, "Comedy|Romance", "R", 8.3),
        ("47", "Seven", 1995, 127, "Mystery|Thriller", "R", 8.6),
        ("1265", "Groundhog Day", 1993, 101, "Comedy|Fantasy|Romance", "PG", 8.0),
        ("1258", "The Shining", 1980, 146, "Horror", "R", 8.4),
        ("6377", "Finding Nemo", 2003, 100, "Adventure|Animation|Children|Comedy", "G", 8.1),
        ("912", "Casablanca", 1942, 102, "Drama|Romance", nil, 8.5),
        ("122904", "Mad Max: Fury Road", 2015, 120, "Action|Adventure|Sci-Fi", "R", nil),
        ("79132", "Inception", 2010, 148, "Action|Crime|Sci-Fi|Thriller", "PG-13", 8.8),
        ("480", "Jurassic Park", 1993, 127, "Action|Adventure|Sci-Fi|Thriller", "PG-13", 8.1),
        ("364", "The Lion King", 1994, 89, "Adventure|Animation|Children|Drama|Musical", "G", 8.5),
        ("296", "Pulp Fiction", 1994, 154, "Comedy|Crime|Drama|Thriller", "R", 8.9),
        ("58559", "The Dark Knight", 2008, 152, "Action|Crime|Drama", "PG-13", 9.0),
        ("39", "Clueless", 1995, 97, "Comedy|Romance", "PG-13", 6.8),
    ]

    static let items: [Item] = rows.enumerated().map { i, r in
        Item(index: i, id: r.0, title: r.1, year: r.2, genres: r.4.split(separator: "|").map(String.init),
             runtime: r.3, mpaa: r.5, imdbRating: r.6)
    }

    static let manifest = CatalogManifest(
        name: "test", itemNoun: "movie", itemNounPlural: "movies", description: "", attribution: "", license: "",
        facets: [
            .init(column: "genres", kind: .list), .init(column: "year", kind: .decade),
            .init(column: "runtime", kind: .bands, cuts: [90, 120, 150],
                  labels: ["under 90 min", "90-119 min", "120-149 min", "150 min or more"]),
            .init(column: "mpaa", kind: .category),
            .init(column: "imdb_rating", kind: .bands, cuts: [5, 6, 7, 8],
                  labels: ["IMDb under 5", "IMDb 5-6", "IMDb 6-7", "IMDb 7-8", "IMDb 8+"]),
        ])

    static let catalog = Catalog(manifest: manifest, items: items, interactions: Interactions())
    static let facts = ItemList(items)

    static func index(_ title: String, year: Int? = nil) -> Int {
        items.first { $0.title == title && (year == nil || $0.year == year) }!.index
    }

    /// The repository root, found from this file's path.
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/CurioDialogueTests/TestCatalog.swift
        return parts.joined(separator: "/")
    }()

    static let understanding: Understanding = {
        do {
            return try Understanding.load(lexiconDirectory: root + "/prompts/lexicon", titles: FuzzyTitles(items: items))
        } catch {
            fatalError("lexicon: \(error)")
        }
    }()
}

/// A typo-tolerant title lookup for tests: optimal-string-alignment edit distance
/// over normalised titles ("the matirx" → The Matrix), standing in for CurioCatalog's
/// TitleSearch.
struct FuzzyTitles: TitleResolving {
    let keys: [(item: Int, key: [Character])]

    init(items: [Item]) {
        keys = items.map { ($0.index, Array(Self.normalise($0.title))) }
    }

    static func normalise(_ s: String) -> String {
        let cleaned: [Character] = s.lowercased().map { c -> Character in c.isLetter || c.isNumber ? c : " " }
        var words: [String] = cleaned.split(separator: " ").map { String($0) }
        if words.first == "the", words.count > 1 { words.removeFirst() }
        return words.joined(separator: " ")
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    func resolveTitle(_ query: String, limit: Int) -> [TitleCandidate] {
        let q = Array(Self.normalise(query))
        guard !q.isEmpty, q.count < 80 else { return [] }
        return keys.map { k in
            TitleCandidate(item: k.item, score: 1 - Double(Self.distance(q, k.key)) / Double(max(q.count, k.key.count)))
        }
        .sorted { ($0.score, -$0.item) > ($1.score, -$1.item) }
        .prefix(limit).map { $0 }
    }

    func titleSpans(in text: String, limit: Int) -> [TitleSpan] {
        var words: [Range<String.Index>] = []
        var i = text.startIndex
        while i < text.endIndex {
            guard text[i] != " " else { i = text.index(after: i); continue }
            let start = i
            while i < text.endIndex, text[i] != " " { i = text.index(after: i) }
            words.append(start..<i)
        }
        guard words.count < 200 else { return [] }
        var spans: [TitleSpan] = []
        var w = 0
        while w < words.count {
            var found: TitleSpan?
            for n in stride(from: min(6, words.count - w), through: 2, by: -1) {
                let range = words[w].lowerBound..<words[w + n - 1].upperBound
                let candidates = resolveTitle(String(text[range]), limit: limit)
                if let top = candidates.first, top.score >= 0.9 { found = TitleSpan(range: range, candidates: candidates); w += n; break }
            }
            if let found { spans.append(found) } else { w += 1 }
        }
        return spans
    }
}
