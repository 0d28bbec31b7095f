/// The attribute labels of a catalog: every `column=label` its facets can produce,
/// in one fixed order, and the labels of each item.
///
/// The model's vocabulary gets one attribute token per label (`<|genres=Comedy|>`,
/// `<|year=1990s|>`, `<|runtime=90-119 min|>`), so the order here is the order of
/// those tokens and must not depend on anything but the manifest and the items:
/// facets in manifest order; within a facet, `list` and `category` values
/// alphabetically (by Unicode scalars, so the order is the same on every machine),
/// `decade` labels ascending, `bands` labels in cut order (every band the manifest
/// declares, even one no item falls in, so users can still ask for it).
///
/// Nothing here is about movies: a facet names an `items.tsv` column and its kind
/// decides how values become labels. Unknown values (`nil`, empty) get no label.
public struct FacetLabels: Sendable, Equatable {
    /// The manifest's facets.
    public let facets: [CatalogManifest.Facet]
    /// Every attribute label, `column=label`, in vocabulary order.
    public let all: [String]
    private let positionByLabel: [String: Int]

    /// Collects the labels of `manifest`'s facets over `items`.
    ///
    /// - Throws: `CatalogError.manifest` naming the facet's JSON key when the manifest
    ///   would not load (`Catalog.load` checks the same: facet columns that exist and
    ///   suit their kind, no facet twice, ascending cuts with one label per band), or
    ///   when a band label repeats, which would make two bands one token.
    /// - Complexity: O(n log n) in the number of item values.
    public init(manifest: CatalogManifest, items: [Item]) throws {
        try manifest.validate()
        var all: [String] = []
        for (i, facet) in manifest.facets.enumerated() {
            if let labels = facet.labels, Set(labels).count != labels.count {
                throw CatalogError.manifest(key: "facets[\(i)].labels",
                                            message: "two bands have the same label (\(labels.joined(separator: ", ")))")
            }
            all += Self.labels(of: facet, over: items).map { "\(facet.column)=\($0)" }
        }
        self.facets = manifest.facets
        self.all = all
        self.positionByLabel = Dictionary(all.enumerated().map { ($1, $0) },
                                          uniquingKeysWith: { first, _ in first })
    }

    /// The number of labels.
    public var count: Int { all.count }

    /// The position of `label` (`column=label`) in `all`, or nil if the catalog has no such label.
    public func position(of label: String) -> Int? { positionByLabel[label] }

    /// The labels of one facet (`"genres"` → `["genres=Action", …]`), in vocabulary
    /// order; empty when `column` is not a facet.
    public func labels(column: String) -> [String] {
        let prefix = column + "="
        return all.filter { $0.hasPrefix(prefix) }
    }

    /// The labels of `item`'s known facet values, in vocabulary order.
    ///
    /// A decade the item falls in is always among `all` when `item` was one of the
    /// items the labels were collected from.
    public func labels(for item: Item) -> [String] {
        var result: [String] = []
        for facet in facets {
            let values: [String]
            switch (facet.kind, item.facetValue(column: facet.column)) {
            case (.list, .text(let texts)?), (.category, .text(let texts)?):
                values = texts.filter { !$0.isEmpty }
            case (.list, .number(let x)?), (.category, .number(let x)?):
                values = x.map { [Self.format($0)] } ?? []
            case (.decade, .number(let x)?), (.bands, .number(let x)?):
                values = x.flatMap { Self.bandOrDecade(facet, $0) }.map { [$0] } ?? []
            default:
                values = []
            }
            result += Set(values).map { "\(facet.column)=\($0)" }
        }
        return result.sorted { (positionByLabel[$0] ?? .max) < (positionByLabel[$1] ?? .max) }
    }

    /// The label (`column=label`) a number falls under in a `decade` or `bands` facet:
    /// `label(column: "year", number: 1994)` is `"year=1990s"`,
    /// `label(column: "runtime", number: 95)` is `"runtime=90-119 min"`.
    ///
    /// Returns nil when `column` is not a `decade`/`bands` facet or `number` is not
    /// finite. The decade label is returned even when no item is from that decade;
    /// check `position(of:)` before using it as a token.
    public func label(column: String, number: Double) -> String? {
        guard let facet = facets.first(where: { $0.column == column }),
              facet.kind == .decade || facet.kind == .bands,
              let label = Self.bandOrDecade(facet, number) else { return nil }
        return "\(column)=\(label)"
    }

    /// The decade label of a year: 1994 → "1990s", 2000 → "2000s".
    public static func decade(of year: Int) -> String {
        let start = year >= 0 ? year / 10 * 10 : -((-year + 9) / 10 * 10)
        return "\(start)s"
    }

    // MARK: - Building

    private static func labels(of facet: CatalogManifest.Facet, over items: [Item]) -> [String] {
        switch facet.kind {
        case .bands:
            return facet.labels ?? []
        case .decade:
            var starts = Set<Int>()
            for item in items {
                if case .number(let x?)? = item.facetValue(column: facet.column), x.isFinite {
                    starts.insert(decadeStart(x))
                }
            }
            return starts.sorted().map { decade(of: $0) }
        case .list, .category:
            var values = Set<String>()
            for item in items {
                switch item.facetValue(column: facet.column) {
                case .text(let texts)?: values.formUnion(texts.filter { !$0.isEmpty })
                case .number(let x?)?: values.insert(format(x))
                default: break
                }
            }
            return values.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        }
    }

    private static func bandOrDecade(_ facet: CatalogManifest.Facet, _ x: Double) -> String? {
        guard x.isFinite else { return nil }
        switch facet.kind {
        case .decade:
            return decade(of: decadeStart(x))
        case .bands:
            guard let cuts = facet.cuts, let labels = facet.labels else { return nil }
            // Band i is [cuts[i-1], cuts[i]): the number of cuts at or below x.
            let band = cuts.prefix { $0 <= x }.count
            return band < labels.count ? labels[band] : nil
        case .list, .category:
            return nil
        }
    }

    private static func decadeStart(_ x: Double) -> Int {
        Int((x / 10).rounded(.down)) * 10
    }

    /// Whole numbers print without a fraction ("1994", not "1994.0").
    private static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// The value of one `items.tsv` column for one item, as facets see it.
enum FacetValue: Equatable {
    /// A text column; a list column (genres) has several values.
    case text([String])
    /// A numeric column; nil when unknown.
    case number(Double?)
}

extension Item {
    /// This item's value in the `items.tsv` column `column`, or nil if it is not a
    /// facet column (`CatalogManifest.facetColumns`).
    func facetValue(column: String) -> FacetValue? {
        switch column {
        case "genres": return .text(genres)
        case "mpaa": return .text(mpaa.map { [$0] } ?? [])
        case "year": return .number(year.map(Double.init))
        case "runtime": return .number(runtime.map(Double.init))
        case "imdb_rating": return .number(imdbRating)
        case "imdb_votes": return .number(imdbVotes.map(Double.init))
        default: return nil
        }
    }
}
