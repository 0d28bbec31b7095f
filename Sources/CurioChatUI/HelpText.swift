/// The text of `/help` and of docs/keys.md.
public enum HelpText {
    /// Every key of the full-screen chat, with what it does.
    public static let keys: [(key: String, action: String)] = [
        ("Enter", "send the message"),
        ("Alt-Enter, Ctrl-J", "new line in the message (a pasted block keeps its lines)"),
        ("Tab", "complete a /command or a movie title"),
        ("Up, Down", "previous / next line from the history (kept across sessions)"),
        ("Ctrl-R", "search the history"),
        ("Ctrl-A, Ctrl-E", "start / end of the line (Emacs keys throughout)"),
        ("Alt-B, Alt-F", "back / forward a word"),
        ("Ctrl-W, Ctrl-K, Ctrl-U", "delete the word before / to the end / to the start"),
        ("Ctrl-Y, Ctrl-_", "paste what was deleted / undo"),
        ("PgUp, PgDn", "scroll the conversation by a page"),
        ("Home, End", "start/end of the line; on an empty line: oldest/newest message"),
        ("mouse wheel", "scroll (only with --mouse; otherwise text stays selectable)"),
        ("Esc", "stop waiting for a slow answer (the conversation is kept)"),
        ("Ctrl-C", "clear the line; on an empty line, press twice to quit"),
        ("Ctrl-D", "quit (on an empty line)"),
        ("Ctrl-Z", "suspend (fg resumes)"),
        ("Ctrl-L", "redraw the screen"),
    ]

    /// The whole help as plain text: keys, then commands.
    public static var text: String {
        let keyWidth = keys.map { DisplayWidth.of($0.key) }.max() ?? 0
        let commandWidth = SlashCommand.catalog.map { DisplayWidth.of($0.usage) }.max() ?? 0
        var lines = ["Keys"]
        lines += keys.map { "  " + TextWrap.pad($0.key, width: keyWidth) + "  " + $0.action }
        lines += ["", "Commands (N is an item number from the list)"]
        lines += SlashCommand.catalog.map { "  " + TextWrap.pad($0.usage, width: commandWidth) + "  " + $0.summary }
        lines += ["", "Anything else you type is a message: ask, refine (“shorter”, “no horror”), or answer a question.",
                  "Start a message with // to begin it with a slash."]
        return lines.joined(separator: "\n")
    }
}
