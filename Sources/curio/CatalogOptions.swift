import ArgumentParser
import CurioCatalog
import Foundation

/// `--catalog DIR`, shared by every command that needs a catalog.
///
/// Without it curio uses `CURIO_CATALOG`, then `catalogs/movielens` near the
/// executable or the working directory (see `CatalogLocator`).
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"), help: ArgumentHelp(
        "Catalog folder (catalog.json, items.tsv, interactions.tsv).",
        discussion: "Defaults to $CURIO_CATALOG, then catalogs/movielens next to curio or in the current directory.",
        valueName: "dir"))
    var directory: String?

    /// Loads the chosen catalog. On failure prints
    /// `curio: catalog DIR: file:line: problem` to standard error and exits with
    /// status 1: a data error is the user's to fix, so no usage text, no stack trace.
    func loadCatalog() throws -> Catalog {
        var path = directory ?? "(default)"
        do {
            path = try CatalogLocator.resolve(explicit: directory)
            return try Catalog.load(from: path)
        } catch let error as CatalogError {
            if case .notFound = error {
                FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            } else {
                FileHandle.standardError.write(Data("curio: catalog \(path): \(error)\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}
