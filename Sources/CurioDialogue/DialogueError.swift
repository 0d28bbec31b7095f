/// Everything that can go wrong in CurioDialogue, with messages a user can act on.
///
/// Understanding an utterance never fails (unknown text becomes `.unknown`); only
/// loading the data files that drive it can.
public enum DialogueError: Error, Equatable, CustomStringConvertible {
    /// A lexicon line could not be read: `source:line` and what is wrong.
    case lexicon(source: String, line: Int, message: String)
    /// The state template (prompts/state.txt) is malformed.
    case template(source: String, line: Int, message: String)
    /// A data file could not be read at all.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .lexicon(source, line, message): "\(source):\(line): \(message)"
        case let .template(source, line, message): "\(source):\(line): \(message)"
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        }
    }
}
