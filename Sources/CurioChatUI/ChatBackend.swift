import Foundation
/// What the chat front end needs from a conversation engine.
///
/// The full-screen chat and the plain line-by-line chat both talk to the engine only
/// through this protocol, so the engine knows nothing about terminals.
///
/// Threading: the front end never calls a backend concurrently. `respond(to:)` and
/// `perform(_:)` run on one background worker thread so that typing is never blocked;
/// `completions(forTitlePrefix:limit:)` and `header` are called on the UI thread only
/// while no turn is running (Tab during a turn completes slash commands only).
/// Implementations therefore need no locking of their own.
public protocol ChatBackend: AnyObject {
    /// Who is talking: shown in the header line and in exported conversations.
    var header: ChatHeader { get }

    /// Answers one free-text user message (a request, a refinement, an answer to a
    /// clarifying question).
    ///
    /// A thrown error is shown to the user as-is, so its description should say what
    /// went wrong and what to do; the conversation continues.
    func respond(to text: String) throws -> ChatReply

    /// Carries out one slash command that concerns the conversation (`/why 2`, `/more`, …).
    ///
    /// Item numbers in the command refer to the most recent numbered list and have
    /// already been checked to exist in it.
    func perform(_ command: ChatCommand) throws -> ChatReply

    /// Catalog titles starting with `prefix` (case- and accent-insensitively, as the
    /// engine's title search sees fit), best first, at most `limit`, for Tab completion.
    ///
    /// - Complexity: should be sublinear in the catalog size (a sorted index or trie):
    ///   it runs on the UI thread while the user waits for the completion.
    func completions(forTitlePrefix prefix: String, limit: Int) -> [String]

    /// Puts back the conversation saved in an earlier reply's `engineState`; throws when
    /// the data cannot be used (the UI then says so and starts afresh).
    func restoreState(_ data: Data) throws
}

/// The names shown in the chat's header line.
public struct ChatHeader: Hashable, Sendable, Codable {
    /// The catalog being recommended from, e.g. "MovieLens latest-small + IMDb".
    public var catalogName: String
    /// The model answering, e.g. "curio-tiny (4.2M params)".
    public var modelName: String
    /// The user profile whose likes and history are used, e.g. "default".
    public var profileName: String

    public init(catalogName: String, modelName: String, profileName: String) {
        self.catalogName = catalogName
        self.modelName = modelName
        self.profileName = profileName
    }
}

/// A slash command that the engine carries out (as opposed to `/help`, `/export` or
/// `/quit`, which the front end handles itself).
public enum ChatCommand: Hashable, Sendable, Codable {
    /// `/why N`: explain why item N of the current list was recommended.
    case why(item: Int)
    /// `/more`: more recommendations for the same request.
    case more
    /// `/details N`: everything known about item N.
    case details(item: Int)
    /// `/like N`: remember that the user likes item N.
    case like(item: Int)
    /// `/seen N`: the user has seen item N; don't recommend it again.
    case seen(item: Int)
    /// `/undo`: take back the last change to the conversation state.
    case undo
    /// `/reset`: forget the current request and its constraints.
    case reset
    /// `/state`: show what the engine understood so far.
    case state
    /// `/profile`: show the user profile (likes, seen items).
    case profile

    /// The list item the command refers to, if any (1-based).
    public var itemNumber: Int? {
        switch self {
        case .why(let n), .details(let n), .like(let n), .seen(let n): return n
        case .more, .undo, .reset, .state, .profile: return nil
        }
    }
}

extension ChatBackend {
    /// Puts back a conversation saved from an earlier `ChatReply.engineState`
    /// (`curio --resume`). Backends without state of their own ignore it.
    public func restoreState(_ data: Data) throws {}
}
