import Foundation

/// Finds the catalog folder to use when the user names none.
///
/// Precedence, highest first: an explicit `--catalog DIR`, the `CURIO_CATALOG`
/// environment variable, then `catalogs/movielens` next to the running program (walking
/// up from the executable's real path, so `.build/release/curio` finds the repository
/// it was built in), then in the current directory or any of its parents.
public enum CatalogLocator {
    /// The catalog shipped with curio, relative to the repository root.
    public static let defaultRelativePath = "catalogs/movielens"

    /// The default catalog folder, or nil when there is none to be found.
    public static func defaultDirectory() -> String? {
        defaultDirectory(environment: ProcessInfo.processInfo.environment,
                         executablePath: executablePath(),
                         currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// The same search with its inputs spelled out (for tests).
    public static func defaultDirectory(environment: [String: String], executablePath: String?,
                                        currentDirectory: String) -> String? {
        if let fromEnvironment = environment["CURIO_CATALOG"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return searchPlaces(executablePath: executablePath, currentDirectory: currentDirectory)
            .first(where: isCatalogDirectory)
    }

    /// The folder to load: `explicit` when given, else `defaultDirectory()`.
    ///
    /// Throws `CatalogError.notFound` listing the places searched when there is none.
    public static func resolve(explicit: String?) throws -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let found = defaultDirectory() { return found }
        throw CatalogError.notFound(searched: searchPlaces(
            executablePath: executablePath(), currentDirectory: FileManager.default.currentDirectoryPath))
    }

    /// Every candidate folder, nearest the executable first, then the working directory's.
    static func searchPlaces(executablePath: String?, currentDirectory: String) -> [String] {
        var places: [String] = []
        for start in [executablePath.map { ($0 as NSString).deletingLastPathComponent }, currentDirectory] {
            guard var directory = start, !directory.isEmpty else { continue }
            while true {
                let candidate = (directory as NSString).appendingPathComponent(defaultRelativePath)
                if !places.contains(candidate) { places.append(candidate) }
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
        }
        return places
    }

    /// Whether `directory` holds a `catalog.json`.
    static func isCatalogDirectory(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("catalog.json"))
    }

    /// The running executable with symlinks resolved (`/proc/self/exe` on Linux).
    static func executablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        #endif
        guard let first = CommandLine.arguments.first, !first.isEmpty else { return nil }
        let url = URL(fileURLWithPath: first, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.resolvingSymlinksInPath().path
    }
}
