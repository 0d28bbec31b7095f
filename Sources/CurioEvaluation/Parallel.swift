import Dispatch

/// Runs `body(i)` for `i` in `0..<count` on up to all cores and returns the results in
/// order.
///
/// The machine has few cores shared with other work, so this uses GCD's
/// `concurrentPerform` (threads park, never spin). `body` must be safe to call
/// concurrently; each result slot is written by exactly one iteration.
func parallelMap<T: Sendable>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { slots in
        let shared = SharedPointer(slots.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            (shared.base + i).pointee = body(i)
        }
    }
    return results.map { $0! }
}

/// A pointer handed to the iterations of one `concurrentPerform`, which write
/// disjoint elements of it. Lives only for the duration of that call (never stored):
/// the `@unchecked Sendable` promise is that the iterations never touch the same element.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}
