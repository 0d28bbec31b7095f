/// What a cell's text is for; the terminal maps roles to colours and attributes
/// (or to bold/dim/reverse alone when colour is off).
public enum CellRole: Hashable, Sendable, CaseIterable {
    case normal
    /// The user's own messages, numbers, the header: the eye's anchors.
    case accent
    /// Secondary facts, reasons, hints.
    case dim
    /// Item titles.
    case title
    case error
    /// Chips and the "new messages below" marker: drawn in reverse video.
    case highlight
}

/// One run of text in one role.
public struct StyledRun: Hashable, Sendable {
    public var text: String
    public var role: CellRole

    public init(_ text: String, _ role: CellRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// A line of styled runs.
public typealias StyledLine = [StyledRun]

/// One screen cell: one grapheme cluster (cell-safe) in one role. A double-width
/// character's cell is followed by a `continuation` cell holding an empty string,
/// so no two characters ever overlap.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var role: CellRole

    public static let blank = Cell(text: " ", role: .normal)

    public init(text: String, role: CellRole) {
        self.text = text
        self.role = role
    }

    /// The right half of a double-width character.
    public var isContinuation: Bool { text.isEmpty }
}

/// The whole screen as rows of cells: what the layout produces and the terminal draws.
public struct CellGrid: Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    public private(set) var cells: [Cell]

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        cells = Array(repeating: .blank, count: self.columns * self.rows)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// Writes `runs` into `row` from `column`, never past `column + width` nor the
    /// grid's edge; returns the columns used. A double-width character that would
    /// straddle the edge is replaced by a space. Text must already be cell-safe.
    @discardableResult
    public mutating func put(_ runs: StyledLine, row: Int, column: Int, width: Int? = nil) -> Int {
        guard row >= 0, row < rows, column >= 0, column < columns else { return 0 }
        let limit = min(columns, column + (width ?? columns))
        var x = column
        for run in runs {
            for character in run.text {
                let w = DisplayWidth.of(character)
                if w == 0 { continue }
                if x + w > limit {
                    if x < limit { cells[row * columns + x] = Cell(text: " ", role: run.role); x += 1 }
                    return x - column
                }
                cells[row * columns + x] = Cell(text: String(character), role: run.role)
                if w == 2 { cells[row * columns + x + 1] = Cell(text: "", role: run.role) }
                x += w
            }
        }
        return x - column
    }

    /// Writes one run; see `put(_:row:column:width:)`.
    @discardableResult
    public mutating func put(_ text: String, _ role: CellRole = .normal, row: Int, column: Int, width: Int? = nil) -> Int {
        put([StyledRun(text, role)], row: row, column: column, width: width)
    }

    /// Sets the role of `count` cells from `column` (e.g. to fill a bar in reverse video).
    public mutating func fill(row: Int, column: Int, count: Int, with cell: Cell) {
        guard row >= 0, row < rows else { return }
        for x in max(0, column)..<min(columns, column + count) { cells[row * columns + x] = cell }
    }

    /// The text of one row, continuation cells skipped, trailing spaces trimmed.
    public func text(ofRow row: Int) -> String {
        var line = ""
        for x in 0..<columns where !self[row, x].isContinuation { line += self[row, x].text }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// All rows as text, one per line: what snapshot tests compare.
    public var snapshot: String {
        (0..<rows).map { text(ofRow: $0) }.joined(separator: "\n")
    }
}
