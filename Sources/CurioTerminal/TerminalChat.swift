import Foundation
@preconcurrency import CNcursesw
import CurioChatUI
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen chat: one loop on the main thread that waits in `poll` for keys,
/// signals and finished turns (never busy-waits), turns them into `ChatAction`s,
/// reduces the `ScreenState` and draws its layout.
final class TerminalChat {
    enum Outcome { case finished(Int32), terminalUnavailable(String) }

    private let backend: any ChatBackend
    /// The backend's conversation after the last finished turn (for `--resume`).
    private var engineState: Data?
    private let screen: TerminalScreen
    private let editor: LineEditor
    private let worker: TurnWorker
    private let history: HistoryFile
    private let sessions: SessionStore
    private var state: ScreenState
    private var running = true
    private var status: Int32 = 0
    private var nextTurnID = 0
    /// Answers of turns numbered below this were given up with Esc and are dropped.
    private var dropBelow = 0
    private var lastTick = Clock.now
    private var ctrlCArmed = false
    private var needsFullRedraw = false
    private var printOnExit: [String] = []
    private var keysLeftOver = false

    /// Starts curses, runs the chat, restores the terminal.
    static func run(backend: any ChatBackend, options: ChatOptions, stateDirectory: String) -> Outcome {
        setlocale(LC_ALL, "")
        // In a non-UTF-8 locale UTF-8 bytes would act as Meta keys and CJK would not draw.
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        guard WakePipe.open() else { return .terminalUnavailable("cannot create the wake-up pipe") }
        TerminalSignals.install()
        let environment = currentEnvironment()
        guard let screen = TerminalScreen(mouse: options.mouse, environment: environment) else {
            TerminalSignals.restore()
            WakePipe.close()
            return .terminalUnavailable("cannot start the full-screen chat on TERM=\(environment["TERM"] ?? "(unset)")")
        }
        let chat = TerminalChat(backend: backend, screen: screen, stateDirectory: stateDirectory)
        if options.resume { chat.resume() }
        chat.loop()
        chat.shutDown()
        return .finished(chat.status)
    }

    private init(backend: any ChatBackend, screen: TerminalScreen, stateDirectory: String) {
        self.backend = backend
        self.screen = screen
        editor = LineEditor(screen: screen)
        worker = TurnWorker(backend: backend)
        history = HistoryFile(directory: stateDirectory)
        sessions = SessionStore(directory: stateDirectory)
        state = ScreenState(header: backend.header, size: screen.querySize())
        if let problem = history.load() { dispatch(.error(problem)) }
        editor.onLine = { [unowned self] in self.enter($0) }
        editor.onCandidates = { [unowned self] in self.dispatch(.setStatus("Tab: " + $0.joined(separator: " · "))) }
        editor.completer = { [unowned self] line, cursor in
            let idle = self.worker.isIdle
            return InputCompletion.plan(line: line, cursorByteOffset: cursor,
                                        titles: idle ? { self.backend.completions(forTitlePrefix: $0, limit: $1) } : nil)
        }
        editor.isHungUp = { Self.inputHungUp() }
        dispatch(.editInput(editor.input))
    }

    private func dispatch(_ action: ChatAction) {
        state = ScreenReducer.reduce(state, action)
    }

    private func loop() {
        draw()
        while running {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: WakePipe.fds[0], events: Int16(POLLIN), revents: 0)]
            // Only while a turn runs does the loop wake on a clock (the spinner).
            let timeout: Int32 = keysLeftOver ? 0 : state.pendingTurns > 0 ? 100 : -1
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno != EINTR { status = 1; break }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                // The terminal is gone: wgetch would return ERR forever.
                status = 128 + SIGHUP
                break
            }
            if fds[1].revents & Int16(POLLIN) != 0 { WakePipe.drain() }
            handleSignals()
            if !running { break }
            collectTurns()
            // Bounded, so a flood of keys cannot starve signals; curses may still hold
            // keys in its own buffer that poll cannot see, hence the zero timeout next.
            var handled = 0
            keysLeftOver = false
            while running && WakePipe.pendingTermination == 0, let key = screen.nextKey() {
                handle(key)
                handled += 1
                if handled == 512 { keysLeftOver = true; break }
            }
            if state.pendingTurns > 0 && Clock.now - lastTick >= 100 {
                lastTick = Clock.now
                dispatch(.tick)
            }
            draw()
        }
    }

    private func draw() {
        screen.draw(ScreenLayout.render(state), forceFull: needsFullRedraw)
        needsFullRedraw = false
    }

    private func handleSignals() {
        if WakePipe.pendingTermination != 0 {
            WakePipe.pendingTermination = 0
            status = 128 + Int32(TerminalSignals.lastTerminationSignal)
            running = false
        }
        if WakePipe.pendingResize != 0 {
            WakePipe.pendingResize = 0
            resize()
        }
        if WakePipe.pendingContinue != 0 {
            WakePipe.pendingContinue = 0
            screen.resume()
            needsFullRedraw = true
            resize()
        }
    }

    /// Re-lays out at the terminal's size. curses queues a KEY_RESIZE of its own after
    /// `resizeterm`; that one finds nothing changed and is ignored.
    private func resize() {
        let size = screen.querySize()
        guard size != state.size || size != screen.cursesSize else { return }
        if size != screen.cursesSize { screen.resize(to: size) }
        dispatch(.resize(size))
        needsFullRedraw = true
    }

    // MARK: keys

    private func handle(_ key: Int32) {
        if key != 0x03 && key != KEY_RESIZE && ctrlCArmed {
            ctrlCArmed = false
            dispatch(.setStatus(nil))
        }
        switch key {
        case KEY_RESIZE: resize()
        case KEY_PPAGE: dispatch(.scroll(.pageUp))
        case KEY_NPAGE: dispatch(.scroll(.pageDown))
        case KEY_MOUSE:
            let direction = screen.wheelDirection()
            if direction != 0 { dispatch(.scroll(.lines(3 * direction))) }
        case KEY_HOME where editor.isEmpty: dispatch(.scroll(.top))
        case KEY_END where editor.isEmpty: dispatch(.scroll(.bottom))
        case 0x03: // Ctrl-C
            if !editor.isEmpty || state.input.prompt != LineEditor.prompt {
                editor.clearLine()
                dispatch(.setStatus(nil))
            } else if ctrlCArmed {
                running = false
            } else {
                ctrlCArmed = true
                dispatch(.setStatus("Press Ctrl-C again to quit (Ctrl-D quits too)."))
            }
        case 0x04 where editor.isEmpty: running = false     // Ctrl-D on an empty line
        case 0x0C: needsFullRedraw = true                  // Ctrl-L
        case 0x1A: suspend()                               // Ctrl-Z
        case 0x1B:
            if let next = screen.nextKey() {
                editor.feed([0x1B] + (LineEditor.bytes(forKey: next) ?? []))
            } else if state.pendingTurns > 0 { // a lone Esc while waiting
                dropBelow = nextTurnID
                dispatch(.interrupt)
            }
        default:
            if let bytes = LineEditor.bytes(forKey: key) {
                if state.status?.hasPrefix("Tab: ") == true && key != 9 { dispatch(.setStatus(nil)) }
                editor.feed(bytes)
            }
        }
        dispatch(.editInput(editor.input))
    }

    private func suspend() {
        screen.suspend()
        kill(getpid(), SIGTSTP)  // stops here; SIGCONT resumes below and in handleSignals
        screen.resume()
        needsFullRedraw = true
        resize()
    }

    // MARK: lines and turns

    /// A line entered in the editor.
    private func enter(_ line: String) {
        if !line.trimmingCharacters(in: " \t\n").isEmpty, let problem = history.append(line) {
            dispatch(.setStatus(problem))
        }
        switch ChatIntent.interpret(line, listCount: state.recommendations.count) {
        case .nothing:
            return
        case .invalid(let error):
            dispatch(.submit(line))
            dispatch(.error(error.description))
        case .message(let text):
            dispatch(.submit(line))
            startTurn(.respond(text))
        case .command(.backend(let command)):
            dispatch(.submit(line))
            startTurn(.perform(command))
        case .command(.help):
            dispatch(.submit(line))
            dispatch(.notice(HelpText.text))
        case .command(.quit):
            running = false
        case .command(.export(let destination)):
            dispatch(.submit(line))
            let markdown = MarkdownExport.render(state.transcript, header: state.header)
            switch destination {
            case .standardOutput:
                printOnExit.append(markdown)
                dispatch(.notice("The conversation will be printed on standard output when curio exits."))
            case .file(let path):
                do {
                    try MarkdownExport.write(markdown, to: path)
                    dispatch(.notice("Exported the conversation to \(path)."))
                } catch {
                    dispatch(.error("\(error)"))
                }
            }
        }
    }

    private func startTurn(_ request: TurnWorker.Request) {
        if state.pendingTurns == 0 { lastTick = Clock.now }
        worker.submit(id: nextTurnID, request)
        nextTurnID += 1
        dispatch(.turnStarted)
    }

    private func collectTurns() {
        var changed = false
        for (id, outcome) in worker.takeFinished() where id >= dropBelow {
            switch outcome {
            case .reply(var reply):
                if let saved = reply.engineState { engineState = saved }
                reply.engineState = nil
                dispatch(.turnFinished(reply))
            case .failure(let message): dispatch(.turnFailed(message))
            }
            changed = true
        }
        if changed { saveSession() }
    }

    private func saveSession() {
        do {
            try sessions.save(SavedSession(header: state.header, transcript: state.transcript, engineState: engineState))
        } catch {
            dispatch(.setStatus("\(error)"))
        }
    }

    private func resume() {
        do {
            guard let saved = try sessions.load() else {
                dispatch(.notice("No saved session yet: starting a new one."))
                return
            }
            dispatch(.restore(saved.transcript))
            if let data = saved.engineState {
                do {
                    try backend.restoreState(data)
                    engineState = data
                } catch {
                    dispatch(.notice("The saved conversation's state could not be restored (\(error)); the transcript is back, the state starts afresh."))
                }
            }
            dispatch(.notice("Resumed the last session."))
        } catch {
            dispatch(.error("\(error)"))
        }
    }

    private func shutDown() {
        editor.close()
        worker.stop()
        screen.shutDown()
        TerminalSignals.restore()
        WakePipe.close()
        for text in printOnExit { FileHandleOutput.standardOutput(text) }
    }

    private static func inputHungUp() -> Bool {
        var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) > 0 && fd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    private static func currentEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let pair = String(cString: entry)
            if let eq = pair.firstIndex(of: "=") { out[String(pair[..<eq])] = String(pair[pair.index(after: eq)...]) }
            p += 1
        }
        return out
    }
}

/// Milliseconds on the monotonic clock (for the spinner only).
enum Clock {
    static var now: Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
