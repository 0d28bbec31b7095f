/// What Tab does to the line being edited: slash commands at the start of the line,
/// catalog titles anywhere else.
public struct CompletionEdit: Hashable, Sendable {
    /// UTF-8 byte range of the line to replace (it always ends at the cursor).
    public var replaceFrom: Int
    public var replaceTo: Int
    public var replacement: String
    /// Every match, for showing when the choice is ambiguous (more than one).
    public var candidates: [String]
}

public enum InputCompletion {
    /// Plans the completion of the text before the cursor.
    ///
    /// A line that is a bare "/word" completes command names. Otherwise the longest
    /// run of trailing words (at least two characters) that starts some title is
    /// completed, so "something like men in" offers "Men in Black": titles contain
    /// spaces, so a single-word completer would never reach them. One match replaces
    /// the typed words with the title's own spelling; several extend to their common
    /// prefix and are listed.
    ///
    /// - Parameters:
    ///   - titles: the backend's `completions(forTitlePrefix:limit:)`, or `nil` when it
    ///     must not be called (a turn is running): then only commands complete.
    /// - Complexity: O(words before the cursor) title look-ups.
    public static func plan(line: String, cursorByteOffset: Int,
                            titles: ((String, Int) -> [String])?, limit: Int = 12) -> CompletionEdit? {
        let bytes = Array(line.utf8)
        let cursor = min(max(0, cursorByteOffset), bytes.count)
        let before = String(decoding: bytes[..<cursor], as: UTF8.self)

        if before.hasPrefix("/") && !before.contains(" ") {
            let matches = SlashCommand.completions(for: before)
            guard !matches.isEmpty else { return nil }
            if matches.count == 1 {
                let takesArgument = SlashCommand.catalog.contains { $0.usage.hasPrefix(matches[0] + " ") }
                return CompletionEdit(replaceFrom: 0, replaceTo: cursor,
                                      replacement: matches[0] + (takesArgument ? " " : ""), candidates: matches)
            }
            return CompletionEdit(replaceFrom: 0, replaceTo: cursor,
                                  replacement: commonPrefix(matches, atLeast: before), candidates: matches)
        }
        guard let titles else { return nil }

        // Candidate starts: the beginning and every position after a space, longest suffix first.
        var starts = [0]
        var offset = 0
        for character in before {
            offset += character.utf8.count
            if character == " " || character == "\n" { starts.append(offset) }
        }
        for start in starts where start < cursor {
            let typed = String(decoding: bytes[start..<cursor], as: UTF8.self)
            guard typed.count >= 2, typed.first != " " else { continue }
            let matches = titles(typed, limit)
            guard !matches.isEmpty else { continue }
            let replacement = matches.count == 1 ? matches[0] : commonPrefix(matches, atLeast: typed)
            return CompletionEdit(replaceFrom: start, replaceTo: cursor, replacement: replacement, candidates: matches)
        }
        return nil
    }

    /// The longest case-insensitive common prefix of `strings`, spelled as the first
    /// one spells it; `typed` when that is not longer than what was typed.
    static func commonPrefix(_ strings: [String], atLeast typed: String) -> String {
        guard var prefix = strings.first.map(Array.init) else { return typed }
        for s in strings.dropFirst() {
            let other = Array(s)
            var n = 0
            while n < prefix.count && n < other.count && prefix[n].lowercased() == other[n].lowercased() { n += 1 }
            prefix = Array(prefix.prefix(n))
        }
        return prefix.count > typed.count ? String(prefix) : typed
    }
}
