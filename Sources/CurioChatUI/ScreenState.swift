/// Terminal size in cells.
public struct ScreenSize: Hashable, Sendable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

/// The line being edited, as the line editor reports it.
public struct InputLine: Hashable, Sendable {
    /// The prompt before the text; the line editor changes it (e.g. during Ctrl-R search).
    public var prompt: String
    /// The text typed so far; may contain line breaks (Alt-Enter, a pasted block).
    public var text: String
    /// The cursor as a UTF-8 byte offset into `text` (readline's `rl_point`).
    public var cursorByteOffset: Int

    public init(prompt: String = "› ", text: String = "", cursorByteOffset: Int? = nil) {
        self.prompt = prompt
        self.text = text
        self.cursorByteOffset = cursorByteOffset ?? text.utf8.count
    }
}

/// Where the transcript view is.
public enum ScrollPosition: Hashable, Sendable {
    /// Showing the newest lines; new answers scroll into view.
    case following
    /// Reading back: the top visible line is line `line` of entry `entry`. New answers
    /// do not move the view (a "new messages below" marker appears instead), and a
    /// resize keeps the same entry at the top.
    case anchored(entry: Int, line: Int)
}

/// Everything the chat screen shows, as a value: the reducer changes it, the layout
/// draws it, nothing else touches it.
public struct ScreenState: Hashable, Sendable {
    public var header: ChatHeader
    public var size: ScreenSize
    public var transcript: [TranscriptEntry] = []
    /// The current numbered list (shown in the panel on wide screens).
    public var recommendations: [ChatItem] = []
    /// What the engine understood, e.g. ["Comedy", "1990s", "no Horror"].
    public var chips: [String] = []
    public var input = InputLine()
    public var scroll: ScrollPosition = .following
    /// Set when something was added below while the user reads back.
    public var hasUnseenBelow = false
    /// Turns sent to the engine whose answers have not arrived yet.
    public var pendingTurns = 0
    /// Whether the spinner shows (a turn has taken more than 100 ms).
    public var busyVisible = false
    public var spinnerFrame = 0
    /// A one-off message in the hint line ("Press Ctrl-C again to quit").
    public var status: String?

    public init(header: ChatHeader, size: ScreenSize) {
        self.header = header
        self.size = size
    }
}

/// Everything that can happen to the screen.
public enum ChatAction: Hashable, Sendable {
    case resize(ScreenSize)
    /// The line editor's text, cursor or prompt changed.
    case editInput(InputLine)
    /// The user sent a line (a message or a command); it joins the transcript and the
    /// view returns to the bottom.
    case submit(String)
    /// A turn was handed to the engine.
    case turnStarted
    /// The engine answered the oldest pending turn.
    case turnFinished(ChatReply)
    /// The engine failed on the oldest pending turn; the message is shown.
    case turnFailed(String)
    /// Esc while waiting: stop waiting for every pending turn (their answers are dropped).
    case interrupt
    /// A message from the front end itself.
    case notice(String)
    case error(String)
    case scroll(ScrollMove)
    /// The spinner's clock: shows the spinner and advances it while turns are pending.
    case tick
    case setStatus(String?)
    /// Replaces the transcript with a saved one (`--resume`); the list and chips are
    /// taken from its last replies.
    case restore([TranscriptEntry])
}

/// A scrolling request.
public enum ScrollMove: Hashable, Sendable {
    case lines(Int)      // negative = up
    case pageUp
    case pageDown
    case top
    case bottom
}
