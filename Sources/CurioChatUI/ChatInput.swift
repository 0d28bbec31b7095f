/// What a submitted line asks for, decided the same way in the full-screen and the
/// plain chat.
public enum ChatIntent: Hashable, Sendable {
    /// A blank line: nothing to do.
    case nothing
    /// A message for the engine (a leading "//" has become "/").
    case message(String)
    /// A command, already checked against the current list.
    case command(SlashCommand)
    /// A bad command: show the error, send nothing.
    case invalid(ChatUIError)

    /// Interprets one line given how many items the current list has.
    public static func interpret(_ line: String, listCount: Int) -> ChatIntent {
        let trimmed = line.trimmingWhitespace()
        if trimmed.isEmpty { return .nothing }
        switch SlashCommand.parse(trimmed) {
        case nil:
            return .message(trimmed.hasPrefix("//") ? String(trimmed.dropFirst()) : trimmed)
        case .failure(let error):
            return .invalid(error)
        case .success(let command):
            if case .backend(let c) = command, let n = c.itemNumber, n > listCount {
                let name = String(trimmed.split(separator: " ")[0]).lowercased()
                return .invalid(.noSuchItem(command: name, number: n, listCount: listCount))
            }
            return .command(command)
        }
    }
}
