import Foundation
@testable import CurioCatalog

/// Small hand-written catalogs in temporary folders, and the real default catalog.
enum CatalogFixture {
    static let manifest = """
    {"name": "Fixture", "itemNoun": "movie", "itemNounPlural": "movies", "description": "d",
     "attribution": "a", "license": "l",
     "facets": [{"column": "genres", "kind": "list"}, {"column": "year", "kind": "decade"},
                {"column": "runtime", "kind": "bands", "cuts": [90, 120], "labels": ["short", "medium", "long"]}]}
    """
    static let itemsHeader = "id\ttitle\toriginal_title\tyear\tgenres\truntime\tmpaa\timdb_rating\timdb_votes\n"
    static let items = itemsHeader + """
    1\tThe Matrix\tMatrix, The\t1999\tAction|Sci-Fi\t136\tR\t8.7\t1000
    2\tHeat\tHeat\t1995\tAction|Crime\t170\t\t8.2\t900
    3\tAmélie\tAmelie (Fabuleux destin d'Amélie Poulain, Le)\t2001\tComedy|Romance\t\t\t\t
    10\tUnknown Facts\t\t\t\t\t\t\t

    """
    static let interactionsHeader = "user\titem\trating\ttimestamp\n"
    static let interactions = interactionsHeader + """
    7\t1\t4.5\t100
    7\t2\t3\t100
    7\t10\t5.0\t100
    7\t3\t4\t200
    5\t2\t2.5\t50

    """

    /// A new folder holding the given files (defaults: the valid fixture).
    static func directory(manifest: String? = manifest, items: String? = items,
                          interactions: String? = interactions) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("curio-catalog-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if let manifest { try Data(manifest.utf8).write(to: url.appendingPathComponent("catalog.json")) }
        if let items { try Data(items.utf8).write(to: url.appendingPathComponent("items.tsv")) }
        if let interactions { try Data(interactions.utf8).write(to: url.appendingPathComponent("interactions.tsv")) }
        return url.path
    }

    /// The same, with raw bytes for items.tsv (for invalid UTF-8).
    static func directory(itemBytes: [UInt8]) throws -> String {
        let path = try directory(items: nil)
        try Data(itemBytes).write(to: URL(fileURLWithPath: path).appendingPathComponent("items.tsv"))
        return path
    }

    /// The error message loading `directory` throws, or nil when it loads.
    static func loadError(_ directory: String) -> String? {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try Catalog.load(from: directory)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // Tests/CurioCatalogTests/file
        return url.path
    }()

    static let realCatalogDirectory = repositoryRoot + "/catalogs/movielens"

    struct LoadFailure: Error, CustomStringConvertible { var description: String }

    /// The default catalog and its title search, loaded once for all tests.
    static let realResult: Result<(catalog: Catalog, search: TitleSearch), LoadFailure> = {
        do {
            let catalog = try Catalog.load(from: realCatalogDirectory)
            return .success((catalog, TitleSearch(catalog: catalog)))
        } catch {
            return .failure(LoadFailure(description: "the default catalog must load: \(error)"))
        }
    }()

    static func real() throws -> (catalog: Catalog, search: TitleSearch) {
        try realResult.get()
    }
}
