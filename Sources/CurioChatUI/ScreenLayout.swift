/// A drawn screen: the cells, and where the terminal cursor goes (in the input box).
public struct RenderedScreen: Hashable, Sendable {
    public var grid: CellGrid
    /// (row, column) of the cursor, or `nil` to hide it (too-small screen).
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set { cursorRow = newValue?.row; cursorColumn = newValue?.column ?? 0 }
    }
    var cursorRow: Int?
    var cursorColumn = 0
}

/// Lays a `ScreenState` out into a cell grid. Pure: the same state always gives the
/// same grid, and drawing never changes state.
///
/// Layout, top to bottom: header; transcript (with the recommendations panel beside it
/// from 100 columns on, folded into the transcript below that); the chips line; the
/// input box (growing to a quarter of the screen); the key-hint line.
public enum ScreenLayout {
    static let spinnerFrames: [String] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    static let hints = "Enter send · Alt-Enter newline · Tab complete · PgUp/PgDn scroll · /help · Ctrl-D quit"

    /// - Complexity: O(cells + text of the visible entries).
    public static func render(_ state: ScreenState) -> RenderedScreen {
        let g = ScreenGeometry(state: state)
        var grid = CellGrid(columns: state.size.columns, rows: state.size.rows)
        if g.isTooSmall { return tooSmall(state.size) }

        drawHeader(state, into: &grid)
        let visible = TranscriptWindow(state: state).visibleLines
        for (i, line) in visible.enumerated() {
            grid.put(line, row: g.transcriptTop + i, column: 0, width: g.transcriptWidth)
        }
        if state.transcript.isEmpty {
            let welcome = TextWrap.wrap("Tell me what you feel like watching, e.g. “a funny 90s movie”, "
                                        + "“something like Alien but shorter”. /help lists the commands.",
                                        role: .dim, width: g.transcriptWidth)
            for (i, line) in welcome.prefix(g.transcriptHeight).enumerated() {
                grid.put(line, row: g.transcriptTop + i, column: 0, width: g.transcriptWidth)
            }
        }
        if state.hasUnseenBelow && g.transcriptHeight > 0 {
            let row = g.transcriptTop + g.transcriptHeight - 1
            grid.fill(row: row, column: 0, count: g.transcriptWidth, with: Cell(text: " ", role: .highlight))
            grid.put(TextWrap.truncate(" ↓ new messages below · End jumps there", width: g.transcriptWidth),
                     .highlight, row: row, column: 0, width: g.transcriptWidth)
        }
        if g.isWide { drawPanel(state, g, into: &grid) }
        drawChips(state.chips, row: g.chipsRow, into: &grid)

        let input = InputLayout.lines(for: state.input, width: state.size.columns)
        let first = max(0, min(input.cursorRow - g.inputHeight + 1, input.lines.count - g.inputHeight))
        for (i, line) in input.lines.dropFirst(first).prefix(g.inputHeight).enumerated() {
            grid.put(line, row: g.inputTop + i, column: 0)
        }

        let hint: String
        if let status = state.status { hint = status }
        else if case .anchored = state.scroll { hint = "Reading back · End: newest · PgUp/PgDn scroll · " + hints }
        else { hint = hints }
        grid.put(TextWrap.truncate(hint, width: state.size.columns), .dim, row: g.hintRow, column: 0)

        var screen = RenderedScreen(grid: grid)
        screen.cursor = (g.inputTop + input.cursorRow - first, min(input.cursorColumn, state.size.columns - 1))
        return screen
    }

    static func drawHeader(_ state: ScreenState, into grid: inout CellGrid) {
        let h = state.header
        let parts = [h.catalogName, h.modelName, h.profileName.isEmpty ? "" : "profile " + h.profileName]
        let details = parts.filter { !$0.isEmpty }.map { " · " + $0.cellSafe }.joined()
        var right = ""
        if state.busyVisible {
            right = spinnerFrames[state.spinnerFrame % spinnerFrames.count] + " thinking… Esc stops waiting"
        }
        let rightWidth = DisplayWidth.of(right)
        let leftWidth = max(0, grid.columns - (rightWidth > 0 ? rightWidth + 1 : 0))
        grid.put([StyledRun("curio", .accent),
                  StyledRun(TextWrap.truncate(details, width: max(0, leftWidth - 5)), .dim)],
                 row: 0, column: 0, width: leftWidth)
        if rightWidth > 0 && rightWidth < grid.columns {
            grid.put(right, .accent, row: 0, column: grid.columns - rightWidth)
        }
    }

    static func drawPanel(_ state: ScreenState, _ g: ScreenGeometry, into grid: inout CellGrid) {
        for row in g.transcriptTop..<(g.transcriptTop + g.transcriptHeight) {
            grid.put("│", .dim, row: row, column: g.transcriptWidth)
        }
        var lines: [StyledLine] = [[StyledRun("Recommendations", .title)]]
        if state.recommendations.isEmpty {
            lines += TextWrap.wrap("Nothing yet: the list appears here.", role: .dim, width: g.panelWidth)
        }
        for item in state.recommendations {
            lines.append([])
            lines += TranscriptRenderer.itemLines(item, width: g.panelWidth)
        }
        if lines.count > g.transcriptHeight {
            lines = Array(lines.prefix(max(0, g.transcriptHeight - 1)))
            lines.append([StyledRun("… (the list continues; make the window taller)", .dim)])
        }
        for (i, line) in lines.enumerated() {
            grid.put(line, row: g.transcriptTop + i, column: g.panelColumn, width: g.panelWidth)
        }
    }

    /// `──[Comedy]─[1990s]─[≤ 120 min]──────`: the separator above the input, carrying
    /// what the engine understood.
    static func drawChips(_ chips: [String], row: Int, into grid: inout CellGrid) {
        grid.put(String(repeating: "─", count: grid.columns), .dim, row: row, column: 0)
        var x = 2
        for chip in chips {
            let text = chip.cellSafe
            let w = DisplayWidth.of(text) + 2
            if x + w + 1 > grid.columns {
                grid.put("…", .dim, row: row, column: min(x, grid.columns - 1))
                break
            }
            grid.put([StyledRun("[", .dim), StyledRun(text, .accent), StyledRun("]", .dim)], row: row, column: x)
            x += w + 1
        }
    }

    /// The screen shown below 40x12: what is wrong and what to do.
    static func tooSmall(_ size: ScreenSize) -> RenderedScreen {
        var grid = CellGrid(columns: size.columns, rows: size.rows)
        let message = "curio needs at least \(ScreenGeometry.minimumSize.columns)×\(ScreenGeometry.minimumSize.rows); "
            + "this terminal is \(size.columns)×\(size.rows). Make me bigger."
        let lines = TextWrap.wrap(message, role: .error, width: max(1, size.columns))
        let top = max(0, (size.rows - lines.count) / 2)
        for (i, line) in lines.prefix(size.rows).enumerated() {
            let w = DisplayWidth.of(line.plainText)
            grid.put(line, row: top + i, column: max(0, (size.columns - w) / 2))
        }
        return RenderedScreen(grid: grid)
    }
}
