// Every way building, training, reading or writing an IRGAN generator can fail.

/// An error of the IRGAN generator family, with a message a user can act on.
public enum IRGANError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Parameters handed to a factor model do not fit its shapes or are not finite.
    case invalidParameters(String)
    /// A training option is out of range.
    case invalidOption(String)
    /// There is nothing to train on (no user with two or more training items).
    case noTrainingData
    /// The file is not a readable IRGAN generator file (the reason says why).
    case invalidFile(path: String, reason: String)
    /// The file holds another generator family (`found` is its `curio.generator`).
    case wrongGenerator(path: String, found: String)
    /// The file was trained on another catalog.
    case wrongCatalog(path: String, reason: String)
    /// Writing the file failed; any previous file at the path is untouched.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidParameters(reason):
            "invalid factor model: \(reason)"
        case let .invalidOption(reason):
            "invalid IRGAN option: \(reason)"
        case .noTrainingData:
            "no user has two or more training items; IRGAN needs histories to learn from"
        case let .invalidFile(path, reason):
            "\(path): not a usable IRGAN generator file: \(reason)"
        case let .wrongGenerator(path, found):
            "\(path): holds a '\(found)' generator, not 'gan'; use --generator \(found), or train one with `curio train --generator gan`"
        case let .wrongCatalog(path, reason):
            "\(path): trained on another catalog (\(reason)); retrain it with `curio train --generator gan`"
        case let .writeFailed(path, reason):
            "\(path): could not write the generator: \(reason)"
        }
    }
}
