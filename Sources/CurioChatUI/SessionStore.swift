import Foundation

/// A saved conversation, for `curio --resume`.
///
/// Holds the transcript (from which the list and chips are rebuilt); the engine's
/// dialogue state is added by the integrator in `engineState`.
public struct SavedSession: Hashable, Sendable, Codable {
    /// Bumped when the format changes incompatibly; older files are refused clearly.
    public static let currentVersion = 1

    public var version: Int
    public var header: ChatHeader
    public var transcript: [TranscriptEntry]
    /// Opaque engine state (JSON of the engine's choosing), if the engine saves any.
    public var engineState: Data?

    public init(header: ChatHeader, transcript: [TranscriptEntry], engineState: Data? = nil) {
        version = Self.currentVersion
        self.header = header
        self.transcript = transcript
        self.engineState = engineState
    }
}

/// Reads and writes `last-session.json` in curio's state directory.
public struct SessionStore: Sendable {
    public let path: String

    /// The store at `<directory>/last-session.json`; see `StateFiles.directory`.
    public init(directory: String = StateFiles.directory()) {
        path = (directory as NSString).appendingPathComponent("last-session.json")
    }

    /// Saves atomically (temp file + rename).
    ///
    /// - Complexity: O(transcript length).
    public func save(_ session: SavedSession) throws {
        try StateFiles.ensureDirectory((path as NSString).deletingLastPathComponent)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(session) } catch {
            throw ChatUIError.stateFileFailed(path: path, reason: "cannot encode the session: \(error)")
        }
        try StateFiles.writeAtomically(data, to: path)
    }

    /// The last saved session, or `nil` if none was saved yet.
    ///
    /// - Throws: `ChatUIError.sessionUnreadable` naming the file and what is wrong.
    public func load() throws -> SavedSession? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ChatUIError.sessionUnreadable(path: path, reason: error.localizedDescription)
        }
        let session: SavedSession
        do { session = try JSONDecoder().decode(SavedSession.self, from: data) } catch let DecodingError.dataCorrupted(context) {
            throw ChatUIError.sessionUnreadable(path: path, reason: "not valid JSON (\(context.debugDescription))")
        } catch {
            throw ChatUIError.sessionUnreadable(path: path, reason: "unexpected content (\(error))")
        }
        guard session.version == SavedSession.currentVersion else {
            throw ChatUIError.sessionUnreadable(
                path: path, reason: "format version \(session.version), this curio reads \(SavedSession.currentVersion)")
        }
        return session
    }
}
