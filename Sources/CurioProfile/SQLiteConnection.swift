import CSQLite3

/// A value bound to a `?` parameter of a SQLite statement.
enum SQLiteValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
}

/// The one place curio talks to the SQLite C API: open, run a statement, read text rows.
///
/// C result codes become `SQLiteFailure` here and nowhere else; `ProfileStore` turns those
/// into `ProfileError`s naming the file. A connection is used by one thread at a time.
final class SQLiteConnection {
    /// A failed SQLite call: its primary result code and message.
    struct Failure: Error {
        var code: Int32
        var message: String
        /// The file is not a database or its pages are damaged: set it aside, don't retry.
        var isCorruption: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }
    }

    private var handle: OpaquePointer?

    /// Opens (creating if missing) the database at `path` and waits up to
    /// `busyTimeoutMilliseconds` for another process's lock instead of failing at once.
    init(path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close(db)
            throw Failure(code: rc & 0xff, message: message)
        }
        handle = db
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit { close() }

    /// Closes the connection; later calls fail. Safe to call twice.
    func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs `sql` (which may hold several statements, no parameters).
    func execute(_ sql: String) throws {
        guard let handle else { throw Failure(code: SQLITE_MISUSE, message: "database is closed") }
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(error)
            throw Failure(code: rc & 0xff, message: message)
        }
    }

    /// Runs one statement with `bindings` for its `?` parameters and returns every row,
    /// each column as text (nil for NULL).
    @discardableResult
    func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [[String?]] {
        guard let handle else { throw Failure(code: SQLITE_MISUSE, message: "database is closed") }
        var statement: OpaquePointer?
        var rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw failure(rc) }
        defer { sqlite3_finalize(statement) }
        // SQLITE_TRANSIENT: SQLite copies the bytes, so the Swift string may go away.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, value) in bindings.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .text(let text): rc = sqlite3_bind_text(statement, position, text, -1, transient)
            case .integer(let number): rc = sqlite3_bind_int64(statement, position, number)
            }
            guard rc == SQLITE_OK else { throw failure(rc) }
        }
        var rows: [[String?]] = []
        while true {
            rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw failure(rc) }
            let columns = sqlite3_column_count(statement)
            rows.append((0..<columns).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) }
            })
        }
        return rows
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    ///
    /// IMMEDIATE takes the write lock up front, so two processes writing at once queue
    /// on the busy timeout instead of one failing with SQLITE_BUSY halfway through.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func failure(_ rc: Int32) -> Failure {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
        return Failure(code: rc & 0xff, message: message)
    }
}
