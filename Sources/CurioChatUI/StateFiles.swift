import Foundation

/// Where curio keeps per-user state, and how it writes files without tearing them.
public enum StateFiles {
    /// `$XDG_STATE_HOME/curio`, or `~/.local/state/curio` when XDG_STATE_HOME is unset,
    /// empty or relative (the XDG spec says to ignore relative paths).
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return (state as NSString).appendingPathComponent("curio")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/state/curio")
    }

    /// Creates `directory` (and its parents) with owner-only permissions if missing.
    public static func ensureDirectory(_ directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ChatUIError.stateFileFailed(path: directory, reason: error.localizedDescription)
        }
    }

    /// Writes `data` to `path` atomically: a temporary file in the same directory,
    /// flushed, then renamed over the target, so a reader (or a crash) sees either the
    /// old file or the new one, never half of it.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let dir = directory.isEmpty ? "." : directory
        var template = Array((dir as NSString).appendingPathComponent(".curio-tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, errno) }
        let tempPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = true
        var savedErrno: Int32 = 0
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; ok = false; savedErrno = errno; return }
                offset += n
            }
        }
        if ok && fsync(fd) != 0 { ok = false; savedErrno = errno }
        fchmod(fd, 0o644)
        close(fd)
        if ok && rename(tempPath, path) != 0 { ok = false; savedErrno = errno }
        if !ok {
            unlink(tempPath)
            throw failure(path, savedErrno)
        }
    }

    static func failure(_ path: String, _ code: Int32) -> ChatUIError {
        .stateFileFailed(path: path, reason: String(cString: strerror(code)))
    }

    /// `~/…` expanded against HOME; other paths unchanged.
    public static func expandingTilde(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
