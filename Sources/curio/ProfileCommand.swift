import ArgumentParser
import CurioCatalog
import CurioProfile
import Foundation

/// `curio profile show|forget|clear`: inspect and edit a saved taste profile.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show or edit the taste profile curio remembers between runs.",
        discussion: """
            What you like, dislike and have seen is saved per profile in
            $XDG_DATA_HOME/curio/profile.db and conditions every recommendation.
            """,
        subcommands: [Show.self, Forget.self, Clear.self],
        defaultSubcommand: Show.self)

    /// `curio profile show [--json]`: every entry with its catalog title and year.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List what the profile holds.")
        @OptionGroup var profileOptions: ProfileOptions
        @OptionGroup var catalogOptions: CatalogOptions
        @Flag(help: "Print JSON: {\"profile\", \"liked\", \"disliked\", \"seen\"}, each a list of {id, title, year}.")
        var json = false

        func run() throws {
            let store = try profileOptions.openStore()
            let profile = try reading { try store.profile(named: profileOptions.name) }
            let catalog = ProfileCommand.catalogForTitles(catalogOptions)
            if json {
                var object: [String: Any] = ["profile": profileOptions.name]
                for kind in ProfileEntryKind.allCases {
                    object[kind.rawValue] = profile[kind].map { id -> [String: Any] in
                        var entry: [String: Any] = ["id": id]
                        if let item = catalog?.item(id: id) {
                            entry["title"] = item.title
                            if let year = item.year { entry["year"] = year }
                        }
                        return entry
                    }
                }
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            if profile.isEmpty {
                print("Profile \"\(profileOptions.name)\" is empty.")
                return
            }
            print("Profile \"\(profileOptions.name)\":")
            for kind in ProfileEntryKind.allCases where !profile[kind].isEmpty {
                print("  \(kind.rawValue) (\(profile[kind].count)):")
                for id in profile[kind] { print("    " + ProfileCommand.label(id, catalog)) }
            }
        }
    }

    /// `curio profile forget ITEM`: removes one item (by id or title) from every list.
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove one item from the profile.")
        @Argument(help: "A catalog id, or a title (\"The Matrix\").") var item: String
        @OptionGroup var profileOptions: ProfileOptions
        @OptionGroup var catalogOptions: CatalogOptions

        func run() throws {
            let store = try profileOptions.openStore()
            let name = profileOptions.name
            let profile = try reading { try store.profile(named: name) }
            let held = Set(ProfileEntryKind.allCases.flatMap { profile[$0] })
            let catalog = ProfileCommand.catalogForTitles(catalogOptions)
            var id: String? = held.contains(item) ? item : nil
            if id == nil, let catalog {
                // The best title match that the profile actually holds: "matrix" forgets
                // The Matrix if it is there, not an unrelated sequel that is not.
                let matches = TitleSearch(catalog: catalog).search(item, limit: 20)
                id = matches.map { catalog.items[$0.item].id }.first(where: held.contains)
            }
            guard let id else {
                FileHandle.standardError.write(Data("curio: \"\(item)\" is not in profile \"\(name)\"\n".utf8))
                throw ExitCode(1)
            }
            let kinds = try reading { try store.forget(id, inProfile: name) }
            print("Forgot \(ProfileCommand.label(id, catalog)) (was \(kinds.map(\.rawValue).joined(separator: ", "))).")
        }
    }

    /// `curio profile clear`: empties the profile without asking, listing what went.
    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Empty the profile (prints what it removed).")
        @OptionGroup var profileOptions: ProfileOptions
        @OptionGroup var catalogOptions: CatalogOptions

        func run() throws {
            let store = try profileOptions.openStore()
            let removed = try reading { try store.clear(profile: profileOptions.name) }
            if removed.isEmpty {
                print("Profile \"\(profileOptions.name)\" was already empty.")
                return
            }
            let catalog = ProfileCommand.catalogForTitles(catalogOptions)
            print("Cleared profile \"\(profileOptions.name)\"; removed:")
            for kind in ProfileEntryKind.allCases {
                for id in removed[kind] { print("  \(kind.rawValue): " + ProfileCommand.label(id, catalog)) }
            }
        }
    }

    /// The catalog for titles, or nil (with a note) when none can be loaded: the profile
    /// stays readable by id even without a catalog.
    static func catalogForTitles(_ options: CatalogOptions) -> Catalog? {
        do {
            return try Catalog.load(from: try CatalogLocator.resolve(explicit: options.directory))
        } catch {
            FileHandle.standardError.write(Data("curio: note: showing ids only (\(error))\n".utf8))
            return nil
        }
    }

    /// "The Matrix (1999) [2571]", or "2571 (not in this catalog)".
    static func label(_ id: String, _ catalog: Catalog?) -> String {
        guard let catalog else { return id }
        guard let item = catalog.item(id: id) else { return "\(id) (not in this catalog)" }
        let title = item.year.map { "\(item.title) (\($0))" } ?? item.title
        return "\(title) [\(id)]".sanitizedForTerminal
    }
}

/// Runs a store operation, printing `curio: problem` and exiting 1 on failure.
func reading<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ProfileError {
        FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
