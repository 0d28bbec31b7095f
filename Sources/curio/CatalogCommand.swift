import ArgumentParser

/// `curio catalog …`: inspect and search a catalog.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Inspect and search a catalog.",
        subcommands: []
    )
}
