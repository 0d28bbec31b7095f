// The decoder-only transformer: configuration, the flat parameter buffer and its layout,
// and the seeded initialisation. The passes live in TransformerModel+Forward.swift,
// +Backward.swift, KVCache.swift and BatchScoring.swift.

import CurioKernels
import Foundation

/// A pre-norm decoder-only transformer with rotary positions, SwiGLU MLPs and an output
/// layer tied to the token embedding (logits = h·Eᵀ); no biases.
///
/// Parameters live in one flat `FloatStorage` carved by `layout`. The model is a reference
/// type because that buffer is written in place by the optimizer; everything that varies
/// per call (activations, caches, gradients) lives in separate objects, so one model can
/// serve several caches at once.
public final class TransformerModel: Sendable {
    /// The shape of the model.
    public let config: ModelConfig
    /// Where each named tensor lives in `parameters`.
    public let layout: ParameterLayout
    /// All weights, `layout.totalCount` floats.
    public let parameters: FloatStorage
    /// cos/sin of every rotary angle up to the context length.
    public let rotary: RotaryTable
    /// Upper bound on threads for training and batched passes (decoding uses one); by
    /// default every core, or `CURIO_THREADS`.
    public let threads: Int
    /// The precision of the weights decode steps read.
    public let decodePrecision: DecodePrecision
    /// The packed bf16 matrices when `decodePrecision` is `.bfloat16`.
    let decodeWeights: DecodeWeights?

    /// A freshly initialised model.
    ///
    /// Initialisation (GPT-2, Radford et al. 2019): every matrix ~ N(0, 0.02²), except the
    /// two projections that write into the residual stream (`wo`, `w_down`), which are
    /// scaled by 1/√(2L) so the residual's variance does not grow with depth; norm gains 1.
    /// Values are drawn tensor by tensor in layout order from `ModelRandom(seed:)`, so the
    /// same seed gives the same weights everywhere. `decodePrecision` as in
    /// `init(config:parameters:threads:decodePrecision:)`.
    ///
    /// - Throws: `ModelError.invalidConfig` if the configuration is unusable.
    /// - Complexity: O(parameter count).
    public convenience init(config: ModelConfig, seed: UInt64, threads: Int? = nil,
                            decodePrecision: DecodePrecision = .float32) throws {
        try config.validate()
        let layout = ParameterLayout(config: config)
        let parameters = FloatStorage(count: layout.totalCount)
        var random = ModelRandom(seed: seed)
        let residualScale = 1 / (2 * Double(config.layers)).squareRoot()
        for tensor in layout.tensors {
            let view = parameters.slice(tensor.offset, tensor.count)
            if !tensor.decays { view.fill(1); continue }
            let isResidualProjection = tensor.name.hasSuffix(".wo") || tensor.name.hasSuffix(".w_down")
            let std = 0.02 * (isResidualProjection ? residualScale : 1)
            for i in 0..<tensor.count { view[i] = Float(random.nextGaussian() * std) }
        }
        try self.init(config: config, parameters: parameters, threads: threads, decodePrecision: decodePrecision)
    }

    /// A model over existing weights (e.g. read from a checkpoint).
    ///
    /// With `decodePrecision` `.bfloat16` the weights are rounded to bf16 in place (a no-op
    /// for weights read from a bf16 checkpoint) and a packed bf16 copy of the matrices is
    /// built for decode steps (DecodeWeights.swift): 50% more memory than fp32 alone, since
    /// prefill, batched scoring and training read the fp32 parameters. Such a model is for
    /// inference: training it would leave the copy behind (`AdamWOptimizer` refuses it).
    ///
    /// - Throws: `ModelError.invalidConfig` if the configuration is unusable or
    ///   `parameters` does not hold exactly `ParameterLayout(config:).totalCount` floats.
    /// - Complexity: O(parameter count) for `.bfloat16`, O(1) otherwise.
    public init(config: ModelConfig, parameters: FloatStorage, threads: Int? = nil,
                decodePrecision: DecodePrecision = .float32) throws {
        try config.validate()
        let layout = ParameterLayout(config: config)
        if let violation = layout.invariantViolation() { throw ModelError.invalidConfig(violation) }
        guard parameters.count == layout.totalCount else {
            throw ModelError.invalidConfig("expected \(layout.totalCount) parameters, got \(parameters.count)")
        }
        self.config = config
        self.layout = layout
        self.parameters = parameters
        rotary = RotaryTable(contextLength: config.contextLength, headDim: config.headDim, theta: config.ropeTheta)
        self.threads = max(1, threads ?? Parallelism.defaultThreads)
        self.decodePrecision = decodePrecision
        switch decodePrecision {
        case .float32:
            decodeWeights = nil
        case .bfloat16:
            roundToBFloat16(parameters.all)
            decodeWeights = DecodeWeights(config: config, layout: layout, parameters: parameters)
        }
    }

    /// Whether decode steps over the fp32 weights should read them row after row: above
    /// 16 MiB (half this machine's 32 MiB L3, which other processes share) the weights come
    /// from memory each step, where one sequential stream is 2.6x faster (Linear.swift).
    var streamsWeights: Bool { layout.totalCount * MemoryLayout<Float>.size > 16 << 20 }

    /// The number of trainable parameters.
    public var parameterCount: Int { layout.totalCount }

    /// A zeroed buffer shaped like the parameters (for gradients or optimizer moments).
    public func makeGradientBuffer() -> FloatStorage { FloatStorage(count: layout.totalCount) }

    /// A view of the named parameter block, `count` floats from `offset`.
    func weights(_ offset: Int, _ count: Int) -> FloatSlice { parameters.slice(offset, count) }

    /// The rows of the tied embedding for `tokens` (a contiguous range of the vocabulary).
    func embeddingRows(_ tokens: Range<Int>) -> FloatSlice {
        parameters.slice(layout.tokenEmbedding + tokens.lowerBound * config.dModel, tokens.count * config.dModel)
    }

    /// Throws unless every token is in the vocabulary.
    func checkTokens(_ tokens: [Int32], context: String) throws {
        for token in tokens where token < 0 || Int(token) >= config.vocabSize {
            throw ModelError.tokenOutOfRange(token: Int(token), vocabSize: config.vocabSize, context: context)
        }
    }

    /// Throws unless the selection fits the vocabulary and every context is non-empty,
    /// fits the context length and holds only vocabulary tokens: what a batch to score
    /// must satisfy.
    func checkScoringBatch(_ contexts: [[Int32]], selection: TokenMask) throws {
        try selection.validate(vocabSize: config.vocabSize)
        for (i, context) in contexts.enumerated() {
            if context.isEmpty { throw ModelError.invalidBatch("context \(i) is empty; scoring needs at least one token") }
            if context.count > config.contextLength {
                throw ModelError.sequenceTooLong(length: context.count, limit: config.contextLength)
            }
            try checkTokens(context, context: "context \(i)")
        }
    }
}
