import Foundation

extension CatalogManifest {
    /// Reads and validates `catalog.json` in `directory`.
    ///
    /// Throws `CatalogError.missingFile` when there is no such file and
    /// `CatalogError.manifest` naming the JSON key of anything wrong inside it.
    public static func load(from directory: String) throws -> CatalogManifest {
        try decode(readCatalogFile(named: "catalog.json", in: directory))
    }

    /// Decodes and validates the bytes of a `catalog.json`.
    ///
    /// Beyond the JSON shape it checks what loading would otherwise only discover
    /// later: non-empty names, facet columns that exist in `items.tsv` and suit the
    /// facet kind, no facet listed twice, and band cuts ascending with one label per band.
    public static func decode(_ bytes: [UInt8]) throws -> CatalogManifest {
        // A byte-order mark, which some editors add, is not JSON.
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if firstInvalidUTF8(bytes) != nil {
            throw CatalogError.manifest(key: nil, message: "not valid UTF-8")
        }
        if let syntax = JSONSyntaxCheck.firstError(in: bytes) {
            throw CatalogError.invalid(file: "catalog.json", line: syntax.line,
                                       message: "not valid JSON: \(syntax.message) (column \(syntax.column))")
        }
        let manifest: CatalogManifest
        do {
            manifest = try JSONDecoder().decode(CatalogManifest.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw CatalogError(decoding: error)
        } catch {
            throw CatalogError.manifest(key: nil, message: "not valid JSON (\(error))")
        }
        try manifest.validate()
        return manifest
    }

    /// The `items.tsv` columns a facet may use, and what kind of values they hold.
    static let facetColumns: [String: FacetColumnType] = [
        "genres": .list, "mpaa": .text, "year": .integer, "runtime": .integer,
        "imdb_votes": .integer, "imdb_rating": .decimal,
    ]

    enum FacetColumnType { case list, text, integer, decimal }

    func validate() throws {
        for (key, value) in [("name", name), ("itemNoun", itemNoun), ("itemNounPlural", itemNounPlural)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CatalogError.manifest(key: key, message: "must not be empty")
        }
        var seen: [String: Int] = [:]
        for (i, facet) in facets.enumerated() {
            let key = "facets[\(i)]"
            guard let type = Self.facetColumns[facet.column] else {
                throw CatalogError.manifest(key: key + ".column", message: "\"\(facet.column.sanitizedForTerminal)\" is not a facet column of items.tsv (one of: \(Self.facetColumns.keys.sorted().joined(separator: ", ")))")
            }
            if let first = seen[facet.column] {
                throw CatalogError.manifest(key: key + ".column", message: "\"\(facet.column)\" is already a facet (facets[\(first)])")
            }
            seen[facet.column] = i
            let fits: Bool
            switch facet.kind {
            case .list: fits = type == .list
            case .category: fits = type == .text || type == .integer
            case .decade, .bands: fits = type == .integer || type == .decimal
            }
            guard fits else {
                throw CatalogError.manifest(key: key + ".kind", message: "\"\(facet.kind.rawValue)\" does not suit column \"\(facet.column)\"")
            }
            if facet.kind == .bands {
                guard let cuts = facet.cuts, !cuts.isEmpty else {
                    throw CatalogError.manifest(key: key + ".cuts", message: "a \"bands\" facet needs a non-empty list of cut points")
                }
                if let k = cuts.indices.dropFirst().first(where: { cuts[$0] <= cuts[$0 - 1] }) {
                    throw CatalogError.manifest(key: key + ".cuts", message: "cut points must be strictly ascending (\(cuts[k - 1]) then \(cuts[k]))")
                }
                guard let labels = facet.labels, labels.count == cuts.count + 1 else {
                    throw CatalogError.manifest(key: key + ".labels", message: "needs \(cuts.count + 1) labels, one per band (\(cuts.count) cuts), found \(facet.labels?.count ?? 0)")
                }
                if let k = labels.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    throw CatalogError.manifest(key: key + ".labels[\(k)]", message: "must not be empty")
                }
            }
        }
    }
}

extension CatalogError {
    /// Turns a `JSONDecoder` failure into a message naming the JSON key.
    init(decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String? {
            var out = ""
            for key in keys {
                if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out.isEmpty ? nil : out
        }
        switch error {
        case .keyNotFound(let key, let context):
            self = .manifest(key: path(context.codingPath + [key]), message: "missing")
        case .typeMismatch(let type, let context):
            self = .manifest(key: path(context.codingPath), message: "expected \(Self.jsonName(of: type))")
        case .valueNotFound(let type, let context):
            self = .manifest(key: path(context.codingPath), message: "is null; expected \(Self.jsonName(of: type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = (context.underlyingError as NSError?)?.debugDescription ?? context.debugDescription
                self = .manifest(key: nil, message: "not valid JSON (\(detail))")
            } else if context.codingPath.last?.stringValue == "kind" {
                self = .manifest(key: path(context.codingPath), message: "unknown facet kind; expected one of: list, category, decade, bands")
            } else {
                self = .manifest(key: path(context.codingPath), message: context.debugDescription)
            }
        @unknown default:
            self = .manifest(key: nil, message: "\(error)")
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Double.Type, is Int.Type: return "a number"
        case is [Any].Type: return "an array"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(name))"
        }
    }
}
