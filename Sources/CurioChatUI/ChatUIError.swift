/// Everything that can go wrong in the chat front end, with messages a user can act on.
public enum ChatUIError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownCommand(String, suggestion: String?)
    case missingArgument(command: String, usage: String)
    case unexpectedArgument(command: String, argument: String, usage: String)
    case invalidItemNumber(command: String, argument: String, usage: String)
    /// An item number that is not in the current list.
    case noSuchItem(command: String, number: Int, listCount: Int)
    case exportFailed(path: String, reason: String)
    case sessionUnreadable(path: String, reason: String)
    case stateFileFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownCommand(let name, let suggestion):
            let hint = suggestion.map { " Did you mean \($0)?" } ?? ""
            return "Unknown command \(name).\(hint) Type /help for the list."
        case .missingArgument(let command, let usage):
            return "\(command) needs an argument: \(usage)."
        case .unexpectedArgument(let command, let argument, let usage):
            return "\(command) does not take \"\(argument)\": \(usage)."
        case .invalidItemNumber(let command, let argument, let usage):
            return "\(command) needs an item number from the list (1, 2, …), not \"\(argument)\": \(usage)."
        case .noSuchItem(let command, let number, let listCount):
            if listCount == 0 {
                return "\(command) \(number): there is no list yet. Ask for something first."
            }
            return "\(command) \(number): the list has only \(listCount) item\(listCount == 1 ? "" : "s")."
        case .exportFailed(let path, let reason):
            return "Could not export to \(path): \(reason)."
        case .sessionUnreadable(let path, let reason):
            return "Could not read the saved session \(path): \(reason)."
        case .stateFileFailed(let path, let reason):
            return "Could not write \(path): \(reason)."
        }
    }
}
