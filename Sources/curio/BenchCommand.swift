import ArgumentParser
import CurioGenerators
import CurioTraining
import Foundation

/// `curio bench …`: measures curio's hot paths on this machine.
///
/// Each part of the benchmark is one `BenchSection` in its own file (`BenchKernels.swift`
/// for GEMM and matrix-vector kernels); adding a section is one file and one entry in
/// `BenchCommand.sections`. With `--json` all chosen sections print one JSON object
/// together, each contributing its own keys.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure curio's kernels (and other sections) on this machine.",
        discussion: """
            Sections: \(sections.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
            With no section named, all run. Build with `-c release` for meaningful numbers.
            References (numpy) run in the same invocation, with the environment as it is.
            """
    )

    /// Every section `curio bench` knows, in the order they run.
    static let sections: [any BenchSection.Type] = [KernelBenchSection.self, ChatBenchSection.self,
                                                      DecodeBenchSection.self, TrainBenchSection.self,
                                                      WhyBenchSection.self]

    @Argument(help: ArgumentHelp("Sections to run (default: all).", valueName: "section"))
    var names: [String] = []

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    @Flag(help: "Fewer shapes and repetitions: a smoke test in seconds, not a measurement.")
    var quick = false

    @Option(name: .customLong("generator"), help: ArgumentHelp("What the chat section recommends with: lm, vae or gan.",
                                                                valueName: "lm|vae|gan"),
            transform: EngineOptions.generatorKind)
    var generator: GeneratorKind = .lm

    func validate() throws {
        let known = Set(Self.sections.map { $0.name })
        for name in names where !known.contains(name) {
            throw ValidationError(
                "unknown bench section '\(name)'; choose from: \(known.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let chosen = names.isEmpty ? Self.sections : Self.sections.filter { names.contains($0.name) }
        var options = BenchOptions(quick: quick, log: json ? { _ in } : { print($0) })
        options.generator = generator
        let loadBefore = loadAverage()
        var fields: [(String, BenchJSON)] = [("cores", .number(Double(ProcessInfo.processInfo.activeProcessorCount)))]
        for section in chosen {
            let report = try section.init().run(options)
            if !json {
                print("")
                print(report.table)
            }
            fields += report.fields
        }
        let loadAfter = loadAverage()
        fields.append(("load_average", .array([.optional(loadBefore), .optional(loadAfter)])))
        if json {
            print(BenchJSON.object(fields).rendered)
        } else {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            // The bench itself adds about one to the load; above the core count, others shared the cores.
            let shared = [loadBefore, loadAfter].compactMap { $0 }.contains { $0 > Double(cores) }
            print("\nload average (1 min) before/after: \(loadBefore.map { format($0, digits: 2) } ?? "?") / "
                  + "\(loadAfter.map { format($0, digits: 2) } ?? "?") on \(cores) cores"
                  + (shared ? " — above the core count, other processes were sharing the cores" : ""))
        }
    }
}

/// What every section is given: how thorough to be and where progress lines go.
struct BenchOptions {
    /// Fewer shapes and repetitions.
    var quick: Bool
    /// Progress messages for a person watching (silent under `--json`).
    var log: (String) -> Void
    /// What `bench chat` recommends with (`--generator`).
    var generator: GeneratorKind = .lm
}

/// One section's results: a readable table and its keys of the JSON object.
struct BenchReport {
    var table: String
    var fields: [(String, BenchJSON)]
}

/// A part of `curio bench`, one per file.
protocol BenchSection: Sendable {
    /// The name used on the command line, e.g. `kernels`.
    static var name: String { get }
    /// A few words for the help text.
    static var summary: String { get }
    init()
    /// Measures and reports; throws only for failures a user must see.
    func run(_ options: BenchOptions) throws -> BenchReport
}

/// A JSON value, enough to print benchmark results without Foundation's `Any`.
enum BenchJSON {
    case number(Double)
    case string(String)
    case null
    case array([BenchJSON])
    case object([(String, BenchJSON)])

    /// Compact JSON text; non-finite numbers become null.
    var rendered: String {
        switch self {
        case .number(let value):
            guard value.isFinite else { return "null" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String((value * 1000).rounded() / 1000)
        case .string(let text):
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case _ where scalar.value < 0x20:
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        case .null:
            return "null"
        case .array(let items):
            return "[" + items.map(\.rendered).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.map { BenchJSON.string($0.0).rendered + ":" + $0.1.rendered }
                .joined(separator: ",") + "}"
        }
    }

    /// A number, or null when the measurement is missing.
    static func optional(_ value: Double?) -> BenchJSON { value.map(BenchJSON.number) ?? .null }
}

/// Seconds per call of a timed body: wall clock, and CPU time of the calling thread.
struct BenchTiming {
    /// Median wall-clock seconds per call: what a user waits.
    var wall: Double
    /// Median CPU seconds the calling thread spent per call. On a shared machine this
    /// leaves out time the thread sat descheduled, so for single-threaded kernels it
    /// is the steadier measure of the code itself (it still sees cache contention).
    var cpu: Double
}

/// Times `body`: medians over `repetitions` samples of wall-clock and thread CPU time.
///
/// Each sample repeats `body` until it has run for at least `minSeconds`, so short
/// kernels are not lost in clock resolution; one untimed call warms caches first.
/// Medians, because this machine is shared and a single slow sample means nothing.
func benchMedian(repetitions: Int, minSeconds: Double, _ body: () -> Void) -> BenchTiming {
    body()
    var walls: [Double] = [], cpus: [Double] = []
    for _ in 0..<max(1, repetitions) {
        var calls = 0
        let start = Stopwatch.now(), cpuStart = threadCPUSeconds()
        var elapsed = 0.0
        repeat {
            body()
            calls += 1
            elapsed = Stopwatch.now() - start
        } while elapsed < minSeconds
        walls.append(elapsed / Double(calls))
        cpus.append((threadCPUSeconds() - cpuStart) / Double(calls))
    }
    walls.sort()
    cpus.sort()
    return BenchTiming(wall: walls[walls.count / 2], cpu: cpus[cpus.count / 2])
}

/// CPU seconds consumed so far by the calling thread.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// The 1-minute load average (`/proc/loadavg`), to print beside results measured on a
/// shared machine; nil where the file does not exist.
func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.flatMap { Double($0) }
}
