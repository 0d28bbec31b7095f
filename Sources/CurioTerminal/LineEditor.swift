@preconcurrency import CNcursesw
@preconcurrency import CReadline
import CurioChatUI
#if canImport(Glibc)
import Glibc
#endif

/// The editor the C callbacks reach; set while a `LineEditor` exists (main thread only).
nonisolated(unsafe) private var activeEditor: LineEditor?

/// GNU readline driven through its callback interface, drawing into the chat's input
/// box instead of the terminal.
///
/// Readline never touches the terminal: its terminal preparation, signal handling and
/// environment changes are off, its output goes to /dev/null, and it reads bytes only
/// from our queue (fed by curses' `wgetch`). It owns editing, history (Up/Down, Ctrl-R)
/// and bracketed paste; the chat owns scrolling, resize and the other keys.
/// (The pattern follows Ulf Magnusson's public "readline-and-ncurses" example.)
final class LineEditor {
    static let prompt = "› "

    private let screen: TerminalScreen
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var devNull: UnsafeMutablePointer<FILE>?
    /// A whole line was entered (`nil`: end of input).
    var onLine: (String) -> Void = { _ in }
    /// Plans a Tab completion for (line, cursor byte offset).
    var completer: (String, Int) -> CompletionEdit? = { _, _ in nil }
    /// Several completions matched; the chat lists them.
    var onCandidates: ([String]) -> Void = { _ in }
    /// Whether input has hung up: the blocking read gives up.
    var isHungUp: () -> Bool = { false }

    init(screen: TerminalScreen) {
        self.screen = screen
        activeEditor = self
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        rl_change_environment = 0
        rl_prep_term_function = { _ in }
        rl_deprep_term_function = { }
        rl_getc_function = { _ in activeEditor?.readByte() ?? EOF }
        rl_input_available_hook = { activeEditor?.hasQueuedInput == true ? 1 : 0 }
        rl_redisplay_function = { }
        devNull = fopen("/dev/null", "w")
        rl_outstream = devNull
        rl_instream = stdin
        rl_completion_display_matches_hook = { _, _, _ in }
        rl_readline_name = UnsafePointer(strdup("curio"))
        rl_initialize()
        // Our own keys, bound after readline's defaults (and the user's inputrc).
        rl_bind_key(9) { _, _ in activeEditor?.complete(); return 0 }
        rl_bind_key(10) { _, _ in rl_insert_text("\n"); return 0 }          // Ctrl-J: newline
        rl_bind_keyseq("\\e\\r") { _, _ in rl_insert_text("\n"); return 0 }  // Alt-Enter: newline
        rl_bind_keyseq("\\e[A", rl_get_previous_history)
        rl_bind_keyseq("\\e[B", rl_get_next_history)
        rl_bind_keyseq("\\e[C", rl_forward_char)
        rl_bind_keyseq("\\e[D", rl_backward_char)
        rl_bind_keyseq("\\e[H", rl_beg_of_line)
        rl_bind_keyseq("\\e[F", rl_end_of_line)
        rl_bind_keyseq("\\e[3~", rl_delete)
        rl_callback_handler_install(Self.prompt) { line in
            guard let line else { return }   // EOF is handled as a key (Ctrl-D) by the chat
            let text = String(cString: line)
            free(line)
            activeEditor?.onLine(text)
        }
    }

    /// Gives readline back its state and stops the callbacks.
    func close() {
        rl_callback_handler_remove()
        if let devNull { fclose(devNull) }
        devNull = nil
        activeEditor = nil
    }

    /// The line as readline has it now: prompt (changes during Ctrl-R), text, cursor.
    var input: InputLine {
        let prompt = rl_display_prompt.map { String(cString: $0) } ?? Self.prompt
        guard let buffer = rl_line_buffer else { return InputLine(prompt: prompt) }
        let end = Int(max(0, rl_end))
        let text = buffer.withMemoryRebound(to: UInt8.self, capacity: end) {
            String(decoding: UnsafeBufferPointer(start: $0, count: end), as: UTF8.self)
        }
        return InputLine(prompt: prompt, text: text, cursorByteOffset: Int(max(0, rl_point)))
    }

    var isEmpty: Bool { rl_end == 0 }

    /// Feeds bytes to readline, one `rl_callback_read_char` per byte.
    func feed(_ bytes: [UInt8]) {
        pending += bytes
        while hasQueuedInput { rl_callback_read_char() }
        compactQueue()
    }

    /// Empties the line (Ctrl-C). Ctrl-G first leaves an incremental search.
    func clearLine() {
        feed([0x07])
        rl_replace_line("", 0)
        rl_point = 0
    }

    fileprivate var hasQueuedInput: Bool { pendingStart < pending.count }

    private func compactQueue() {
        if pendingStart >= pending.count { pending.removeAll(keepingCapacity: true); pendingStart = 0 }
    }

    /// readline's getc: the next queued byte, or (inside a bracketed paste, which
    /// readline reads synchronously) block on curses for more.
    fileprivate func readByte() -> Int32 {
        while !hasQueuedInput {
            if isHungUp() || WakePipe.pendingTermination != 0 { return EOF }
            guard let key = screen.nextKey(waitMilliseconds: 100) else { continue }
            if key == KEY_RESIZE { WakePipe.pendingResize = 1; continue }
            pending += Self.bytes(forKey: key) ?? []
        }
        let byte = pending[pendingStart]
        pendingStart += 1
        return Int32(byte)
    }

    /// The bytes readline expects for a curses key code, or `nil` for keys readline
    /// does not handle (the chat's own: paging, mouse, resize).
    static func bytes(forKey key: Int32) -> [UInt8]? {
        switch key {
        case 0...255: return [UInt8(key)]
        case KEY_UP: return Array("\u{1B}[A".utf8)
        case KEY_DOWN: return Array("\u{1B}[B".utf8)
        case KEY_RIGHT: return Array("\u{1B}[C".utf8)
        case KEY_LEFT: return Array("\u{1B}[D".utf8)
        case KEY_HOME: return Array("\u{1B}[H".utf8)
        case KEY_END: return Array("\u{1B}[F".utf8)
        case KEY_DC: return Array("\u{1B}[3~".utf8)
        case KEY_BACKSPACE: return [0x7F]
        case KEY_ENTER: return [0x0D]
        default: return nil
        }
    }

    /// Tab: completes a command or a title in place; lists the choices when several match.
    private func complete() {
        let current = input
        guard let edit = completer(current.text, current.cursorByteOffset) else { return }
        rl_begin_undo_group()
        rl_delete_text(Int32(edit.replaceFrom), Int32(edit.replaceTo))
        rl_point = Int32(edit.replaceFrom)
        rl_insert_text(edit.replacement)
        rl_end_undo_group()
        if edit.candidates.count > 1 { onCandidates(edit.candidates) }
    }
}
