/// Everything that can go wrong with a saved taste profile, worded for the person at the keyboard.
public enum ProfileError: Error, Equatable, CustomStringConvertible {
    /// SQLite refused an operation on the database at `path`.
    case databaseFailed(path: String, reason: String)
    /// The folder for the database could not be created.
    case directoryFailed(path: String, reason: String)
    /// A profile name that is empty, too long or holds control characters.
    case invalidProfileName(String)
    /// The file at `path` is not a usable database and could not be moved aside either.
    case cannotSetAside(path: String, reason: String)

    public var description: String {
        switch self {
        case let .databaseFailed(path, reason):
            return "profile database \(path): \(reason)"
        case let .directoryFailed(path, reason):
            return "cannot create the profile folder \(path): \(reason)"
        case let .invalidProfileName(name):
            return "invalid profile name \"\(name)\": use 1-64 printable characters"
        case let .cannotSetAside(path, reason):
            return "profile database \(path) is damaged and could not be moved aside (\(reason)); move or delete it by hand"
        }
    }
}
