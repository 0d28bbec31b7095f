import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Drives a real program in a detached tmux server, for end-to-end tests of the
/// full-screen chat without a TTY: type keys, resize, read the screen back.
///
/// One tmux server per driver (`tmux -L NAME`), killed in `stop()`. tmux is started
/// with `posix_spawn` (empty signal mask, default handlers) and `waitpid`: Foundation's
/// `Process.waitUntilExit()` hangs when the command starts a tmux server.
final class TmuxDriver {
    static var isAvailable: Bool { access("/usr/bin/tmux", X_OK) == 0 || which("tmux") != nil }

    let socket: String
    private var stopped = false

    /// Starts `shellCommand` (run by `sh -c`) in a `columns`×`rows` window.
    init(name: String, columns: Int, rows: Int, shellCommand: String) throws {
        socket = "curio-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let status = Self.spawn(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
                                 "-x", String(columns), "-y", String(rows), shellCommand], captureOutput: false).status
        guard status == 0 else { throw DriverError.tmuxFailed("new-session exited with \(status)") }
        _ = tmux("set-option", "-g", "remain-on-exit", "on")
    }

    deinit { stop() }

    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = tmux("kill-server")
        // tmux leaves the socket file behind when the server is killed.
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(directory)/tmux-\(getuid())/\(socket)")
    }

    /// Runs one tmux command against this server; returns its standard output.
    @discardableResult
    func tmux(_ arguments: String...) -> String {
        Self.spawn(["tmux", "-L", socket] + arguments, captureOutput: true).output
    }

    /// Types text literally (UTF-8, CJK included).
    func type(_ text: String) { tmux("send-keys", "-t", "t", "-l", "--", text) }

    /// Presses named keys: "Enter", "C-c", "Tab", "Up", "PPage", "Escape", "M-Enter"…
    func press(_ keys: String...) { for key in keys { tmux("send-keys", "-t", "t", key) } }

    /// Pastes text as a bracketed paste, the way a terminal delivers a mouse paste.
    func paste(_ text: String) {
        tmux("set-buffer", "-b", "p", "--", text)
        tmux("paste-buffer", "-p", "-b", "p", "-t", "t")
    }

    func resize(columns: Int, rows: Int) {
        tmux("resize-window", "-t", "t", "-x", String(columns), "-y", String(rows))
    }

    /// The visible screen, one line per row, trailing spaces trimmed.
    func screen() -> String { tmux("capture-pane", "-p", "-t", "t") }

    /// The cursor's (column, row).
    func cursor() -> (x: Int, y: Int) {
        let parts = tmux("display", "-p", "-t", "t", "#{cursor_x},#{cursor_y}")
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : (-1, -1)
    }

    /// Polls the screen every 50 ms until `condition` holds or `seconds` pass; returns
    /// the last screen either way (so a failing expectation can print it).
    @discardableResult
    func waitFor(seconds: Double = 5, _ condition: (String) -> Bool) -> (ok: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var last = screen()
        while !condition(last) {
            if Date() > deadline { return (false, last) }
            usleep(50_000)
            last = screen()
        }
        return (true, last)
    }

    /// Waits until the screen contains every one of `texts` at once (a capture can
    /// catch curses halfway through a redraw, so related checks belong in one wait).
    @discardableResult
    func waitFor(all texts: [String], seconds: Double = 5) -> (ok: Bool, screen: String) {
        waitFor(seconds: seconds) { screen in texts.allSatisfy { screen.contains($0) } }
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 5) -> (ok: Bool, screen: String) {
        waitFor(seconds: seconds) { $0.contains(text) }
    }

    enum DriverError: Error { case tmuxFailed(String) }

    /// posix_spawn + waitpid, standard output read through a pipe when asked (never for
    /// the command that forks the server: it would hold the pipe open).
    static func spawn(_ argv: [String], captureOutput: Bool) -> (status: Int32, output: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&fds) == 0 else { return (-1, "") }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for p in cArguments { free(p) } }
        var environment = ProcessInfo.processInfo.environment
        // The chat under test must see a plain terminal environment, not the test runner's
        // (which may ask for no colour).
        for name in ["TMUX", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"] { environment[name] = nil }
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cEnvironment { free(p) } }

        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        if captureOutput { close(fds[1]) }
        guard rc == 0 else {
            if captureOutput { close(fds[0]) }
            return (-1, "")
        }
        var output = [UInt8]()
        if captureOutput {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n > 0 { output += buffer[..<n]; continue }
                if n < 0 && errno == EINTR { continue }
                break
            }
            close(fds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exit, String(decoding: output, as: UTF8.self))
    }

    private static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where access("\(dir)/\(name)", X_OK) == 0 { return "\(dir)/\(name)" }
        return nil
    }
}
