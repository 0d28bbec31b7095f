import CurioKernels

/// Runs `body(k)` for each of `count` ensemble members, up to `threads` at a time, and
/// returns the results in member order.
///
/// An ensemble multiplies the work of every forward pass and decode step by its member
/// count; members are independent until their logits are averaged, so they run on the
/// machine's cores side by side (`Parallelism.runSharing`: the caller works too, and a
/// late helper simply takes fewer members). Each member's own kernels stay on one
/// thread, so the results do not depend on how many threads ran them.
func eachMember<T>(_ count: Int, threads: Int, _ body: @escaping (Int) -> T) -> [T] {
    guard count > 1, threads > 1 else { return (0..<count).map(body) }
    let slots = MemberSlots<T>(count: count)
    let work = UncheckedSendable(body)
    Parallelism.runSharing(chunks: count, threads: min(threads, count)) { claim in
        while let k = claim() { slots.store(work.value(k), at: k) }
    }
    return slots.results()
}

/// One result per member, each written by the one thread that ran that member.
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

/// A closure handed to other threads: each member's work touches only that member's
/// model and caches, which is what makes sharing it safe.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
