/// Everything that can go wrong while finding, reading or validating a catalog.
///
/// One error type for the whole module. Every message names the file (relative to the
/// catalog folder) and, for table data, the 1-based line, in the `file:line: what is
/// wrong` form editors and terminals recognise, e.g.
/// `items.tsv:17: duplicate id "42" (first on line 3)`.
public enum CatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No catalog folder could be found; `searched` lists where curio looked.
    case notFound(searched: [String])
    /// A required file is missing from the catalog folder.
    case missingFile(file: String, directory: String)
    /// A file exists but could not be read (permissions, a directory in its place…).
    case unreadable(file: String, reason: String)
    /// A row of a table (or the manifest) is wrong; `line` is 1-based.
    case invalid(file: String, line: Int, message: String)
    /// `catalog.json` is not the expected JSON; `key` is the JSON path of the bad
    /// value (`facets[2].cuts`) when there is one.
    case manifest(key: String?, message: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            let places = searched.isEmpty ? "" : " (looked in: " + searched.joined(separator: ", ") + ")"
            return "no catalog found\(places); pass --catalog DIR or set CURIO_CATALOG"
        case .missingFile(let file, let directory):
            return "\(file): file not found in catalog folder \(directory)"
        case .unreadable(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .invalid(let file, let line, let message):
            return "\(file):\(line): \(message)"
        case .manifest(let key, let message):
            if let key { return "catalog.json: key \"\(key)\": \(message)" }
            return "catalog.json: \(message)"
        }
    }
}
