/// One thing a catalog recommends (a movie, in the default catalog).
///
/// Every fact but `id` and `title` may be unknown (`nil`): a catalog joined from
/// several sources rarely knows everything about every item.
public struct Item: Sendable, Hashable {
    /// Dense position in `Catalog.items`, `0..<catalog.items.count`. Models, masks
    /// and score vectors are indexed by it.
    public var index: Int
    /// The catalog's own identifier, as written in `items.tsv` (MovieLens' movieId).
    public var id: String
    /// The title as people say it: "The Matrix", not "Matrix, The".
    public var title: String
    /// The title as the source wrote it, kept for search ("Matrix, The").
    public var originalTitle: String
    public var year: Int?
    /// Genre names, in the catalog's own spelling ("Sci-Fi").
    public var genres: [String]
    /// Length in minutes.
    public var runtime: Int?
    /// MPAA rating ("PG-13"), when known.
    public var mpaa: String?
    /// IMDb mean user rating, 1–10.
    public var imdbRating: Double?
    public var imdbVotes: Int?

    public init(index: Int, id: String, title: String, originalTitle: String? = nil,
                year: Int? = nil, genres: [String] = [], runtime: Int? = nil,
                mpaa: String? = nil, imdbRating: Double? = nil, imdbVotes: Int? = nil) {
        self.index = index
        self.id = id
        self.title = title
        self.originalTitle = originalTitle ?? title
        self.year = year
        self.genres = genres
        self.runtime = runtime
        self.mpaa = mpaa
        self.imdbRating = imdbRating
        self.imdbVotes = imdbVotes
    }
}
