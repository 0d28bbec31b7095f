import Foundation

/// Saved taste profiles in one SQLite database, shared safely by every curio process.
///
/// One table row per (profile, item, kind), written in `BEGIN IMMEDIATE` transactions, in
/// WAL mode with a busy timeout: a reader never sees half a write, and two processes
/// (a chat and an `ask`, say) can read and write the same profile at once. On open the
/// file gets `PRAGMA quick_check`; a file that is not a database, or a damaged one, is
/// renamed to `profile.db.corrupt-<timestamp>` (never deleted) and a fresh one takes
/// its place; `setAsidePath` says where the old bytes went so the caller can tell the user.
public final class ProfileStore {
    /// The database file.
    public let path: String
    /// Where a damaged database found on open was moved; nil when the file was sound.
    public private(set) var setAsidePath: String?
    private let connection: SQLiteConnection

    /// The default database: `$XDG_DATA_HOME/curio/profile.db`, or
    /// `~/.local/share/curio/profile.db` when XDG_DATA_HOME is unset, empty or relative.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return (data as NSString).appendingPathComponent("curio/profile.db")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/share/curio/profile.db")
    }

    /// The profile used when `--profile` is not given.
    public static let defaultProfileName = "default"

    /// Opens the database at `path`, creating it and its folder if missing; a damaged file
    /// is moved aside (see `setAsidePath`) and replaced by an empty database.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw ProfileError.directoryFailed(path: directory, reason: error.localizedDescription)
            }
        }
        do {
            connection = try Self.openChecked(path)
        } catch let failure as SQLiteConnection.Failure where failure.isCorruption || failure.code == -1 {
            let aside = try Self.moveAside(path)
            setAsidePath = aside
            do { connection = try Self.openChecked(path) } catch let failure as SQLiteConnection.Failure {
                throw ProfileError.databaseFailed(path: path, reason: failure.message)
            }
        } catch let failure as SQLiteConnection.Failure {
            throw ProfileError.databaseFailed(path: path, reason: failure.message)
        }
        // What someone watches is private: owner-only, like the folder (SQLite creates 0644).
        chmod(path, 0o600)
    }

    /// Opens, checks integrity, and creates the schema. A failed quick check is reported
    /// as code -1 so `init` treats it like SQLITE_CORRUPT.
    private static func openChecked(_ path: String) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path)
        let check = try connection.query("PRAGMA quick_check")
        let verdict = check.compactMap { $0.first ?? nil }
        guard verdict == ["ok"] else {
            throw SQLiteConnection.Failure(code: -1, message: verdict.prefix(3).joined(separator: "; "))
        }
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = FULL")
        try connection.transaction {
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS profiles (name TEXT PRIMARY KEY NOT NULL);
                CREATE TABLE IF NOT EXISTS entries (
                    profile TEXT NOT NULL REFERENCES profiles(name),
                    item_id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('liked', 'disliked', 'seen')),
                    at INTEGER NOT NULL,
                    PRIMARY KEY (profile, item_id, kind));
                """)
        }
        return connection
    }

    /// Renames `path` (and its WAL and shared-memory files) to `path.corrupt-<UTC timestamp>`.
    private static func moveAside(_ path: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var aside = path + ".corrupt-" + formatter.string(from: Date())
        var n = 1
        while FileManager.default.fileExists(atPath: aside) { aside = path + ".corrupt-\(formatter.string(from: Date()))-\(n)"; n += 1 }
        guard rename(path, aside) == 0 else {
            throw ProfileError.cannotSetAside(path: path, reason: String(cString: strerror(errno)))
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            _ = rename(path + suffix, aside + suffix)
        }
        return aside
    }

    /// The profile called `name` (empty when it was never written).
    /// - Complexity: O(n log n) in the profile's entries.
    public func profile(named name: String) throws -> TasteProfile {
        try Self.validate(name)
        let rows = try run { try connection.query(
            "SELECT item_id, kind FROM entries WHERE profile = ? ORDER BY at, rowid", [.text(name)]) }
        var profile = TasteProfile()
        for row in rows {
            guard let id = row[0], let kind = row[1].flatMap(ProfileEntryKind.init(rawValue:)) else { continue }
            profile[kind].append(id)
        }
        return profile
    }

    /// Every profile that has been written, sorted by name.
    public func profileNames() throws -> [String] {
        try run { try connection.query("SELECT name FROM profiles ORDER BY name") }.compactMap { $0.first ?? nil }
    }

    /// Writes the difference between `old` and `new` into profile `name` in one transaction.
    ///
    /// `old` is what this caller last read or saved; entries another process added since are
    /// left alone. Liking an item removes a dislike of it and vice versa, so the two stay exclusive.
    public func update(named name: String, from old: TasteProfile, to new: TasteProfile,
                       at time: Date = Date()) throws {
        try Self.validate(name)
        let (added, removed) = old.changes(to: new)
        if added.isEmpty && removed.isEmpty { return }
        let stamp = Int64(time.timeIntervalSince1970)
        try run {
            try connection.transaction {
                try connection.query("INSERT OR IGNORE INTO profiles(name) VALUES (?)", [.text(name)])
                for entry in removed {
                    try connection.query("DELETE FROM entries WHERE profile = ? AND item_id = ? AND kind = ?",
                                         [.text(name), .text(entry.itemID), .text(entry.kind.rawValue)])
                }
                for entry in added {
                    let opposite: ProfileEntryKind? = entry.kind == .liked ? .disliked : entry.kind == .disliked ? .liked : nil
                    if let opposite {
                        try connection.query("DELETE FROM entries WHERE profile = ? AND item_id = ? AND kind = ?",
                                             [.text(name), .text(entry.itemID), .text(opposite.rawValue)])
                    }
                    try connection.query("INSERT OR IGNORE INTO entries(profile, item_id, kind, at) VALUES (?, ?, ?, ?)",
                                         [.text(name), .text(entry.itemID), .text(entry.kind.rawValue), .integer(stamp)])
                }
            }
        }
    }

    /// Removes `itemID` from every list of profile `name`; returns the lists it was in.
    @discardableResult
    public func forget(_ itemID: String, inProfile name: String) throws -> [ProfileEntryKind] {
        try Self.validate(name)
        return try run {
            try connection.transaction {
                let rows = try connection.query("SELECT kind FROM entries WHERE profile = ? AND item_id = ? ORDER BY kind",
                                                [.text(name), .text(itemID)])
                try connection.query("DELETE FROM entries WHERE profile = ? AND item_id = ?", [.text(name), .text(itemID)])
                return rows.compactMap { $0.first.flatMap { $0.flatMap(ProfileEntryKind.init(rawValue:)) } }
            }
        }
    }

    /// Empties profile `name` and returns what it held.
    @discardableResult
    public func clear(profile name: String) throws -> TasteProfile {
        let before = try profile(named: name)
        try run {
            try connection.transaction {
                try connection.query("DELETE FROM entries WHERE profile = ?", [.text(name)])
                try connection.query("DELETE FROM profiles WHERE name = ?", [.text(name)])
            }
        }
        return before
    }

    /// Rejects names a terminal or a file listing would mangle.
    public static func validate(_ name: String) throws {
        guard !name.isEmpty, name.count <= 64,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ProfileError.invalidProfileName(name)
        }
    }

    private func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as SQLiteConnection.Failure {
            throw ProfileError.databaseFailed(path: path, reason: failure.message)
        }
    }
}
