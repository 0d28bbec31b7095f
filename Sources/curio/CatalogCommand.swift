import ArgumentParser
import CurioCatalog
import Foundation

/// `curio catalog …`: inspect and search a catalog.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Inspect and search a catalog.",
        subcommands: [Info.self, Search.self]
    )

    /// `curio catalog info`: sizes, fact coverage and genres.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a catalog's size, how complete its facts are, and its genres.")

        @OptionGroup var catalog: CatalogOptions
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() throws {
            let summary = CatalogSummary(try catalog.loadCatalog())
            if json { return try printJSON(summary) }
            print(summary.name.sanitizedForTerminal)
            print("  \(summary.items) items, \(summary.users) users, \(summary.interactions) interactions")
            print("\nFacts known (items):")
            for c in summary.coverage {
                print("  " + pad(c.fact, 12) + leftPad("\(c.known)", 7) + leftPad(String(format: "%.1f%%", c.percent), 8))
            }
            print("\nGenres (items):")
            for g in summary.genres {
                print("  " + pad(g.genre.sanitizedForTerminal, 12) + leftPad("\(g.items)", 7))
            }
            if summary.itemsWithoutGenre > 0 {
                print("  " + pad("(none)", 12) + leftPad("\(summary.itemsWithoutGenre)", 7))
            }
        }
    }

    /// `curio catalog search QUERY`: typo-tolerant title lookup.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find items by title (typos, articles, accents, years and sequel numbers tolerated).",
            discussion: "Examples: curio catalog search matirx; curio catalog search \"godfather part 2\"; curio catalog search heat 1995")

        @OptionGroup var catalog: CatalogOptions
        @Argument(help: "Title to look for (several words are joined).") var query: [String]
        @Option(help: "Show at most this many matches.") var limit = 10
        @Flag(help: "Print JSON instead of text.") var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let loaded = try catalog.loadCatalog()
            let matches = TitleSearch(catalog: loaded).search(query.joined(separator: " "), limit: limit)
            if json {
                return try printJSON(matches.enumerated().map { rank, match in
                    let item = loaded.items[match.item]
                    return SearchResult(rank: rank + 1, id: item.id, title: item.title, year: item.year,
                                        score: (match.score * 1000).rounded() / 1000)
                })
            }
            if matches.isEmpty {
                print("No titles match \"\(query.joined(separator: " ").sanitizedForTerminal)\".")
                return
            }
            for (rank, match) in matches.enumerated() {
                let item = loaded.items[match.item]
                let year = item.year.map { " (\($0))" } ?? ""
                print(leftPad("\(rank + 1)", 3) + ". " + String(format: "%.3f", match.score) + "  "
                      + item.title.sanitizedForTerminal + year)
            }
        }
    }

    struct SearchResult: Encodable {
        var rank: Int
        var id: String
        var title: String
        var year: Int?
        var score: Double
    }
}

private func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

private func leftPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}
