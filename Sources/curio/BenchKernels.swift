import CurioEvaluation
import CurioKernels
import Foundation
import CurioRandom

/// `curio bench kernels`: GEMM and matrix-vector throughput against numpy (and PyTorch's
/// `torch.mm` on one thread, when `$CURIO_TORCH_PYTHON` or `python3` can import torch).
///
/// GEMM shapes are the model's: M = batch·T tokens, N and K from d_model and the MLP
/// width, and the tied output layer with N = vocabulary. Each runs on one thread and
/// on every core, numpy alongside on the same thread counts. Matrix-vector shapes are
/// decoding's (BenchKernels+MatVec.swift). Single-thread rows also report GFLOP/s per
/// CPU-second of the calling thread, for both sides: on a shared machine that figure
/// leaves out time spent descheduled and is the steadier comparison of the code.
struct KernelBenchSection: BenchSection {
    static let name = "kernels"
    static let summary = "GEMM and matrix-vector GFLOP/s against numpy"

    /// One GEMM shape; `label` names the model computation it stands for.
    struct GemmCase {
        var m: Int, n: Int, k: Int
        var transposeA: Bool, transposeB: Bool
        var label: String
        var shape: String { "\(m)x\(n)x\(k)" }
        var op: String { (transposeA ? "T" : "N") + (transposeB ? "T" : "N") }
        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    static let gemmCases: [GemmCase] = [
        GemmCase(m: 256, n: 256, k: 256, transposeA: false, transposeB: false, label: "square"),
        GemmCase(m: 256, n: 1024, k: 256, transposeA: false, transposeB: false, label: "MLP up, prefill"),
        GemmCase(m: 256, n: 16384, k: 256, transposeA: false, transposeB: true, label: "tied output, logits"),
        GemmCase(m: 256, n: 256, k: 16384, transposeA: false, transposeB: false, label: "tied output, dX"),
        GemmCase(m: 16384, n: 256, k: 256, transposeA: true, transposeB: false, label: "tied output, dE"),
        GemmCase(m: 4096, n: 768, k: 256, transposeA: false, transposeB: false, label: "QKV, training"),
        GemmCase(m: 4096, n: 256, k: 768, transposeA: false, transposeB: true, label: "QKV dX, training"),
        GemmCase(m: 256, n: 768, k: 4096, transposeA: true, transposeB: false, label: "QKV dW, training"),
        GemmCase(m: 256, n: 256, k: 256, transposeA: true, transposeB: true, label: "square, both transposed"),
    ]

    /// Shapes kept under `--quick`.
    static let quickGemmCases = [0, 2, 6]

    /// One measured GEMM: ours, and numpy's when it ran (GFLOP/s).
    struct GemmRow {
        var item: GemmCase
        var threads: Int
        var gflops: Double
        var cpuGflops: Double
        var reference: Double?
        var referenceCPU: Double?
        /// PyTorch's `torch.mm`, one-thread rows only (GFLOP/s by wall clock and by CPU).
        var torch: Double?
        var torchCPU: Double?

        var json: BenchJSON {
            var fields: [(String, BenchJSON)] = [
                ("shape", .string(item.shape)), ("op", .string(item.op)), ("label", .string(item.label)),
                ("threads", .number(Double(threads))), ("gflops", .number(gflops)),
                ("reference_gflops", .optional(reference)),
            ]
            if threads == 1 {
                fields += [("cpu_gflops", .number(cpuGflops)), ("reference_cpu_gflops", .optional(referenceCPU)),
                           ("torch_gflops", .optional(torch)), ("torch_cpu_gflops", .optional(torchCPU))]
            }
            return .object(fields)
        }
    }

    func run(_ options: BenchOptions) throws -> BenchReport {
        let cases = options.quick ? Self.quickGemmCases.map { Self.gemmCases[$0] } : Self.gemmCases
        let repetitions = options.quick ? 3 : 7
        let minSeconds = options.quick ? 0.01 : 0.05
        let threadCounts = Parallelism.defaultThreads > 1 ? [1, Parallelism.defaultThreads] : [1]

        var rows: [GemmRow] = []
        var notes: [String] = []
        var info: NumpyReference.Info?
        for threads in threadCounts {
            for item in cases {
                options.log("gemm \(item.shape) \(item.op) on \(threads) thread(s)…")
                let timing = timeGemm(item, threads: threads, repetitions: repetitions, minSeconds: minSeconds)
                rows.append(GemmRow(item: item, threads: threads, gflops: item.flops / timing.wall / 1e9,
                                    cpuGflops: item.flops / timing.cpu / 1e9))
            }
            guard notes.isEmpty else { continue }
            options.log("numpy reference on \(threads) thread(s)…")
            do {
                let result = try NumpyReference.measure(
                    gemm: cases.map { ($0.m, $0.n, $0.k, $0.transposeA, $0.transposeB) }, matvec: [],
                    threads: threads, repetitions: repetitions, minSeconds: minSeconds)
                info = result.info
                let first = rows.count - cases.count
                for (index, rate) in result.gemm.enumerated() {
                    rows[first + index].reference = rate.wall
                    rows[first + index].referenceCPU = rate.cpu
                }
            } catch {
                notes.append("reference skipped: \(error)")
            }
        }
        if let info {
            notes.append("reference: numpy \(info.numpyVersion), OPENBLAS_CORETYPE=\(info.coreType); "
                         + "cpu columns: GFLOP/s per CPU-second of the calling thread (one thread only)")
        }
        options.log("PyTorch torch.mm reference on 1 thread…")
        do {
            let result = try TorchGemmReference.measure(
                gemm: cases.map { ($0.m, $0.n, $0.k, $0.transposeA, $0.transposeB) },
                repetitions: repetitions, minSeconds: minSeconds)
            for (index, rate) in result.gemm.enumerated() {
                rows[index].torch = rate.wall
                rows[index].torchCPU = rate.cpu
            }
            notes.append("torch: PyTorch \(result.version) torch.mm on one thread; vs pt: curio cpu / torch cpu")
        } catch {
            notes.append("PyTorch: not available (\(error))")
        }
        let scaling = threadCounts.count > 1
            ? measureScaling(cases, threads: threadCounts[1], rounds: options.quick ? 3 : 9, minSeconds: minSeconds / 2,
                             log: options.log)
            : []
        let matVecRows = measureMatVec(options, repetitions: repetitions, minSeconds: minSeconds)
        let table = gemmTable(rows, notes: notes) + (scaling.isEmpty ? "" : "\n\n" + scalingTable(scaling))
            + "\n\n" + matVecTable(matVecRows)
        return BenchReport(table: table, fields: [("gemm_gflops", .array(rows.map(\.json))),
                                                  ("gemm_scaling", .array(scaling.map(\.json))),
                                                  ("matvec_gflops", .array(matVecRows.map(\.json)))])
    }

    func timeGemm(_ item: GemmCase, threads: Int, repetitions: Int, minSeconds: Double) -> BenchTiming {
        var rng = BenchRNG(seed: 1)
        let a = rng.floats(item.m * item.k), b = rng.floats(item.k * item.n)
        var c = [Float](repeating: 0, count: item.m * item.n)
        return a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                benchMedian(repetitions: repetitions, minSeconds: minSeconds) {
                    gemm(transposeA: item.transposeA, transposeB: item.transposeB, m: item.m, n: item.n, k: item.k,
                         a: pa.baseAddress!, lda: item.transposeA ? item.m : item.k,
                         b: pb.baseAddress!, ldb: item.transposeB ? item.k : item.n,
                         c: pc.baseAddress!, ldc: item.n, threads: threads)
                }
            }
        } }
    }

    func gemmTable(_ rows: [GemmRow], notes: [String]) -> String {
        var lines = ["GEMM (fp32, GFLOP/s, median of wall clock; cpu: per CPU-second)",
                     pad("shape", 15) + pad("op", 3) + pad("thr", 4, right: true) + pad("curio", 8, right: true)
                        + pad("numpy", 8, right: true) + pad("ratio", 7, right: true)
                        + pad("cpu", 8, right: true) + pad("np cpu", 8, right: true) + pad("ratio", 7, right: true)
                        + pad("torch", 8, right: true) + pad("pt cpu", 8, right: true) + pad("vs pt", 7, right: true)
                        + "  what"]
        for row in rows {
            let single = row.threads == 1
            lines.append(pad(row.item.shape, 15) + pad(row.item.op, 3) + pad(String(row.threads), 4, right: true)
                         + pad(format(row.gflops), 8, right: true) + pad(format(row.reference), 8, right: true)
                         + pad(ratio(row.gflops, row.reference), 7, right: true)
                         + pad(single ? format(row.cpuGflops) : "", 8, right: true)
                         + pad(single ? format(row.referenceCPU) : "", 8, right: true)
                         + pad(single ? ratio(row.cpuGflops, row.referenceCPU) : "", 7, right: true)
                         + pad(single ? format(row.torch) : "", 8, right: true)
                         + pad(single ? format(row.torchCPU) : "", 8, right: true)
                         + pad(single ? ratio(row.cpuGflops, row.torchCPU) : "", 7, right: true)
                         + "  " + row.item.label)
        }
        return (lines + notes).joined(separator: "\n")
    }
}

/// Fixed-width cell for the tables.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
}

/// A number with a fixed count of decimals; "-" when missing.
func format(_ value: Double?, digits: Int = 1) -> String {
    guard let value, value.isFinite else { return "-" }
    return String(format: "%.\(digits)f", value)
}

/// "1.23x", or "-" when the reference is missing.
func ratio(_ ours: Double, _ reference: Double?) -> String {
    guard let reference, reference > 0 else { return "-" }
    return format(ours / reference, digits: 2) + "x"
}

/// Benchmark inputs are random but the same every run: the evaluation's SplitMix64.
typealias BenchRNG = SeededGenerator

extension SeededGenerator {
    mutating func floats(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &self) }
    }
}
