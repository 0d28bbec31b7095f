/// The one place screen state changes: `(ScreenState, ChatAction) -> ScreenState`.
public enum ScreenReducer {
    /// Applies one action.
    ///
    /// - Complexity: O(1) for most actions; scrolling and resizing lay out only the
    ///   entries between the view and its target (O(lines moved + view height)).
    public static func reduce(_ state: ScreenState, _ action: ChatAction) -> ScreenState {
        var s = state
        switch action {
        case .resize(let size):
            s.size = size
            s.scroll = normalized(s, s.scroll)
        case .editInput(let input):
            s.input = input
            s.scroll = normalized(s, s.scroll)
        case .submit(let text):
            s.transcript.append(.user(text))
            s.scroll = .following
            s.hasUnseenBelow = false
            s.status = nil
        case .turnStarted:
            s.pendingTurns += 1
        case .turnFinished(let reply):
            s.pendingTurns = max(0, s.pendingTurns - 1)
            if let items = reply.items { s.recommendations = items }
            if let chips = reply.chips { s.chips = chips }
            append(.reply(reply), to: &s)
        case .turnFailed(let message):
            s.pendingTurns = max(0, s.pendingTurns - 1)
            append(.error(message), to: &s)
        case .interrupt:
            guard s.pendingTurns > 0 else { return s }
            s.pendingTurns = 0
            append(.notice("Stopped waiting; that answer will be dropped. The conversation is kept."), to: &s)
        case .notice(let text):
            append(.notice(text), to: &s)
        case .error(let text):
            append(.error(text), to: &s)
        case .scroll(let move):
            s.scroll = scrolled(s, move)
            if s.scroll == .following { s.hasUnseenBelow = false }
        case .tick:
            s.busyVisible = s.pendingTurns > 0
            if s.busyVisible { s.spinnerFrame &+= 1 }
        case .setStatus(let text):
            s.status = text
        case .restore(let entries):
            s.transcript = entries
            s.scroll = .following
            s.hasUnseenBelow = false
            for case .reply(let reply) in entries {
                if let items = reply.items { s.recommendations = items }
                if let chips = reply.chips { s.chips = chips }
            }
        }
        if s.pendingTurns == 0 { s.busyVisible = false }
        return s
    }

    /// Appends an entry; a reader scrolled back keeps their place and is told.
    static func append(_ entry: TranscriptEntry, to s: inout ScreenState) {
        s.transcript.append(entry)
        if case .anchored = s.scroll {
            s.scroll = normalized(s, s.scroll)
            if s.scroll != .following { s.hasUnseenBelow = true }
        }
    }

    static func scrolled(_ s: ScreenState, _ move: ScrollMove) -> ScrollPosition {
        let window = TranscriptWindow(state: s)
        let page = max(1, window.height - 1)
        let current: (entry: Int, line: Int)
        switch s.scroll {
        case .following: current = window.bottomAnchor
        case .anchored(let e, let l): current = window.clamped(entry: e, line: l)
        }
        let target: (entry: Int, line: Int)
        switch move {
        case .lines(let n): target = window.moved(current, by: n)
        case .pageUp: target = window.moved(current, by: -page)
        case .pageDown: target = window.moved(current, by: page)
        case .top: target = (0, 0)
        case .bottom: return .following
        }
        return normalized(s, .anchored(entry: target.entry, line: target.line))
    }

    /// An anchor at or below the bottom of the transcript is the same as following.
    static func normalized(_ s: ScreenState, _ position: ScrollPosition) -> ScrollPosition {
        guard case .anchored(let e, let l) = position else { return position }
        let window = TranscriptWindow(state: s)
        let anchor = window.clamped(entry: e, line: l)
        let bottom = window.bottomAnchor
        if anchor.entry > bottom.entry || (anchor.entry == bottom.entry && anchor.line >= bottom.line) {
            return .following
        }
        return .anchored(entry: anchor.entry, line: anchor.line)
    }
}

/// The transcript as laid out for the current geometry, measured lazily entry by entry.
struct TranscriptWindow {
    let state: ScreenState
    let geometry: ScreenGeometry

    init(state: ScreenState) {
        self.state = state
        geometry = ScreenGeometry(state: state)
    }

    var height: Int { geometry.transcriptHeight }

    func lines(ofEntry i: Int) -> [StyledLine] {
        TranscriptRenderer.lines(for: state.transcript[i], width: max(1, geometry.transcriptWidth),
                                 items: geometry.itemStyle)
    }

    /// The top line of the view when it shows the newest lines.
    var bottomAnchor: (entry: Int, line: Int) {
        var remaining = height
        var i = state.transcript.count - 1
        while i >= 0 {
            let n = lines(ofEntry: i).count
            if n >= remaining { return (i, n - remaining) }
            remaining -= n
            i -= 1
        }
        return (0, 0)
    }

    func clamped(entry: Int, line: Int) -> (entry: Int, line: Int) {
        guard !state.transcript.isEmpty else { return (0, 0) }
        let e = min(max(0, entry), state.transcript.count - 1)
        return (e, min(max(0, line), lines(ofEntry: e).count - 1))
    }

    /// The anchor `delta` lines further down (positive) or up (negative).
    func moved(_ anchor: (entry: Int, line: Int), by delta: Int) -> (entry: Int, line: Int) {
        guard !state.transcript.isEmpty else { return (0, 0) }
        var (e, l) = anchor
        l += delta
        while l < 0 {
            if e == 0 { return (0, 0) }
            e -= 1
            l += lines(ofEntry: e).count
        }
        while true {
            let n = lines(ofEntry: e).count
            if l < n { break }
            if e == state.transcript.count - 1 { l = n - 1; break }
            l -= n
            e += 1
        }
        return (e, l)
    }

    /// The lines on screen, top first (at most `height`).
    var visibleLines: [StyledLine] {
        guard height > 0, !state.transcript.isEmpty else { return [] }
        let start: (entry: Int, line: Int)
        switch state.scroll {
        case .following: start = bottomAnchor
        case .anchored(let e, let l): start = clamped(entry: e, line: l)
        }
        var out: [StyledLine] = []
        var e = start.entry
        var skip = start.line
        while out.count < height && e < state.transcript.count {
            let entryLines = lines(ofEntry: e)
            out += entryLines.dropFirst(skip).prefix(height - out.count)
            skip = 0
            e += 1
        }
        return out
    }
}
