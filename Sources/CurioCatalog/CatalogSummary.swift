/// Counts that describe a catalog: its size, how complete each fact is, its genres.
///
/// What `curio catalog info` prints; `Codable` for `--json`.
public struct CatalogSummary: Sendable, Codable, Equatable {
    public var name: String
    public var items: Int
    public var users: Int
    public var interactions: Int
    /// How many items know each fact, in a fixed order (year, genres, runtime, MPAA,
    /// IMDb rating, IMDb votes).
    public var coverage: [Coverage]
    /// Items per genre, most common first (ties by name).
    public var genres: [GenreCount]
    /// Items with no genre at all.
    public var itemsWithoutGenre: Int

    public struct Coverage: Sendable, Codable, Equatable {
        public var fact: String
        public var known: Int
        /// known / items × 100.
        public var percent: Double
    }

    public struct GenreCount: Sendable, Codable, Equatable {
        public var genre: String
        public var items: Int
    }

    /// Summarises `catalog`.
    /// - Complexity: O(items × genres per item).
    public init(_ catalog: Catalog) {
        let items = catalog.items
        name = catalog.manifest.name
        self.items = items.count
        users = catalog.interactions.userCount
        interactions = catalog.interactions.count
        let facts: [(String, (Item) -> Bool)] = [
            ("year", { $0.year != nil }),
            ("genres", { !$0.genres.isEmpty }),
            ("runtime", { $0.runtime != nil }),
            ("MPAA rating", { $0.mpaa != nil }),
            ("IMDb rating", { $0.imdbRating != nil }),
            ("IMDb votes", { $0.imdbVotes != nil }),
        ]
        let total = Double(max(items.count, 1))
        coverage = facts.map { fact, isKnown in
            let known = items.reduce(0) { $0 + (isKnown($1) ? 1 : 0) }
            return Coverage(fact: fact, known: known, percent: (Double(known) / total * 1000).rounded() / 10)
        }
        var counts: [String: Int] = [:]
        for item in items { for genre in item.genres { counts[genre, default: 0] += 1 } }
        genres = counts.map { GenreCount(genre: $0.key, items: $0.value) }
            .sorted { $0.items != $1.items ? $0.items > $1.items : $0.genre < $1.genre }
        itemsWithoutGenre = items.reduce(0) { $0 + ($1.genres.isEmpty ? 1 : 0) }
    }
}
