/// Where each part of the screen goes for a given state, computed the same way by the
/// layout (to draw) and the reducer (to scroll by a page).
public struct ScreenGeometry: Hashable, Sendable {
    /// The smallest screen the chat draws; below it a "make me bigger" screen shows.
    public static let minimumSize = ScreenSize(columns: 40, rows: 12)
    /// From this width on, the recommendations panel sits beside the transcript.
    public static let wideColumns = 100

    public let size: ScreenSize
    public let isTooSmall: Bool
    public let isWide: Bool
    /// Transcript rows `transcriptTop ..< transcriptTop + transcriptHeight`, columns `0 ..< transcriptWidth`.
    public let transcriptTop: Int
    public let transcriptHeight: Int
    public let transcriptWidth: Int
    /// The panel's first content column and width (0 when narrow).
    public let panelColumn: Int
    public let panelWidth: Int
    /// The separator row with the chips, the input rows and the hint row.
    public let chipsRow: Int
    public let inputTop: Int
    public let inputHeight: Int
    public let hintRow: Int

    /// How items are shown in the transcript: compact when the panel shows them in full.
    public var itemStyle: TranscriptRenderer.ItemStyle { isWide ? .compact : .full }

    public init(state: ScreenState) {
        size = state.size
        let columns = size.columns, rows = size.rows
        isTooSmall = columns < Self.minimumSize.columns || rows < Self.minimumSize.rows
        isWide = columns >= Self.wideColumns
        let maxInput = max(1, min(6, rows / 4))
        let wanted = InputLayout.lines(for: state.input, width: max(1, columns)).lines.count
        inputHeight = min(maxInput, max(1, wanted))
        hintRow = rows - 1
        inputTop = hintRow - inputHeight
        chipsRow = inputTop - 1
        transcriptTop = 1
        transcriptHeight = max(0, chipsRow - transcriptTop)
        if isWide {
            let panel = min(48, columns * 2 / 5)
            transcriptWidth = columns - panel - 1
            panelColumn = transcriptWidth + 2
            panelWidth = panel - 1
        } else {
            transcriptWidth = columns
            panelColumn = 0
            panelWidth = 0
        }
    }
}
