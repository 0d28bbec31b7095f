@preconcurrency import CReadline
import CurioChatUI
#if canImport(Glibc)
import Glibc
#endif

/// The line history, kept in `$XDG_STATE_HOME/curio/history` across sessions.
///
/// Each line is appended right after it is entered (a SIGTERM loses nothing), with
/// timestamps so multi-line entries survive the round trip. Two curio processes can be
/// open at once: both only append (O_APPEND), and the one rewrite (trimming an
/// overlong file at start, atomically via readline's temp file + rename) runs under an
/// exclusive `flock` that appenders also take.
struct HistoryFile {
    /// Entries kept when the file is trimmed at start.
    static let keptEntries: Int32 = 2000

    let path: String
    private let lockPath: String

    init(directory: String) {
        path = directory + "/history"
        lockPath = directory + "/history.lock"
    }

    /// Configures readline's history and loads the file (missing is fine: a first run).
    /// - Returns: an error message to show, or `nil`.
    func load() -> String? {
        history_write_timestamps = 1
        history_multiline_entries = 1
        history_comment_char = CChar(UInt8(ascii: "#"))
        using_history()
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        do { try StateFiles.ensureDirectory(directory) } catch { return "\(error) (history will not be kept)" }
        return withLock {
            let status = read_history(path)
            if status != 0 && status != ENOENT {
                return "Could not read the history \(path): \(String(cString: strerror(status)))."
            }
            if history_length > Self.keptEntries * 2 { history_truncate_file(path, Self.keptEntries * 2) }
            using_history()   // Up starts from the newest loaded entry, not from before the first
            return nil
        }
    }

    /// Adds `line` to the in-memory history and appends it to the file.
    /// - Returns: an error message to show, or `nil`.
    func append(_ line: String) -> String? {
        add_history(line)
        return withLock {
            let status = append_history(1, path)
            if status == ENOENT {
                // First line ever: append_history needs the file to exist.
                let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
                if fd >= 0 { close(fd) }
                let retry = append_history(1, path)
                return retry == 0 ? nil : "Could not save the history \(path): \(String(cString: strerror(retry)))."
            }
            return status == 0 ? nil : "Could not save the history \(path): \(String(cString: strerror(status)))."
        }
    }

    private func withLock<T>(_ body: () -> T) -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 { flock(fd, LOCK_EX) }
        defer { if fd >= 0 { flock(fd, LOCK_UN); close(fd) } }
        return body()
    }
}
