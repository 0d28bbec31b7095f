import CurioKernels
import CurioModel
import CurioTraining
import Foundation

/// `curio bench train`: tokens per second of a full training step (forward, backward,
/// global-norm clipping, AdamW) through `ModelTrainer.step`, on 1 and 2 threads.
///
/// Cases: the reference shape (d 256, 4 layers, vocabulary 16,384, batch 16×256, every
/// position counted over the full vocabulary — the shape of perf-notes' PyTorch figures),
/// and the shipped model's real training shape (d 128, 2 layers, vocabulary 11,384, batch
/// 32×128, every position an item position: its softmax and output rows cover only the
/// 9,066 items). Seeded random weights and tokens. One untimed warm-up step, then the median
/// wall clock of a few steps; CPU-seconds per step are the whole process's (all threads).
/// Beside curio, at the reference shape: numpy (`NumpyTrainReference`) and PyTorch
/// (`TorchTrainReference`, via `$CURIO_TORCH_PYTHON` or `python3`), same thread counts, same run;
/// either missing prints why and the bench goes on.
struct TrainBenchSection: BenchSection {
    static let name = "train"
    static let summary = "training-step tokens/s on 1 and 2 threads"

    /// One training shape.
    struct Case {
        var label: String
        var config: ModelConfig
        var batchSize: Int
        var sequenceLength: Int
        /// nil: full-vocabulary softmax at every position; a range: item positions only.
        var itemRange: Range<Int>?

        var tokens: Int { batchSize * sequenceLength }
        var configText: String {
            "d\(config.dModel) L\(config.layers) H\(config.heads) F\(config.ffnHidden) V\(config.vocabSize) "
                + "B\(batchSize)xT\(sequenceLength) " + (itemRange == nil ? "full" : "items")
        }
    }

    static let cases = [
        Case(label: "reference shape", config: DecodeBenchSection.referenceConfig,
             batchSize: 16, sequenceLength: 256, itemRange: nil),
        Case(label: "shipped shape", config: DecodeBenchSection.shippedConfig,
             batchSize: 32, sequenceLength: 128, itemRange: DecodeBenchSection.shippedItems),
    ]

    /// One measured case.
    struct Row {
        var item: Case
        var threads: Int
        var secondsPerStep: Double
        var cpuSecondsPerStep: Double
        /// numpy's step at the same shape and thread count, when it ran.
        var reference: NumpyTrainReference.Result?
        /// PyTorch's step at the same shape and thread count, when it ran.
        var torch: TorchTrainReference.Result?
        /// curio's trainable parameters at this shape.
        var parameterCount = 0
        var torchTokensPerSecond: Double? { torch.map { Double(item.tokens) / $0.secondsPerStep } }
        var tokensPerSecond: Double { Double(item.tokens) / secondsPerStep }
        var referenceTokensPerSecond: Double? { reference.map { Double(item.tokens) / $0.secondsPerStep } }

        var json: BenchJSON {
            .object([("config", .string(item.configText)), ("threads", .number(Double(threads))),
                     ("tokens_per_s", .number(tokensPerSecond)), ("seconds_per_step", .number(secondsPerStep)),
                     ("cpu_seconds_per_step", .number(cpuSecondsPerStep)),
                     ("reference_tokens_per_s", .optional(referenceTokensPerSecond)),
                     ("reference_seconds_per_step", .optional(reference?.secondsPerStep)),
                     ("reference_cpu_seconds_per_step", .optional(reference?.cpuSecondsPerStep)),
                     ("torch_tokens_per_s", .optional(torchTokensPerSecond)),
                     ("torch_seconds_per_step", .optional(torch?.secondsPerStep)),
                     ("torch_cpu_seconds_per_step", .optional(torch?.cpuSecondsPerStep))])
        }
    }

    init() {}

    func run(_ options: BenchOptions) throws -> BenchReport {
        // --quick: one timed step, and the reference shape at a quarter of its batch.
        let steps = options.quick ? 1 : 5
        let cases = options.quick ? Self.cases.map { var c = $0; c.batchSize = max(1, c.batchSize / 4); return c } : Self.cases
        let threadCounts = Parallelism.defaultThreads > 1 ? [1, 2] : [1]
        var rows: [Row] = []
        var referenceError: String?, torchError: String?
        for item in cases {
            for threads in threadCounts {
                options.log("train \(item.configText) on \(threads) thread(s), \(steps) step(s) after a warm-up…")
                var row = try measure(item, threads: threads, steps: steps)
                // numpy has no item-restricted softmax to compare with: reference shape only.
                if item.itemRange == nil, referenceError == nil {
                    options.log("numpy training reference on \(threads) thread(s)…")
                    do {
                        row.reference = try NumpyTrainReference.measure(item, threads: threads, steps: steps)
                    } catch {
                        referenceError = "\(error)"
                    }
                }
                if item.itemRange == nil, torchError == nil {
                    options.log("PyTorch training reference on \(threads) thread(s)…")
                    do {
                        row.torch = try TorchTrainReference.measure(item, threads: threads, steps: steps)
                    } catch {
                        torchError = "\(error)"
                    }
                }
                rows.append(row)
            }
        }
        let notes = [
            referenceError.map { "reference skipped: \($0)" }
                ?? "reference: numpy (OpenBLAS), a hand-written forward + backward + AdamW of the same architecture, "
                + "same shape and thread count, measured in this run (reference shape only)",
            "cpu s/step: CPU seconds of the whole process per step, all threads together (at most wall × threads; "
                + "less when threads waited or were descheduled)",
            torchNote(rows, error: torchError),
        ]
        return BenchReport(table: table(rows, steps: steps, notes: notes),
                           fields: [("train_tokens_per_s", .array(rows.map(\.json)))])
    }

    /// Median wall and process-CPU seconds per `ModelTrainer.step` after one warm-up step.
    func measure(_ item: Case, threads: Int, steps: Int) throws -> Row {
        let model = try TransformerModel(config: item.config, seed: 5, threads: threads)
        let trainer = try ModelTrainer(model: model, batchSize: item.batchSize, sequenceLength: item.sequenceLength,
                                       schedule: LearningRateSchedule(peak: 3e-4, warmupSteps: 10, totalSteps: 1000))
        let batch = try Self.batch(for: item)
        _ = try trainer.step(batch)
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<steps {
            let start = Stopwatch.now(), cpuStart = processCPUSeconds()
            _ = try trainer.step(batch)
            walls.append(Stopwatch.now() - start)
            cpus.append(processCPUSeconds() - cpuStart)
        }
        walls.sort()
        cpus.sort()
        return Row(item: item, threads: threads, secondsPerStep: walls[walls.count / 2],
                   cpuSecondsPerStep: cpus[cpus.count / 2], parameterCount: model.parameterCount)
    }

    /// Random tokens, each position's target the next token (items where the case is item-only).
    static func batch(for item: Case) throws -> TrainingBatch {
        var rng = BenchRNG(seed: 9)
        let vocab = item.config.vocabSize
        let range = item.itemRange ?? 0..<vocab
        let tokens = (0..<item.tokens).map { _ in Int32(Int.random(in: 0..<vocab, using: &rng)) }
        let targets = (0..<item.tokens).map { _ in Int32(Int.random(in: range, using: &rng)) }
        return try TrainingBatch(batchSize: item.batchSize, sequenceLength: item.sequenceLength, tokens: tokens,
                                 targets: targets,
                                 subsets: Array(repeating: item.itemRange == nil ? .fullVocabulary : .items, count: item.tokens),
                                 itemRange: item.itemRange ?? 0..<0)
    }

    func table(_ rows: [Row], steps: Int, notes: [String]) -> String {
        var lines = ["Training step (forward + backward + AdamW; median wall clock of \(steps) step(s) after a warm-up)",
                     pad("config", 40) + pad("thr", 4, right: true) + pad("s/step", 9, right: true)
                        + pad("tokens/s", 10, right: true) + pad("cpu s/step", 12, right: true)
                        + pad("np s/step", 11, right: true) + pad("np tok/s", 10, right: true)
                        + pad("speedup", 9, right: true) + pad("np cpu s", 10, right: true)
                        + pad("pt s/step", 11, right: true) + pad("pt tok/s", 10, right: true)
                        + pad("vs pt", 8, right: true) + pad("pt cpu s", 10, right: true)]
        for row in rows {
            lines.append(pad(row.item.configText, 40) + pad(String(row.threads), 4, right: true)
                         + pad(format(row.secondsPerStep, digits: 3), 9, right: true)
                         + pad(format(row.tokensPerSecond, digits: 0), 10, right: true)
                         + pad(format(row.cpuSecondsPerStep, digits: 3), 12, right: true)
                         + pad(format(row.reference?.secondsPerStep, digits: 3), 11, right: true)
                         + pad(format(row.referenceTokensPerSecond, digits: 0), 10, right: true)
                         + pad(ratio(row.tokensPerSecond, row.referenceTokensPerSecond), 9, right: true)
                         + pad(format(row.reference?.cpuSecondsPerStep, digits: 3), 10, right: true)
                         + pad(format(row.torch?.secondsPerStep, digits: 3), 11, right: true)
                         + pad(format(row.torchTokensPerSecond, digits: 0), 10, right: true)
                         + pad(ratio(row.tokensPerSecond, row.torchTokensPerSecond), 8, right: true)
                         + pad(format(row.torch?.cpuSecondsPerStep, digits: 3), 10, right: true))
        }
        return (lines + notes).joined(separator: "\n")
    }
}

/// The PyTorch line under the table: what ran and whether its model has curio's parameter
/// count, or "PyTorch: not available (why)" — the bench goes on without it.
func torchNote(_ rows: [TrainBenchSection.Row], error: String?) -> String {
    guard let measured = rows.first(where: { $0.torch != nil }), let torch = measured.torch else {
        return "PyTorch: not available (\(error ?? "not run")); set \(TorchTrainReference.interpreterVariable) "
            + "to a Python that can import torch"
    }
    let same = torch.parameterCount == measured.parameterCount
    return "PyTorch \(torch.version) (CPU capability \(torch.cpuCapability), fp32, set_num_threads = thr), "
        + "the same architecture with stock modules, AdamW and clipping, measured in this run (reference shape only); "
        + "parameters: curio \(measured.parameterCount), PyTorch \(torch.parameterCount)"
        + (same ? " (equal)" : " (DIFFERENT: the comparison is not like for like)")
        + (error.map { "; a later PyTorch run failed: \($0)" } ?? "")
}

/// CPU seconds consumed so far by the whole process (every thread).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
