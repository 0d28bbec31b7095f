import CurioKernels

/// Runs `body(k)` for k in 0..<count, up to `threads` at a time, and returns the
/// results in order of k.
///
/// The language model's work comes in independent pieces: each member of an ensemble,
/// each beam of a list search, each of the list's two experts, each share of a batch of
/// prompts. Their logits meet only when averaged or added, so the pieces run on the
/// machine's cores side by side (`Parallelism.runSharing`: the caller works too, and a
/// late helper simply takes fewer pieces). Each piece's own kernels stay on one thread,
/// so the results do not depend on how many threads ran them.
func sideBySide<T>(_ count: Int, threads: Int, _ body: @escaping (Int) -> T) -> [T] {
    guard count > 1, threads > 1 else { return (0..<count).map(body) }
    let slots = MemberSlots<T>(count: count)
    let work = UncheckedSendable(body)
    Parallelism.runSharing(chunks: count, threads: min(threads, count)) { claim in
        while let k = claim() { slots.store(work.value(k), at: k) }
    }
    return slots.results()
}

/// One result per piece, each written by the one thread that ran that piece.
private final class MemberSlots<T>: @unchecked Sendable {
    private let values: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        values = .allocate(capacity: count)
        values.initialize(repeating: nil)
    }

    deinit {
        values.deinitialize()
        values.deallocate()
    }

    func store(_ value: T, at k: Int) { values[k] = value }

    /// Read after every member finished (`runSharing` returned).
    func results() -> [T] { values.map { $0! } }
}

/// A closure handed to other threads: each piece touches only its own model's caches
/// and scratch (weights are only read), which is what makes sharing it safe.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
