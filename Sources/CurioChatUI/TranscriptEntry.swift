/// One thing said in the conversation, kept as data (not as drawn lines) so the
/// transcript can be laid out again at any width, exported and saved for `--resume`.
public enum TranscriptEntry: Hashable, Sendable, Codable {
    /// What the user typed (a message or a command line).
    case user(String)
    /// The engine's answer.
    case reply(ChatReply)
    /// Something the front end says: help, "exported to …", "stopped waiting".
    case notice(String)
    /// Something that went wrong; the conversation continues.
    case error(String)
}
