#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signals the chat reacts to, turned into bytes on a pipe so the main loop's `poll`
/// wakes for them (the self-pipe trick): no work happens in the handler itself.
///
/// The same pipe carries "a turn finished" from the worker thread.
enum WakePipe {
    /// [read end, write end]; both non-blocking and close-on-exec.
    nonisolated(unsafe) static var fds: [Int32] = [-1, -1]
    /// The last signals received, as flags the loop reads and clears (main thread).
    nonisolated(unsafe) static var pendingResize: sig_atomic_t = 0
    nonisolated(unsafe) static var pendingTermination: sig_atomic_t = 0
    nonisolated(unsafe) static var pendingContinue: sig_atomic_t = 0

    static func open() -> Bool {
        var pair: [Int32] = [-1, -1]
        guard pipe(&pair) == 0 else { return false }
        for fd in pair {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        fds = pair
        return true
    }

    static func close() {
        for fd in fds where fd >= 0 { _ = Glibc.close(fd) }
        fds = [-1, -1]
    }

    /// Async-signal-safe: one `write` of one byte.
    static func wake() {
        var byte: UInt8 = 1
        _ = write(fds[1], &byte, 1)
    }

    /// Empties the pipe (the flags say what happened).
    static func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fds[0], &buffer, buffer.count) > 0 {}
    }
}

/// Installs the chat's handlers for SIGWINCH, SIGTERM, SIGHUP, SIGINT and SIGCONT, and
/// unblocks them (a parent may have passed them blocked). Installed before curses
/// starts, so ncurses does not install its own SIGWINCH handler.
enum TerminalSignals {
    nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]
    nonisolated(unsafe) static var lastTerminationSignal: sig_atomic_t = 0

    static func install() {
        let handler: @convention(c) (Int32) -> Void = { signal in
            switch signal {
            case SIGWINCH: WakePipe.pendingResize = 1
            case SIGCONT: WakePipe.pendingContinue = 1
            default:
                WakePipe.pendingTermination = 1
                TerminalSignals.lastTerminationSignal = signal
            }
            WakePipe.wake()
        }
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGCONT, SIGTSTP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            var old = sigaction()
            if signal != SIGTSTP { // Ctrl-Z is a key in raw mode; SIGTSTP keeps its default (stop)
                sigaction(signal, &action, &old)
                previous[signal] = old
            }
            sigaddset(&set, signal)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Puts back the handlers that were there before.
    static func restore() {
        for (signal, var old) in previous { sigaction(signal, &old, nil) }
        previous = [:]
    }
}
