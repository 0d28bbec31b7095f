import Foundation
import Testing
@testable import CurioCatalog

@Suite struct DefaultCatalogTests {
    @Test func loadsWithTheExpectedSizes() throws {
        let (catalog, _) = try CatalogFixture.real()
        #expect(catalog.items.count == 9_066)
        #expect(catalog.interactions.userCount == 671)
        #expect(catalog.interactions.count == 100_004)
        #expect(catalog.manifest.itemNoun == "movie")
        #expect(catalog.item(id: "2571")?.title == "The Matrix")
        #expect(catalog.item(id: "2571")?.originalTitle == "Matrix, The")
        // Every user's history is grouped and in time order.
        let i = catalog.interactions
        for k in 1..<i.count where i.users[k] == i.users[k - 1] {
            #expect(i.timestamps[k] >= i.timestamps[k - 1])
        }
    }

    @Test func summaryCountsFacts() throws {
        let (catalog, _) = try CatalogFixture.real()
        let summary = CatalogSummary(catalog)
        #expect(summary.items == 9_066 && summary.users == 671 && summary.interactions == 100_004)
        #expect(summary.coverage.map(\.fact) == ["year", "genres", "runtime", "MPAA rating", "IMDb rating", "IMDb votes"])
        let genres = summary.genres.reduce(0) { $0 + $1.items }
        #expect(genres == catalog.items.reduce(0) { $0 + $1.genres.count })
        #expect(summary.genres.first?.genre == "Drama")
        #expect(summary.itemsWithoutGenre == catalog.items.filter(\.genres.isEmpty).count)
    }

    @Test func summaryOfTheFixture() throws {
        let directory = try CatalogFixture.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let summary = CatalogSummary(try Catalog.load(from: directory))
        #expect(summary.coverage.first { $0.fact == "runtime" } == .init(fact: "runtime", known: 2, percent: 50))
        #expect(summary.genres.map(\.genre) == ["Action", "Comedy", "Crime", "Romance", "Sci-Fi"])
        #expect(summary.itemsWithoutGenre == 1)
    }
}
