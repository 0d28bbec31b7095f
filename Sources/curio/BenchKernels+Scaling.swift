import CurioKernels

/// Two-thread scaling of each GEMM shape, measured in interleaved pairs.
///
/// The table's 1- and 2-thread rows are measured minutes apart, and on this shared VM a
/// neighbour's burst between them moves their ratio by ±20%. Here each round times the
/// shape on one thread and at once on two; the figure is the median of the rounds'
/// ratios, with their range, so a burst spoils one round, not the figure.
extension KernelBenchSection {
    struct ScalingRow {
        var item: GemmCase
        var threads: Int
        var ratios: [Double]

        var median: Double { ratios.sorted()[ratios.count / 2] }

        var json: BenchJSON {
            .object([("shape", .string(item.shape)), ("op", .string(item.op)), ("threads", .number(Double(threads))),
                     ("scaling", .number(median)), ("min", .number(ratios.min() ?? 0)),
                     ("max", .number(ratios.max() ?? 0)), ("rounds", .number(Double(ratios.count)))])
        }
    }

    func measureScaling(_ cases: [GemmCase], threads: Int, rounds: Int, minSeconds: Double,
                        log: (String) -> Void) -> [ScalingRow] {
        cases.map { item in
            log("scaling \(item.shape) \(item.op): \(rounds) rounds of 1 vs \(threads) threads…")
            let ratios = (0..<rounds).map { _ in
                let one = timeGemm(item, threads: 1, repetitions: 3, minSeconds: minSeconds).wall
                let many = timeGemm(item, threads: threads, repetitions: 3, minSeconds: minSeconds).wall
                return one / many
            }
            return ScalingRow(item: item, threads: threads, ratios: ratios)
        }
    }

    func scalingTable(_ rows: [ScalingRow]) -> String {
        guard let threads = rows.first?.threads else { return "" }
        var lines = ["GEMM scaling, \(threads) threads against 1 (median of \(rows[0].ratios.count) interleaved rounds, range)",
                     pad("shape", 15) + pad("op", 3) + pad("scaling", 9, right: true) + pad("range", 14, right: true) + "  what"]
        for row in rows {
            lines.append(pad(row.item.shape, 15) + pad(row.item.op, 3) + pad(String(format: "%.2fx", row.median), 9, right: true)
                         + pad(String(format: "%.2f–%.2f", row.ratios.min() ?? 0, row.ratios.max() ?? 0), 14, right: true)
                         + "  " + row.item.label)
        }
        return lines.joined(separator: "\n")
    }
}
