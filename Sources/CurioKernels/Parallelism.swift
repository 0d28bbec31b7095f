// Fork-join parallelism for the kernels, without spinning.
//
// perf-notes: on a shared 2-core machine spinning runtimes (OpenMP, PyTorch) collapse,
// so every parallel region here is one `DispatchQueue.concurrentPerform`, whose workers
// block instead of spinning and cost 0.35-3 µs per call.

import Dispatch
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
}
