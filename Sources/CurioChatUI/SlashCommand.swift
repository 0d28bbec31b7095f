/// A line starting with "/" that the user typed, parsed.
///
/// Conversation commands go to the engine as a `ChatCommand`; `/export`, `/help` and
/// `/quit` are handled by the front end. A line starting with "//" is not a command but
/// a message starting with "/" (the first slash is dropped).
public enum SlashCommand: Hashable, Sendable {
    case backend(ChatCommand)
    /// `/export FILE` or `/export -`: the conversation as Markdown.
    case export(ExportDestination)
    case help
    case quit

    /// Every command, with its arguments and a one-line description, in `/help` order.
    public static let catalog: [(usage: String, summary: String)] = [
        ("/why N", "why item N was recommended, with the weight of each cause"),
        ("/more", "more recommendations for the same request"),
        ("/details N", "everything known about item N"),
        ("/like N", "remember that you like item N"),
        ("/seen N", "you have seen item N: don't recommend it again"),
        ("/undo", "take back the last change to the request"),
        ("/reset", "start a new request (the transcript stays)"),
        ("/state", "what curio understood so far"),
        ("/profile", "your likes and seen items"),
        ("/export FILE", "save the conversation as Markdown (\"-\" prints it)"),
        ("/help", "this list of keys and commands"),
        ("/quit", "leave curio"),
    ]

    /// The command names, for Tab completion ("/why", "/more", …).
    public static let names: [String] = catalog.map { String($0.usage.split(separator: " ")[0]) }

    /// The command names starting with `prefix` (which includes the "/"), in `/help` order.
    public static func completions(for prefix: String) -> [String] {
        names.filter { $0.hasPrefix(prefix.lowercased()) }
    }

    /// Parses one input line.
    ///
    /// - Returns: `nil` when the line is not a command (no leading "/", or "//"),
    ///   otherwise the command or an error naming what is wrong and the usage.
    public static func parse(_ line: String) -> Result<SlashCommand, ChatUIError>? {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else { return nil }
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        let name = words[0].lowercased()
        let arguments = Array(words.dropFirst())
        let usage = catalog.first { $0.usage.hasPrefix(name + " ") || $0.usage == name }?.usage ?? name

        func noArguments(_ command: SlashCommand) -> Result<SlashCommand, ChatUIError> {
            arguments.isEmpty ? .success(command)
                : .failure(.unexpectedArgument(command: name, argument: arguments[0], usage: usage))
        }
        func numbered(_ make: (Int) -> ChatCommand) -> Result<SlashCommand, ChatUIError> {
            guard let first = arguments.first else { return .failure(.missingArgument(command: name, usage: usage)) }
            guard arguments.count == 1 else {
                return .failure(.unexpectedArgument(command: name, argument: arguments[1], usage: usage))
            }
            guard let n = Int(first.hasPrefix("#") ? String(first.dropFirst()) : first), n >= 1 else {
                return .failure(.invalidItemNumber(command: name, argument: first, usage: usage))
            }
            return .success(.backend(make(n)))
        }

        switch name {
        case "/why": return numbered { .why(item: $0) }
        case "/details": return numbered { .details(item: $0) }
        case "/like": return numbered { .like(item: $0) }
        case "/seen": return numbered { .seen(item: $0) }
        case "/more": return noArguments(.backend(.more))
        case "/undo": return noArguments(.backend(.undo))
        case "/reset": return noArguments(.backend(.reset))
        case "/state": return noArguments(.backend(.state))
        case "/profile": return noArguments(.backend(.profile))
        case "/help", "/?": return noArguments(.help)
        case "/quit", "/exit", "/q": return noArguments(.quit)
        case "/export":
            // The file name is the rest of the line, so names with spaces work.
            let rest = trimmed.dropFirst(words[0].count).trimmingWhitespace()
            guard !rest.isEmpty else { return .failure(.missingArgument(command: name, usage: usage)) }
            return .success(.export(rest == "-" ? .standardOutput : .file(rest)))
        default:
            return .failure(.unknownCommand(name, suggestion: closestName(to: name)))
        }
    }

    /// The command name nearest to a mistyped one (edit distance ≤ 2), if any.
    static func closestName(to name: String) -> String? {
        let scored = names.map { ($0, editDistance(Array(name), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }
}

/// Where `/export` writes the conversation.
public enum ExportDestination: Hashable, Sendable {
    /// `/export -`: standard output (in the full-screen chat: when it exits).
    case standardOutput
    /// `/export FILE`: a file, written atomically; "~/" is expanded.
    case file(String)
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, ca) in a.enumerated() {
        var current = [i + 1]
        for (j, cb) in b.enumerated() {
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count]
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[start...end])
    }
}
