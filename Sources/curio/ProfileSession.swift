import CurioCatalog
import CurioDialogue
import CurioEngine
import CurioProfile
import Foundation

/// A saved profile bound to one catalog for one session: seeds a conversation from it and
/// writes back what the user says, turn by turn.
///
/// Writes are diffs against what this session last saved (`ProfileStore.update`), so
/// another curio process using the same profile keeps its own additions, and an "undo"
/// here removes only what this session added. Ids the catalog lacks (a profile made with
/// another catalog) are skipped with a note and never touched.
final class ProfileSession {
    let name: String
    private let store: ProfileStore
    private let catalog: Catalog
    /// What each conversation ("" for chat and ask, a session id for serve) last read or
    /// wrote, restricted to ids the catalog knows: the base its next diff is taken against.
    private var baselines: [String: TasteProfile] = [:]

    /// Reads profile `name`; `note` receives one line per skipped id group.
    init(store: ProfileStore, name: String, catalog: Catalog, note: (String) -> Void) throws {
        self.store = store
        self.name = name
        self.catalog = catalog
        let profile = try store.profile(named: name)
        var known = TasteProfile()
        var unknown: [String] = []
        for kind in ProfileEntryKind.allCases {
            for id in profile[kind] {
                if catalog.indexByID[id] == nil { unknown.append(id) } else { known[kind].append(id) }
            }
        }
        if !unknown.isEmpty {
            note("profile \"\(name)\": skipped \(unknown.count) item(s) this catalog does not have (\(unknown.prefix(5).joined(separator: ", "))\(unknown.count > 5 ? ", …" : ""))")
        }
        baselines[""] = known
    }

    /// What the profile holds now (as far as the main conversation knows), in this catalog's ids.
    var profile: TasteProfile { baselines[""] ?? TasteProfile() }

    /// A conversation that starts from the profile: liked, disliked and seen items. A new
    /// serve session re-reads the database, so it sees what other sessions and processes saved.
    func startingConversation(session: String = "") -> Conversation {
        if baselines[session] == nil {
            let stored = (try? store.profile(named: name)) ?? TasteProfile()
            var known = TasteProfile()
            for kind in ProfileEntryKind.allCases { known[kind] = stored[kind].filter { catalog.indexByID[$0] != nil } }
            baselines[session] = known
        }
        let saved = baselines[session] ?? TasteProfile()
        let indices = { (ids: [String]) in ids.compactMap { self.catalog.indexByID[$0] } }
        var state = DialogueState()
        state.liked = indices(saved.liked)
        // The dialogue state's invariant: nothing both liked and disliked.
        state.disliked = indices(saved.disliked).filter { !state.liked.contains($0) }
        state.seen = indices(saved.seen)
        return Conversation(state: state)
    }

    /// Takes `state` as what is saved, without writing: later saves diff against it.
    func adopt(_ state: DialogueState, session: String = "") { baselines[session] = snapshot(state) }

    /// Writes the state's liked, disliked and seen lists back (only what changed).
    func save(_ state: DialogueState, session: String = "") throws {
        let now = snapshot(state)
        try store.update(named: name, from: baselines[session] ?? TasteProfile(), to: now)
        baselines[session] = now
    }

    /// The state's lists as catalog ids.
    private func snapshot(_ state: DialogueState) -> TasteProfile {
        let ids = { (indices: [Int]) in indices.filter(self.catalog.items.indices.contains).map { self.catalog.items[$0].id } }
        return TasteProfile(liked: ids(state.liked), disliked: ids(state.disliked), seen: ids(state.seen))
    }
}

extension ServeSessions {
    /// Serve sessions that start from `profile` and save each request's state back;
    /// a failed save is reported on standard error (the answer line still goes out).
    mutating func use(_ profile: ProfileSession?) {
        guard let profile else { return }
        startConversation = { profile.startingConversation(session: $0) }
        afterRequest = { session, state in
            do { try profile.save(state, session: session) } catch {
                FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            }
        }
    }
}

extension EngineOptions {
    /// The profile session for this command, or nil with `--no-profile`. A profile that
    /// cannot be opened is reported and the command goes on without one.
    func openProfile(catalog: Catalog) -> ProfileSession? {
        if noProfile { return nil }
        let warn = { (line: String) in FileHandle.standardError.write(Data("curio: \(line)\n".utf8)) }
        do {
            let store = try profile.openStore()
            return try ProfileSession(store: store, name: profile.name, catalog: catalog, note: warn)
        } catch let error as ProfileError {
            warn("\(error); continuing without a profile")
            return nil
        } catch {
            return nil  // openStore already said why
        }
    }
}
