import CurioEvaluation
import CurioKernels
import CurioModel
import Foundation

/// Mult-VAE, the variational autoencoder for collaborative filtering with a multinomial
/// likelihood (Liang, Krishnan, Hoffman & Jebara, "Variational Autoencoders for
/// Collaborative Filtering", WWW 2018): curio's second generator family.
///
/// A user is the set of items they interacted with. The encoder maps the L2-normalised
/// multi-hot vector of that set through tanh layers to a Gaussian over a latent code z;
/// the decoder maps z back to a softmax over all items, the probability that the user's
/// next interaction is each item. Recommending is one forward pass with z = the encoder's
/// mean, so any history works, including that of a chat user the model never saw.
///
/// Layout and forward pass: `MultVAEArchitecture`, `MultVAE+Forward.swift`; the training
/// loss and its hand-written gradient: `MultVAE+Backward.swift`; training:
/// `MultVAETrainer`; the file: `MultVAE+File.swift`.
///
/// A `MultVAE` is read-only once built; its buffer is shared between copies. The trainer
/// is the only code that writes parameters, through a buffer it owns.
public struct MultVAE: ItemScorer, @unchecked Sendable {  // `parameters` is never written after init
    public var name: String { "Mult-VAE" }
    /// Layer sizes.
    public let architecture: MultVAEArchitecture
    /// The catalog id of each item index, so a file is only ever used with its catalog.
    public let itemIDs: [String]
    /// What training recorded: the epoch kept and its validation NDCG@10 (nil for a
    /// model that was not trained, or a file that does not say).
    public var bestEpoch: Int?
    public var validationNDCG: Double?
    /// All weights and biases, carved by `layout`.
    let parameters: FloatStorage
    let layout: MultVAELayout

    /// A freshly initialised model: Glorot-uniform weights (Glorot & Bengio 2010, as the
    /// paper's code) and biases drawn from N(0, 0.001²). The same seed gives the same model.
    ///
    /// - Throws: `MultVAEError.invalidArchitecture` for bad sizes or an `itemIDs` count
    ///   that is not the architecture's item count.
    /// - Complexity: O(parameter count).
    public init(architecture: MultVAEArchitecture, itemIDs: [String], seed: UInt64) throws {
        try architecture.validate()
        guard itemIDs.count == architecture.itemCount else {
            throw MultVAEError.invalidArchitecture("\(itemIDs.count) item ids for \(architecture.itemCount) items")
        }
        let layout = MultVAELayout(architecture)
        let storage = FloatStorage(count: layout.totalCount)
        var random = ModelRandom(seed: seed)
        for layer in layout.encoder + layout.decoder {
            let limit = (6 / Double(layer.inputs + layer.outputs)).squareRoot()
            let weights = storage.slice(layer.weight, layer.inputs * layer.outputs)
            for i in 0..<weights.count { weights[i] = Float((2 * random.nextUnit() - 1) * limit) }
            let biases = storage.slice(layer.bias, layer.outputs)
            for i in 0..<biases.count { biases[i] = Float(0.001 * random.nextGaussian()) }
        }
        self.init(architecture: architecture, itemIDs: itemIDs, parameters: storage)
    }

    init(architecture: MultVAEArchitecture, itemIDs: [String], parameters: FloatStorage,
         bestEpoch: Int? = nil, validationNDCG: Double? = nil) {
        self.architecture = architecture
        self.itemIDs = itemIDs
        self.layout = MultVAELayout(architecture)
        precondition(parameters.count == layout.totalCount, "Mult-VAE parameter buffer of the wrong size")
        self.parameters = parameters
        self.bestEpoch = bestEpoch
        self.validationNDCG = validationNDCG
    }

    /// Number of weights and biases.
    public var parameterCount: Int { layout.totalCount }

    /// Every parameter, in layout order (for comparing two models).
    public var parameterValues: [Float] { parameters.array }

    /// A model with its own copy of the parameters (the trainer keeps the best epoch so).
    func copy() -> MultVAE {
        MultVAE(architecture: architecture, itemIDs: itemIDs, parameters: FloatStorage(parameters.array),
                bestEpoch: bestEpoch, validationNDCG: validationNDCG)
    }

    /// Decoder logits of the encoder mean for `history`: the unnormalised log-probability
    /// that the user's next interaction is each item. Item indices outside the catalog are
    /// ignored; repeats count once.
    ///
    /// - Complexity: O(I·h) for I items and first hidden width h (two dense layers over
    ///   the catalog).
    public func score(history: [Int], into scores: inout [Float]) {
        score(histories: [history], itemCount: architecture.itemCount, into: &scores)
    }

    /// Scores a batch of users with one GEMM per layer (users are rows). Runs on the
    /// caller's thread: the evaluator already spreads batches over the cores.
    ///
    /// - Complexity: O(B·I·h) for B users.
    public func score(histories: [[Int]], itemCount: Int, into scores: inout [Float]) {
        precondition(itemCount == architecture.itemCount,
                     "Mult-VAE scores \(architecture.itemCount) items, asked for \(itemCount)")
        let logits = inferenceLogits(histories: histories, threads: 1)
        let n = histories.count * itemCount
        if scores.count == n {
            scores = logits.array
        } else {
            scores.replaceSubrange(0..<n, with: logits.array)
        }
    }

    /// Checks that this model was trained on the catalog whose item ids are `itemIDs`.
    ///
    /// - Throws: `MultVAEError.catalogMismatch` naming the first difference.
    public func requireCatalog(itemIDs catalogIDs: [String], path: String) throws {
        guard catalogIDs.count == itemIDs.count else {
            throw MultVAEError.catalogMismatch(
                path: path, reason: "it has \(itemIDs.count) items, the catalog has \(catalogIDs.count)")
        }
        if let index = catalogIDs.indices.first(where: { catalogIDs[$0] != itemIDs[$0] }) {
            throw MultVAEError.catalogMismatch(
                path: path, reason: "item \(index + 1) is \"\(itemIDs[index])\" in the file, \"\(catalogIDs[index])\" in the catalog")
        }
    }
}
