import CurioChatUI
import Foundation

/// Runs the backend's turns on one background thread, in order, so the UI loop keeps
/// reading keys while the engine thinks.
///
/// Results come back through `takeFinished()`; each finished turn also wakes the UI
/// loop through the wake pipe. The backend is never called concurrently: turns run one
/// at a time, and the UI calls the backend itself only while `isIdle`.
final class TurnWorker: @unchecked Sendable {
    enum Request { case respond(String), perform(ChatCommand) }
    enum Outcome { case reply(ChatReply), failure(String) }

    private let backend: any ChatBackend
    private let condition = NSCondition()
    private var queue: [(id: Int, request: Request)] = []
    private var finished: [(id: Int, outcome: Outcome)] = []
    private var running = 0
    private var stopped = false
    private var thread: Thread?

    init(backend: any ChatBackend) {
        self.backend = backend
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "curio-turns"
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Queues a turn.
    func submit(id: Int, _ request: Request) {
        condition.lock()
        queue.append((id, request))
        running += 1
        condition.signal()
        condition.unlock()
    }

    /// Whether no turn is queued or running (the UI may then call the backend itself).
    var isIdle: Bool {
        condition.lock(); defer { condition.unlock() }
        return running == 0
    }

    /// The turns finished since the last call, oldest first.
    func takeFinished() -> [(id: Int, outcome: Outcome)] {
        condition.lock(); defer { condition.unlock() }
        let done = finished
        finished = []
        return done
    }

    /// Asks the thread to stop after the current turn (not waited for: a long turn
    /// must not delay quitting).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if stopped { condition.unlock(); return }
            let job = queue.removeFirst()
            condition.unlock()

            let outcome: Outcome
            do {
                switch job.request {
                case .respond(let text): outcome = .reply(try backend.respond(to: text))
                case .perform(let command): outcome = .reply(try backend.perform(command))
                }
            } catch {
                outcome = .failure("\(error)")
            }
            condition.lock()
            finished.append((job.id, outcome))
            running -= 1
            condition.unlock()
            WakePipe.wake()
        }
    }
}
