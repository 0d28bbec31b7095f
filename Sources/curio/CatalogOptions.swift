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

extension CatalogOptions {
    /// The catalog with its interactions replaced by `file` (same format as
    /// interactions.tsv), validated exactly like a catalog's own: `curio train
    /// --interactions FILE`. Errors name FILE and its line.
    func loadCatalog(interactions file: String) throws -> Catalog {
        let directory = try CatalogLocator.resolve(explicit: self.directory)
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("curio-interactions-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let manager = FileManager.default
        defer { try? manager.removeItem(atPath: scratch) }
        do {
            try manager.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
            for name in ["catalog.json", "items.tsv"] {
                try manager.createSymbolicLink(atPath: scratch + "/" + name,
                                               withDestinationPath: URL(fileURLWithPath: directory + "/" + name).standardizedFileURL.path)
            }
            try manager.createSymbolicLink(atPath: scratch + "/interactions.tsv", withDestinationPath: absolute)
        } catch {
            FileHandle.standardError.write(Data("curio: cannot prepare \(file) for loading: \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        do {
            return try Catalog.load(from: scratch)
        } catch let error as CatalogError {
            let message: String
            switch error {
            case .invalid(file: "interactions.tsv", let line, let problem): message = "\(file):\(line): \(problem)"
            case .missingFile(file: "interactions.tsv", _), .unreadable(file: "interactions.tsv", _):
                message = "\(file): cannot be read"
            default: message = "catalog \(directory): \(error)"
            }
            FileHandle.standardError.write(Data("curio: \(message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
