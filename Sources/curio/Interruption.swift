import Foundation

/// Ctrl-C during a long job: the first one asks the job to stop at its next safe point
/// (training writes its checkpoint), a second one exits at once.
enum Interruption {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0

    static func whileHandlingInterrupts<T>(_ body: (_ interrupted: () -> Bool) throws -> T) rethrows -> T {
        requested = 0
        let previous = signal(SIGINT) { _ in
            if Interruption.requested != 0 { _exit(130) }
            Interruption.requested = 1
            let note = "\ncurio: stopping after this step (Ctrl-C again to quit now)\n"
            _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        }
        defer { signal(SIGINT, previous) }
        return try body { Interruption.requested != 0 }
    }
}
