import CurioChatUI
#if canImport(Glibc)
import Glibc
#endif

/// How the chat starts.
public struct ChatOptions: Sendable {
    /// Line-by-line chat even on a terminal (`--plain`).
    public var forcePlain: Bool
    /// Capture the mouse for wheel scrolling (`--mouse`); off by default so text stays
    /// selectable with the mouse.
    public var mouse: Bool
    /// Show the last session's transcript again (`--resume`).
    public var resume: Bool
    /// Where history and the last session live; `nil` for `StateFiles.directory()`
    /// (`$XDG_STATE_HOME/curio`, default `~/.local/state/curio`).
    public var stateDirectory: String?

    public init(forcePlain: Bool = false, mouse: Bool = false, resume: Bool = false, stateDirectory: String? = nil) {
        self.forcePlain = forcePlain
        self.mouse = mouse
        self.resume = resume
        self.stateDirectory = stateDirectory
    }
}

/// The chat's entry point: `curio` with no subcommand calls `ChatApp.run`.
public enum ChatApp {
    /// Runs the chat until the user quits; returns the process exit status.
    ///
    /// Opens the full-screen chat when standard input and output are both terminals
    /// (and `--plain` was not given) and curses can start; otherwise chats line by line
    /// over the same backend. The terminal is restored on every exit path, including
    /// SIGTERM and SIGHUP (status 128 + signal).
    public static func run(backend: any ChatBackend, options: ChatOptions = ChatOptions()) -> Int32 {
        let directory = options.stateDirectory ?? StateFiles.directory()
        if !options.forcePlain && standardStreamsAreTerminals() {
            switch TerminalChat.run(backend: backend, options: options, stateDirectory: directory) {
            case .finished(let status): return status
            case .terminalUnavailable(let reason):
                FileHandleOutput.standardError("curio: \(reason); using the plain line-by-line chat.\n")
            }
        }
        return runPlain(backend: backend)
    }

    /// The line-by-line chat on standard input/output.
    public static func runPlain(backend: any ChatBackend) -> Int32 {
        let interactive = isatty(STDIN_FILENO) == 1
        let chat = PlainChat(backend: backend, prompt: interactive ? "› " : nil)
        return chat.run(readLine: { Swift.readLine(strippingNewline: true) },
                        output: FileHandleOutput.standardOutput,
                        errors: FileHandleOutput.standardError)
    }
}

/// Unbuffered writes to the standard streams (answers must appear before the next prompt).
enum FileHandleOutput {
    static func standardOutput(_ text: String) { writeAll(STDOUT_FILENO, text) }
    static func standardError(_ text: String) { writeAll(STDERR_FILENO, text) }

    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}
