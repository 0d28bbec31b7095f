import Foundation
import Testing
@testable import CurioCatalog

@Suite struct CatalogLocatorTests {
    /// A fake checkout: root/catalogs/movielens/catalog.json and root/.build/release/.
    func makeCheckout() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("curio-locator-\(UUID().uuidString)")
        let catalog = root.appendingPathComponent("catalogs/movielens")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".build/release"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: catalog.appendingPathComponent("catalog.json"))
        return root.path
    }

    @Test func findsTheCatalogAboveTheExecutable() throws {
        let root = try makeCheckout()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = CatalogLocator.defaultDirectory(environment: [:], executablePath: root + "/.build/release/curio",
                                                    currentDirectory: "/")
        #expect(found == root + "/catalogs/movielens")
    }

    @Test func fallsBackToTheWorkingDirectoryAndItsParents() throws {
        let root = try makeCheckout()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = CatalogLocator.defaultDirectory(environment: [:], executablePath: "/usr/local/bin/curio",
                                                    currentDirectory: root + "/.build")
        #expect(found == root + "/catalogs/movielens")
    }

    @Test func environmentOverridesAndNothingFoundIsNil() throws {
        #expect(CatalogLocator.defaultDirectory(environment: ["CURIO_CATALOG": "/data/mine"], executablePath: nil,
                                                currentDirectory: "/") == "/data/mine")
        #expect(CatalogLocator.defaultDirectory(environment: [:], executablePath: "/nonexistent/bin/curio",
                                                currentDirectory: "/nonexistent/x") == nil)
        #expect(try CatalogLocator.resolve(explicit: "/explicit") == "/explicit")
    }
}
