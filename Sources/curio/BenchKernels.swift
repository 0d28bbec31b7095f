import CurioKernels
import Foundation

/// `curio bench kernels`: GEMM and matrix-vector throughput against numpy.
///
/// GEMM shapes are the model's: M = batch·T tokens, N and K from d_model and the MLP
/// width, and the tied output layer with N = vocabulary. Each runs on one thread and
/// on every core, numpy alongside on the same thread counts. Matrix-vector shapes are
/// decoding's: the tied output layer (16384×256) and a d_model-sized layer (1024×256),
/// in fp32 and bf16/fp16 weights, single-threaded (threads only slow decoding down).
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

    /// Decoding's matrix-vector shapes (rows × cols): the tied output layer and a layer.
    static let matVecShapes = [(rows: 16384, cols: 256), (rows: 1024, cols: 256)]

    /// Weight storage formats measured for each matrix-vector shape.
    static let matVecFormats: [HalfFormat?] = [nil, .bfloat16, .float16]

    func run(_ options: BenchOptions) throws -> BenchReport {
        let cases = options.quick ? Self.quickGemmCases.map { Self.gemmCases[$0] } : Self.gemmCases
        let repetitions = options.quick ? 3 : 7
        let minSeconds = options.quick ? 0.01 : 0.05
        let threadCounts = Parallelism.defaultThreads > 1 ? [1, Parallelism.defaultThreads] : [1]

        var rows: [GemmRow] = []
        for threads in threadCounts {
            for item in cases {
                options.log("gemm \(item.shape) \(item.op) on \(threads) thread(s)…")
                let seconds = timeGemm(item, threads: threads, repetitions: repetitions, minSeconds: minSeconds)
                rows.append(GemmRow(item: item, threads: threads, gflops: item.flops / seconds / 1e9))
            }
        }

        var notes: [String] = []
        var info: NumpyReference.Info?
        for threads in threadCounts {
            options.log("numpy reference on \(threads) thread(s)…")
            do {
                let result = try NumpyReference.measure(
                    gemm: cases.map { ($0.m, $0.n, $0.k, $0.transposeA, $0.transposeB) }, matvec: [],
                    threads: threads, repetitions: repetitions, minSeconds: minSeconds)
                info = result.info
                for (index, rate) in result.gemm.enumerated() {
                    if let row = rows.firstIndex(where: { $0.threads == threads && $0.item.shape == cases[index].shape
                                                          && $0.item.op == cases[index].op }) {
                        rows[row].reference = rate
                    }
                }
            } catch {
                notes.append("reference skipped: \(error)")
                break
            }
        }
        if let info {
            notes.append("reference: numpy \(info.numpyVersion), OPENBLAS_CORETYPE=\(info.coreType)")
        }
        let matVecRows = try measureMatVec(options, repetitions: repetitions, minSeconds: minSeconds)
        let table = gemmTable(rows, notes: notes) + "\n\n" + matVecTable(matVecRows)
        return BenchReport(table: table, fields: [("gemm_gflops", .array(rows.map(\.json))),
                                                  ("matvec_gflops", .array(matVecRows.map(\.json)))])
    }

    /// One measured matrix-vector product.
    struct MatVecRow {
        var rows: Int, cols: Int
        var format: HalfFormat?
        var seconds: Double
        var reference: Double?

        var formatName: String { format?.description ?? "fp32" }
        var gflops: Double { 2 * Double(rows * cols) / seconds / 1e9 }
        /// Bytes of weights streamed per second (x and y are negligible).
        var gbps: Double { Double(rows * cols * (format == nil ? 4 : 2)) / seconds / 1e9 }

        var json: BenchJSON {
            .object([("shape", .string("\(rows)x\(cols)")), ("format", .string(formatName)),
                     ("threads", .number(1)), ("gflops", .number(gflops)), ("gbps", .number(gbps)),
                     ("reference_gflops", .optional(reference))])
        }
    }

    func measureMatVec(_ options: BenchOptions, repetitions: Int, minSeconds: Double) throws -> [MatVecRow] {
        var rows: [MatVecRow] = []
        for shape in Self.matVecShapes {
            var rng = BenchRNG(seed: 2)
            let w = rng.floats(shape.rows * shape.cols), x = rng.floats(shape.cols)
            var y = [Float](repeating: 0, count: shape.rows)
            for format in Self.matVecFormats {
                options.log("matvec \(shape.rows)x\(shape.cols) \(format?.description ?? "fp32")…")
                let seconds: Double
                if let format {
                    let bits = format.encode(w)
                    seconds = bits.withUnsafeBufferPointer { pw in x.withUnsafeBufferPointer { px in
                        y.withUnsafeMutableBufferPointer { py in
                            benchMedianSeconds(repetitions: repetitions, minSeconds: minSeconds) {
                                matVec(rows: shape.rows, cols: shape.cols, w: pw.baseAddress!, format: format,
                                       ldw: shape.cols, x: px.baseAddress!, y: py.baseAddress!)
                            }
                        }
                    } }
                } else {
                    seconds = w.withUnsafeBufferPointer { pw in x.withUnsafeBufferPointer { px in
                        y.withUnsafeMutableBufferPointer { py in
                            benchMedianSeconds(repetitions: repetitions, minSeconds: minSeconds) {
                                matVec(rows: shape.rows, cols: shape.cols, w: pw.baseAddress!, ldw: shape.cols,
                                       x: px.baseAddress!, y: py.baseAddress!)
                            }
                        }
                    } }
                }
                rows.append(MatVecRow(rows: shape.rows, cols: shape.cols, format: format, seconds: seconds))
            }
        }
        options.log("numpy matvec reference…")
        // numpy has no bf16/fp16 matvec worth comparing (it widens whole arrays first):
        // its fp32 sgemv is the reference for every format of a shape.
        if let result = try? NumpyReference.measure(
            gemm: [], matvec: Self.matVecShapes, threads: 1, repetitions: repetitions, minSeconds: minSeconds) {
            for index in rows.indices {
                if let shape = Self.matVecShapes.firstIndex(where: { $0.rows == rows[index].rows && $0.cols == rows[index].cols }) {
                    rows[index].reference = result.matvec[shape]
                }
            }
        }
        return rows
    }

    func matVecTable(_ rows: [MatVecRow]) -> String {
        var lines = ["Matrix-vector, one thread (GFLOP/s and GB/s of weights, median; numpy: fp32 sgemv)",
                     pad("shape", 12) + pad("weights", 8) + pad("curio", 9, right: true) + pad("GB/s", 8, right: true)
                        + pad("numpy", 9, right: true) + pad("ratio", 8, right: true)]
        for row in rows {
            let reference = row.reference.map { format($0) } ?? "-"
            let ratio = row.reference.map { format(row.gflops / $0, digits: 2) + "x" } ?? "-"
            lines.append(pad("\(row.rows)x\(row.cols)", 12) + pad(row.formatName, 8)
                         + pad(format(row.gflops), 9, right: true) + pad(format(row.gbps), 8, right: true)
                         + pad(reference, 9, right: true) + pad(ratio, 8, right: true))
        }
        return lines.joined(separator: "\n")
    }

    /// One measured GEMM: ours, and numpy's when it ran.
    struct GemmRow {
        var item: GemmCase
        var threads: Int
        var gflops: Double
        var reference: Double?

        var json: BenchJSON {
            .object([("shape", .string(item.shape)), ("op", .string(item.op)), ("label", .string(item.label)),
                     ("threads", .number(Double(threads))), ("gflops", .number(gflops)),
                     ("reference_gflops", .optional(reference))])
        }
    }

    func timeGemm(_ item: GemmCase, threads: Int, repetitions: Int, minSeconds: Double) -> Double {
        var rng = BenchRNG(seed: 1)
        let a = rng.floats(item.m * item.k), b = rng.floats(item.k * item.n)
        var c = [Float](repeating: 0, count: item.m * item.n)
        return a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                benchMedianSeconds(repetitions: repetitions, minSeconds: minSeconds) {
                    gemm(transposeA: item.transposeA, transposeB: item.transposeB, m: item.m, n: item.n, k: item.k,
                         a: pa.baseAddress!, lda: item.transposeA ? item.m : item.k,
                         b: pb.baseAddress!, ldb: item.transposeB ? item.k : item.n,
                         c: pc.baseAddress!, ldc: item.n, threads: threads)
                }
            }
        } }
    }

    func gemmTable(_ rows: [GemmRow], notes: [String]) -> String {
        var lines = ["GEMM (fp32, GFLOP/s, median)",
                     pad("shape", 16) + pad("op", 4) + pad("threads", 9, right: true) + pad("curio", 9, right: true)
                        + pad("numpy", 9, right: true) + pad("ratio", 8, right: true) + "  what"]
        for row in rows {
            let reference = row.reference.map { format($0) } ?? "-"
            let ratio = row.reference.map { format(row.gflops / $0, digits: 2) + "x" } ?? "-"
            lines.append(pad(row.item.shape, 16) + pad(row.item.op, 4) + pad(String(row.threads), 9, right: true)
                         + pad(format(row.gflops), 9, right: true) + pad(reference, 9, right: true)
                         + pad(ratio, 8, right: true) + "  " + row.item.label)
        }
        return (lines + notes).joined(separator: "\n")
    }
}

/// Fixed-width cell for the tables.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
}

/// A number with a fixed count of decimals.
func format(_ value: Double, digits: Int = 1) -> String {
    value.isFinite ? String(format: "%.\(digits)f", value) : "-"
}

/// SplitMix64: benchmark inputs are random but the same every run.
struct BenchRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func floats(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &self) }
    }
}
