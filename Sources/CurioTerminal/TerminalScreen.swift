@preconcurrency import CNcursesw
import CurioChatUI
#if canImport(Glibc)
import Glibc
#endif

/// The curses screen: starts and stops it, and draws a laid-out cell grid into it.
///
/// The only place curio calls ncursesw. Colours are roles; with `NO_COLOR` set (to
/// anything non-empty) or a terminal without colours, roles become attributes only
/// (bold, dim, reverse), so nothing is lost in monochrome.
final class TerminalScreen {
    private var screen: OpaquePointer?
    private var attributes: [CellRole: (attr: attr_t, pair: Int16)] = [:]
    private(set) var mouse: Bool
    private var isActive = false

    /// Starts curses on the process's terminal; `nil` if the terminal cannot be used
    /// (unknown TERM, not a terminal): the caller falls back to the plain chat.
    init?(mouse: Bool, environment: [String: String]) {
        self.mouse = mouse
        // A terminal type curses cannot load makes newterm return NULL (initscr would exit).
        guard let s = newterm(nil, stdout, stdin) else { return nil }
        screen = s
        isActive = true
        raw()
        noecho()
        nonl()
        keypad(stdscr, true)
        set_escdelay(25)
        wtimeout(stdscr, 0)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        setUpRoles(colors: !noColor && has_colors())
        if mouse {
            mousemask(curio_button4_pressed() | curio_button5_pressed(), nil)
            mouseinterval(0)
        }
        Self.write("\u{1B}[?2004h") // bracketed paste: readline binds the markers, curses does not enable them
    }

    private func setUpRoles(colors: Bool) {
        let bold = attr_t(curio_attr_bold()), dim = attr_t(curio_attr_dim()), reverse = attr_t(curio_attr_reverse())
        if colors {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_CYAN), -1)
            init_pair(2, Int16(COLOR_YELLOW), -1)
            init_pair(3, Int16(COLOR_RED), -1)
            attributes = [.normal: (0, 0), .accent: (bold, 1), .dim: (dim, 0), .title: (bold, 2),
                          .error: (bold, 3), .highlight: (reverse, 0)]
        } else {
            attributes = [.normal: (0, 0), .accent: (bold, 0), .dim: (dim, 0), .title: (bold, 0),
                          .error: (bold | attr_t(curio_attr_underline()), 0), .highlight: (reverse, 0)]
        }
    }

    /// The terminal's current size, from the kernel (curses' idea lags after SIGWINCH).
    func querySize() -> ScreenSize {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return ScreenSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
        }
        return ScreenSize(columns: Int(COLS), rows: Int(LINES))
    }

    /// The size curses currently lays its windows out for.
    var cursesSize: ScreenSize { ScreenSize(columns: Int(COLS), rows: Int(LINES)) }

    /// Tells curses about a new size (after SIGWINCH).
    func resize(to size: ScreenSize) {
        resizeterm(Int32(size.rows), Int32(size.columns))
    }

    /// Draws every cell of `rendered` and puts the cursor in the input box.
    ///
    /// - Complexity: O(cells); curses sends only what changed.
    func draw(_ rendered: RenderedScreen, forceFull: Bool = false) {
        let grid = rendered.grid
        if forceFull { clearok(stdscr, true) }
        var wide: [wchar_t] = Array(repeating: 0, count: Int(CCHARW_MAX) + 1)
        var cell = cchar_t()
        let rows = min(grid.rows, Int(LINES)), columns = min(grid.columns, Int(COLS))
        for y in 0..<rows {
            var x = 0
            while x < columns {
                let c = grid[y, x]
                if c.isContinuation { x += 1; continue }
                var n = 0
                for scalar in c.text.unicodeScalars where n < Int(CCHARW_MAX) - 1 {
                    wide[n] = wchar_t(bitPattern: scalar.value); n += 1
                }
                if n == 0 { wide[0] = 0x20; n = 1 }
                wide[n] = 0
                let style = attributes[c.role] ?? (0, 0)
                setcchar(&cell, wide, style.attr, style.pair, nil)
                // The last cell of the last row would scroll the screen with some curses
                // settings; insert there instead of adding.
                if y == rows - 1 && x == columns - 1 {
                    wmove(stdscr, Int32(y), Int32(x)); wins_wch(stdscr, &cell)
                } else {
                    mvwadd_wch(stdscr, Int32(y), Int32(x), &cell)
                }
                x += 1
            }
        }
        if let cursor = rendered.cursor {
            curs_set(1)
            wmove(stdscr, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wrefresh(stdscr)
    }

    /// One key from curses: a byte (0–255), a KEY_* code, or `nil` when none is waiting.
    func nextKey(waitMilliseconds: Int32 = 0) -> Int32? {
        wtimeout(stdscr, waitMilliseconds)
        defer { wtimeout(stdscr, 0) }
        let key = wgetch(stdscr)
        return key == ERR ? nil : key
    }

    /// The wheel direction of a mouse event: -1 up, +1 down, 0 other.
    func wheelDirection() -> Int {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return 0 }
        if event.bstate & curio_button4_pressed() != 0 { return -1 }
        if event.bstate & curio_button5_pressed() != 0 { return 1 }
        return 0
    }

    /// Leaves curses so the shell gets its terminal back (Ctrl-Z), keeping the screen.
    func suspend() {
        Self.write("\u{1B}[?2004l")
        endwin()
    }

    /// Comes back after `suspend` (or SIGCONT): everything is redrawn by the caller.
    func resume() {
        wrefresh(stdscr)
        Self.write("\u{1B}[?2004h")
    }

    /// Restores the terminal exactly as it was; safe to call more than once.
    func shutDown() {
        guard isActive else { return }
        isActive = false
        if mouse { mousemask(0, nil) }
        Self.write("\u{1B}[?2004l")
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }

    /// Writes raw bytes to the terminal (mode switches curses does not know about).
    static func write(_ sequence: String) {
        fputs(sequence, stdout)
        fflush(stdout)
    }
}
