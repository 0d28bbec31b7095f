// Fork-join parallelism for the kernels, without spinning.
//
// perf-notes: on a shared 2-core machine spinning runtimes (OpenMP, PyTorch) collapse,
// so no thread here ever spins waiting for work: a parallel region is one
// `DispatchQueue.concurrentPerform` (`run`), whose workers block, or for short work
// `runSharing`, whose helpers are started asynchronously and whose caller waits, briefly
// spinning, only for chunks another thread is already running.

import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many threads the kernels use, and the one way they run work in parallel.
public enum Parallelism {
    /// The number of online processor cores, at least 1.
    ///
    /// `CURIO_THREADS` in the environment overrides it (a positive integer), so a
    /// user on a busy machine can keep curio to one core without a flag on every command.
    public static let coreCount: Int = {
        if let text = getenv("CURIO_THREADS").map({ String(cString: $0) }),
           let value = Int(text), value > 0 {
            return value
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// The default upper bound on threads for kernels that split work: every core.
    ///
    /// Kernels treat their `threads:` argument as a maximum and use fewer when the
    /// problem is too small to repay the hand-off (see `gemmThreads`).
    public static var defaultThreads: Int { coreCount }

    /// Runs `body(0) … body(count - 1)`, concurrently when `count > 1`, and returns
    /// when all have finished.
    ///
    /// With `count == 1` the body runs inline on the caller's thread, so single-threaded
    /// callers pay nothing. The workers block rather than spin while they wait.
    @inlinable
    public static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }

    /// Splits `0..<total` into `parts` contiguous ranges whose sizes differ by at
    /// most `granule` and whose bounds (except the last) are multiples of `granule`.
    ///
    /// Used to hand whole micro-tiles to each thread, so no tile straddles two threads.
    public static func partition(_ total: Int, parts: Int, granule: Int = 1) -> [Range<Int>] {
        precondition(parts > 0 && granule > 0, "partition needs positive parts and granule")
        let units = (total + granule - 1) / granule
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(parts)
        var start = 0
        for part in 0..<parts {
            let unitsHere = units / parts + (part < units % parts ? 1 : 0)
            let end = min(total, start + unitsHere * granule)
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// Runs `work` on the calling thread and on `threads - 1` helpers started
    /// asynchronously, all claiming the chunk indices `0..<chunks` through `work`'s
    /// argument until it returns nil; returns when every chunk is finished.
    ///
    /// For short parallel work, where waking a helper costs a real share of it (20-35 µs
    /// on this VM against a 200 µs half of a 256³ product): the caller starts at once,
    /// a helper that arrives late claims fewer chunks — or none, and then touches nothing
    /// — and the caller waits only for chunks already running, spinning on a counter
    /// (a claimed chunk's thread is running: the wait is at most one chunk, and it yields
    /// the core after a while in case that thread was preempted).
    ///
    /// `work` must finish each claimed chunk before claiming the next: claiming again (or
    /// getting nil) is what marks the previous chunk done.
    public static func runSharing(chunks: Int, threads: Int,
                                  _ work: @escaping @Sendable (_ claim: () -> Int?) -> Void) {
        let share = ChunkShare(count: chunks)
        for _ in 1..<max(1, threads) {
            DispatchQueue.global(qos: .userInitiated).async { share.participate(work) }
        }
        share.participate(work)
        var spins = 0
        while !share.isFinished {
            spins += 1
            if spins > 2_000 { sched_yield() }
        }
    }
}

/// The chunk counters of one `Parallelism.runSharing`.
private final class ChunkShare: Sendable {
    let count: Int
    private let next = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)

    init(count: Int) { self.count = count }

    /// Runs `work`, handing it unclaimed chunks and counting each one finished when the
    /// next is asked for.
    func participate(_ work: (_ claim: () -> Int?) -> Void) {
        var holding = false
        work {
            // Releasing: the chunk's writes are visible to whoever sees the count.
            if holding { self.finished.wrappingAdd(1, ordering: .releasing); holding = false }
            let index = self.next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < self.count else { return nil }
            holding = true
            return index
        }
        if holding { finished.wrappingAdd(1, ordering: .releasing) }
    }

    var isFinished: Bool { finished.load(ordering: .acquiring) >= count }
}
