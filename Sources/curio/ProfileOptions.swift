import ArgumentParser
import CurioProfile
import Foundation

/// `--profile NAME`: whose saved taste profile a command reads and writes.
struct ProfileOptions: ParsableArguments {
    @Option(name: .customLong("profile"), help: ArgumentHelp(
        "Saved taste profile to use (default: \"default\").",
        discussion: "Profiles live in $XDG_DATA_HOME/curio/profile.db (~/.local/share/curio/ by default).",
        valueName: "name"))
    var name: String = ProfileStore.defaultProfileName

    func validate() throws {
        do { try ProfileStore.validate(name) } catch { throw ValidationError("\(error)") }
    }

    /// Opens the profile database, telling the user on standard error when a damaged file
    /// was set aside. On failure prints `curio: problem` and exits 1.
    func openStore() throws -> ProfileStore {
        do {
            let store = try ProfileStore(path: ProfileStore.defaultPath())
            if let aside = store.setAsidePath {
                FileHandle.standardError.write(Data(
                    "curio: the profile database \(store.path) was damaged; moved it to \(aside) and started a new one\n".utf8))
            }
            return store
        } catch {
            FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
