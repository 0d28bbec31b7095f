import CurioModel
import CurioTraining
import Foundation

/// `curio bench decode`: generated tokens per second of KV-cached decoding on one thread.
///
/// Each case builds a model with seeded random weights (`TransformerModel(config:seed:threads: 1)`),
/// prefills a short prompt, then times `steps` decode steps, each feeding back the argmax
/// token (greedy, as llama2.c at temperature 0). Cases: the reference shape (d 256, 4 layers,
/// vocabulary 16,384) with full-vocabulary logits, as llama2.c computes them, decoding from
/// bf16 weights (the model's weights rounded to bf16, as a bf16 checkpoint loads) and from
/// fp32; the shipped model's shape (fp32, as its f16 file loads) with full logits; and the
/// shipped shape with item-range logits only, which is what curio does at item positions.
/// numpy runs the same decode step in fp32, same configs, its own random weights, on one
/// OpenBLAS thread in the same invocation (BenchDecodeReference.swift).
struct DecodeBenchSection: BenchSection {
    static let name = "decode"
    static let summary = "KV-cached decoding tokens/s on one thread against numpy"

    /// One decoding case: a model shape and which logits each step computes.
    struct Case {
        var label: String
        var config: ModelConfig
        /// nil: every vocabulary row (`KVCache.step`); a range: only those rows (`allowedLogits`).
        var logitRange: Range<Int>?
        /// The weights decode steps read.
        var precision: DecodePrecision = .float32

        /// Whether numpy's fp32 reference for `other` is the same measurement.
        func sameWork(as other: Case) -> Bool { config == other.config && logitRange == other.logitRange }

        var configText: String {
            "d\(config.dModel) L\(config.layers) H\(config.heads) F\(config.ffnHidden) V\(config.vocabSize)"
        }
        var logitsText: String {
            guard let range = logitRange else { return "full" }
            return "items \(range.lowerBound)..<\(range.upperBound)"
        }
    }

    /// The shipped model's item range: `itemBase` 2,318 in a vocabulary of 11,384 (docs/model.md).
    static let shippedItems = 2318..<11384
    static let referenceConfig = ModelConfig(vocabSize: 16384, dModel: 256, layers: 4, heads: 4,
                                             ffnHidden: 768, contextLength: 256)
    static let shippedConfig = ModelConfig(vocabSize: 11384, dModel: 128, layers: 2, heads: 4,
                                           ffnHidden: 384, contextLength: 128)
    static let cases = [
        Case(label: "reference shape, bf16", config: referenceConfig, logitRange: nil, precision: .bfloat16),
        Case(label: "reference shape", config: referenceConfig, logitRange: nil),
        Case(label: "shipped shape", config: shippedConfig, logitRange: nil),
        Case(label: "shipped, item logits", config: shippedConfig, logitRange: shippedItems),
    ]
    /// Tokens prefilled before timing starts (a short prompt, as in a chat turn).
    static let promptLength = 16

    /// One measured case (tokens per second).
    struct Row {
        var item: Case
        var steps: Int
        var tokensPerSecond: Double
        var cpuTokensPerSecond: Double
        var reference: Double?
        var referenceCPU: Double?

        var json: BenchJSON {
            .object([("config", .string(item.configText)), ("logits", .string(item.logitsText)),
                     ("weights", .string(item.precision.description)),
                     ("prompt_tokens", .number(Double(DecodeBenchSection.promptLength))),
                     ("steps", .number(Double(steps))),
                     ("tokens_per_s", .number(tokensPerSecond)), ("reference_tokens_per_s", .optional(reference)),
                     ("cpu_tokens_per_s", .number(cpuTokensPerSecond)),
                     ("reference_cpu_tokens_per_s", .optional(referenceCPU))])
        }
    }

    init() {}

    func run(_ options: BenchOptions) throws -> BenchReport {
        let steps = options.quick ? 16 : 100
        let repetitions = options.quick ? 1 : 5
        var rows: [Row] = []
        for item in Self.cases {
            options.log("decode \(item.configText), \(item.precision) weights, \(item.logitsText) logits, \(steps) steps…")
            let timing = try timeDecode(item, steps: steps, repetitions: repetitions)
            rows.append(Row(item: item, steps: steps, tokensPerSecond: 1 / timing.wall,
                            cpuTokensPerSecond: 1 / timing.cpu))
        }
        var notes: [String] = []
        options.log("numpy decode reference on one thread…")
        do {
            // numpy decodes in fp32 only: one measurement per shape and logit range.
            var distinct: [Case] = []
            for item in Self.cases where !distinct.contains(where: { $0.sameWork(as: item) }) { distinct.append(item) }
            let reference = try NumpyDecodeReference.measure(
                cases: distinct, promptLength: Self.promptLength, steps: steps, repetitions: repetitions)
            for index in rows.indices {
                let rate = reference.tokensPerSecond[distinct.firstIndex { $0.sameWork(as: rows[index].item) }!]
                rows[index].reference = rate.wall
                rows[index].referenceCPU = rate.cpu
            }
            notes.append("reference: numpy \(reference.numpyVersion) (OPENBLAS_NUM_THREADS=1), the same KV-cached step "
                         + "in fp32, own random weights, measured in this run")
        } catch {
            notes.append("reference skipped: \(error)")
        }
        notes.append("weights: what curio's decode steps read — bf16: the model's weights rounded to bf16, as a bf16 "
                     + "checkpoint loads (15 MB per token at the reference shape instead of 30); fp32: as f32 and f16 "
                     + "files load; numpy is fp32 on every row")
        notes.append("cpu columns: tokens per CPU-second of the decoding thread")
        notes.append("not measured in this run: llama2.c run.c (-Ofast -march=native, one thread) ≈ 900-990 tokens/s at the "
                     + "reference shape, ≈ 7,300 at d128 / 2 layers (docs/perf-notes.md), on an AVX-512 machine of "
                     + "another kind, fp32 weights — compare with care, and with the fp32 row")
        return BenchReport(table: table(rows, steps: steps, notes: notes),
                           fields: [("decode_tokens_per_s", .array(rows.map(\.json)))])
    }

    /// Median seconds per decode step over `repetitions` runs of prompt + `steps` steps.
    func timeDecode(_ item: Case, steps: Int, repetitions: Int) throws -> BenchTiming {
        let config = item.config
        let model = try TransformerModel(config: config, seed: 7, threads: 1, decodePrecision: item.precision)
        let cache = try KVCache(model: model, capacity: min(config.contextLength, Self.promptLength + steps))
        var rng = BenchRNG(seed: 3)
        let prompt = (0..<Self.promptLength).map { _ in Int32.random(in: 0..<Int32(config.vocabSize), using: &rng) }
        let mask: TokenMask? = item.logitRange.map { .range($0) }
        let base = Int32(item.logitRange?.lowerBound ?? 0)
        var walls: [Double] = [], cpus: [Double] = []
        // One untimed run first warms caches and the allocator, like benchMedian.
        for run in 0...repetitions {
            cache.reset()
            try cache.prefill(prompt)
            var logits = try mask.map { try cache.allowedLogits(mask: $0) } ?? cache.nextTokenLogits()
            let start = Stopwatch.now(), cpuStart = threadCPUSeconds()
            for _ in 0..<steps {
                let token = base + Int32(argmax(logits))
                if let mask {
                    try cache.prefill([token])
                    logits = try cache.allowedLogits(mask: mask)
                } else {
                    logits = try cache.step(token)
                }
            }
            if run > 0 {
                walls.append((Stopwatch.now() - start) / Double(steps))
                cpus.append((threadCPUSeconds() - cpuStart) / Double(steps))
            }
        }
        walls.sort()
        cpus.sort()
        return BenchTiming(wall: walls[walls.count / 2], cpu: cpus[cpus.count / 2])
    }

    func table(_ rows: [Row], steps: Int, notes: [String]) -> String {
        var lines = ["Decoding (one thread, tokens/s, median of wall clock over \(steps) steps after a "
                        + "\(Self.promptLength)-token prompt; cpu: per CPU-second)",
                     pad("config", 24) + pad("weights", 8) + pad("logits", 18) + pad("curio", 9, right: true) + pad("numpy", 9, right: true)
                        + pad("ratio", 8, right: true) + pad("cpu", 9, right: true) + pad("np cpu", 9, right: true)
                        + pad("ratio", 8, right: true)]
        for row in rows {
            lines.append(pad(row.item.configText, 24) + pad(row.item.precision.description, 8) + pad(row.item.logitsText, 18)
                         + pad(format(row.tokensPerSecond, digits: 0), 9, right: true)
                         + pad(format(row.reference, digits: 0), 9, right: true)
                         + pad(ratio(row.tokensPerSecond, row.reference), 8, right: true)
                         + pad(format(row.cpuTokensPerSecond, digits: 0), 9, right: true)
                         + pad(format(row.referenceCPU, digits: 0), 9, right: true)
                         + pad(ratio(row.cpuTokensPerSecond, row.referenceCPU), 8, right: true))
        }
        return (lines + notes).joined(separator: "\n")
    }
}

/// Index of the largest value (the first on ties); 0 for an empty array.
func argmax(_ values: [Float]) -> Int {
    var best = 0
    for index in values.indices where values[index] > values[best] { best = index }
    return best
}
