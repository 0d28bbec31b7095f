import CurioKernels

/// The matrix-vector half of `curio bench kernels`: decoding's shapes, one thread.
///
/// The tied output layer (16384×256, 16 MiB in fp32) and a d_model-sized layer
/// (1024×256, 1 MiB) with fp32, bf16 and fp16 weights. numpy's reference is its fp32
/// sgemv for every format (it has no 16-bit matvec that does not widen the whole
/// matrix first). Threads only slow decoding down (perf-notes), so there is one.
/// "bf16 packed" is the layout decode steps read bf16 weights in (PackedBFloat16Matrix).
extension KernelBenchSection {
    /// Decoding's matrix-vector shapes (rows × cols).
    static let matVecShapes = [(rows: 16384, cols: 256), (rows: 1024, cols: 256)]

    /// Weight storage formats measured for each shape (nil: fp32).
    static let matVecFormats: [HalfFormat?] = [nil, .bfloat16, .float16]

    /// One measured matrix-vector product.
    struct MatVecRow {
        var rows: Int, cols: Int
        var format: HalfFormat?
        /// The decode layout (`PackedBFloat16Matrix`); format is then bf16.
        var packed = false
        var timing: BenchTiming
        var reference: Double?
        var referenceCPU: Double?

        var formatName: String { packed ? "bf16 packed" : format?.description ?? "fp32" }
        var flops: Double { 2 * Double(rows * cols) }
        var gflops: Double { flops / timing.wall / 1e9 }
        var cpuGflops: Double { flops / timing.cpu / 1e9 }
        /// Bytes of weights streamed per second (x and y are negligible).
        var gbps: Double { Double(rows * cols * (format == nil ? 4 : 2)) / timing.wall / 1e9 }

        var json: BenchJSON {
            .object([("shape", .string("\(rows)x\(cols)")), ("format", .string(formatName)),
                     ("threads", .number(1)), ("gflops", .number(gflops)), ("gbps", .number(gbps)),
                     ("reference_gflops", .optional(reference)), ("cpu_gflops", .number(cpuGflops)),
                     ("reference_cpu_gflops", .optional(referenceCPU))])
        }
    }

    func measureMatVec(_ options: BenchOptions, repetitions: Int, minSeconds: Double) -> [MatVecRow] {
        var rows: [MatVecRow] = []
        for shape in Self.matVecShapes {
            var rng = BenchRNG(seed: 2)
            let w = rng.floats(shape.rows * shape.cols), x = rng.floats(shape.cols)
            var y = [Float](repeating: 0, count: shape.rows)
            for format in Self.matVecFormats {
                options.log("matvec \(shape.rows)x\(shape.cols) \(format?.description ?? "fp32")…")
                let timing: BenchTiming
                if let format {
                    let bits = format.encode(w)
                    timing = bits.withUnsafeBufferPointer { pw in x.withUnsafeBufferPointer { px in
                        y.withUnsafeMutableBufferPointer { py in
                            benchMedian(repetitions: repetitions, minSeconds: minSeconds) {
                                matVec(rows: shape.rows, cols: shape.cols, w: pw.baseAddress!, format: format,
                                       ldw: shape.cols, x: px.baseAddress!, y: py.baseAddress!)
                            }
                        }
                    } }
                } else {
                    timing = w.withUnsafeBufferPointer { pw in x.withUnsafeBufferPointer { px in
                        y.withUnsafeMutableBufferPointer { py in
                            benchMedian(repetitions: repetitions, minSeconds: minSeconds) {
                                matVec(rows: shape.rows, cols: shape.cols, w: pw.baseAddress!, ldw: shape.cols,
                                       x: px.baseAddress!, y: py.baseAddress!)
                            }
                        }
                    } }
                }
                rows.append(MatVecRow(rows: shape.rows, cols: shape.cols, format: format, timing: timing))
            }
            options.log("matvec \(shape.rows)x\(shape.cols) bf16 packed…")
            let matrix = PackedBFloat16Matrix(
                storage: HalfStorage(count: PackedBFloat16Matrix.count(rows: shape.rows, cols: shape.cols)),
                offset: 0, rows: shape.rows, cols: shape.cols)
            matrix.pack(FloatStorage(w).all)
            let input = FloatStorage(x), output = FloatStorage(count: shape.rows)
            let timing = benchMedian(repetitions: repetitions, minSeconds: minSeconds) {
                linearRowForward(output: output.all, input: input.all, weight: matrix)
            }
            rows.append(MatVecRow(rows: shape.rows, cols: shape.cols, format: .bfloat16, packed: true, timing: timing))
        }
        options.log("numpy matvec reference…")
        if let result = try? NumpyReference.measure(
            gemm: [], matvec: Self.matVecShapes, threads: 1, repetitions: repetitions, minSeconds: minSeconds) {
            for index in rows.indices {
                if let shape = Self.matVecShapes.firstIndex(where: {
                    $0.rows == rows[index].rows && $0.cols == rows[index].cols
                }) {
                    rows[index].reference = result.matvec[shape].wall
                    rows[index].referenceCPU = result.matvec[shape].cpu
                }
            }
        }
        return rows
    }

    func matVecTable(_ rows: [MatVecRow]) -> String {
        var lines = ["Matrix-vector, one thread (GFLOP/s, GB/s of weights; numpy: fp32 sgemv)",
                     pad("shape", 11) + pad("weights", 12) + pad("curio", 8, right: true) + pad("GB/s", 7, right: true)
                        + pad("numpy", 8, right: true) + pad("ratio", 7, right: true)
                        + pad("cpu", 8, right: true) + pad("np cpu", 8, right: true) + pad("ratio", 7, right: true)]
        for row in rows {
            lines.append(pad("\(row.rows)x\(row.cols)", 11) + pad(row.formatName, 12)
                         + pad(format(row.gflops), 8, right: true) + pad(format(row.gbps), 7, right: true)
                         + pad(format(row.reference), 8, right: true) + pad(ratio(row.gflops, row.reference), 7, right: true)
                         + pad(format(row.cpuGflops), 8, right: true) + pad(format(row.referenceCPU), 8, right: true)
                         + pad(ratio(row.cpuGflops, row.referenceCPU), 7, right: true))
        }
        return lines.joined(separator: "\n")
    }
}
