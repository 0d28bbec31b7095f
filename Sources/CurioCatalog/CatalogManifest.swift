/// The contents of a catalog's `catalog.json`: what the catalog is, how to credit
/// it, and which item columns are facets (the things users constrain and the model
/// gets attribute tokens for). See docs/catalogs.md.
public struct CatalogManifest: Sendable, Codable, Equatable {
    /// Human name, e.g. "MovieLens latest-small + IMDb".
    public var name: String
    /// What one item is called, singular and plural ("movie", "movies").
    public var itemNoun: String
    public var itemNounPlural: String
    public var description: String
    /// Who to credit and under which terms the data may be used.
    public var attribution: String
    public var license: String
    public var facets: [Facet]

    public init(name: String, itemNoun: String, itemNounPlural: String, description: String,
                attribution: String, license: String, facets: [Facet]) {
        self.name = name
        self.itemNoun = itemNoun
        self.itemNounPlural = itemNounPlural
        self.description = description
        self.attribution = attribution
        self.license = license
        self.facets = facets
    }

    /// One facet: an `items.tsv` column whose values become attribute tokens.
    public struct Facet: Sendable, Codable, Equatable {
        /// The column of `items.tsv` ("genres", "year", "runtime", "mpaa", "imdb_rating").
        public var column: String
        /// How values become attribute tokens.
        public var kind: Kind
        /// For `.bands`: ascending cut points; a value v falls in the band [cut[i], cut[i+1]).
        public var cuts: [Double]?
        /// For `.bands`: a label per band (cuts.count + 1 labels), e.g. "<90 min".
        public var labels: [String]?

        public enum Kind: String, Sendable, Codable {
            /// A list of categorical values (genres): one token per distinct value.
            case list
            /// One categorical value (MPAA rating): one token per distinct value.
            case category
            /// A number grouped by decade (years): one token per decade seen.
            case decade
            /// A number grouped into the bands given by `cuts`.
            case bands
        }

        public init(column: String, kind: Kind, cuts: [Double]? = nil, labels: [String]? = nil) {
            self.column = column
            self.kind = kind
            self.cuts = cuts
            self.labels = labels
        }
    }
}
