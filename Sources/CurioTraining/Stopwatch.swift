#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A monotonic clock for progress lines, ETAs, time limits and benchmarks.
public struct Stopwatch: Sendable {
    private let start: Double

    public init() { start = Stopwatch.now() }

    /// Seconds since this stopwatch was made.
    public var elapsed: Double { Stopwatch.now() - start }

    /// Seconds on the monotonic clock (arbitrary origin).
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
