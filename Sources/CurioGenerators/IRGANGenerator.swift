// The trained adversarial generator as curio ships and loads it.

import CurioCatalog
import CurioEvaluation

/// What training chose and measured, saved in the file's metadata.
public struct IRGANSummary: Sendable, Equatable, Codable {
    /// The adversarial epoch whose generator was kept (best validation NDCG@10).
    public var bestEpoch: Int
    /// The kept generator's validation NDCG@10.
    public var validationNDCG: Double
    /// The MF pretraining epoch kept as the initialisation.
    public var mfBestEpoch: Int
    /// The MF initialisation's validation NDCG@10.
    public var mfValidationNDCG: Double
    /// The options training ran with.
    public var options: IRGANOptions
    /// Seconds training took (MF pretraining and the adversarial game).
    public var trainingSeconds: Double

    public init(bestEpoch: Int, validationNDCG: Double, mfBestEpoch: Int, mfValidationNDCG: Double,
                options: IRGANOptions, trainingSeconds: Double) {
        self.bestEpoch = bestEpoch
        self.validationNDCG = validationNDCG
        self.mfBestEpoch = mfBestEpoch
        self.mfValidationNDCG = mfValidationNDCG
        self.options = options
        self.trainingSeconds = trainingSeconds
    }
}

/// An IRGAN generator (Wang et al., SIGIR 2017) with the MF model it started from.
///
/// As an `ItemScorer` ("IRGAN") it ranks items by the generator's scores; `mf` ranks by
/// the pretrained initialisation, so one file shows both in `curio eval`. The file
/// format is in IRGANGenerator+File.swift.
public struct IRGANGenerator: ItemScorer {
    public var name: String { "IRGAN" }
    /// G, the trained generator.
    public var generator: FactorModel
    /// The MF pretraining result G (and D) started from.
    public var initialisation: FactorModel
    /// The catalog id of every item index the model was trained on.
    public var itemIDs: [String]
    public var summary: IRGANSummary

    public init(generator: FactorModel, initialisation: FactorModel, itemIDs: [String],
                summary: IRGANSummary) {
        precondition(generator.itemCount == itemIDs.count && initialisation.itemCount == itemIDs.count,
                     "one item id per model item")
        self.generator = generator
        self.initialisation = initialisation
        self.itemIDs = itemIDs
        self.summary = summary
    }

    /// The generator as a scorer named "IRGAN".
    public var irgan: FactorScorer { FactorScorer(name: "IRGAN", model: generator) }
    /// The MF initialisation as a scorer named "MF".
    public var mf: FactorScorer { FactorScorer(name: "MF", model: initialisation) }

    /// - Complexity: O(|H|·d + n·d).
    public func score(history: [Int], into scores: inout [Float]) {
        irgan.score(history: history, into: &scores)
    }

    /// - Complexity: O(Σ|H|·d + B·n·d), one GEMM.
    public func score(histories: [[Int]], itemCount: Int, into scores: inout [Float]) {
        irgan.score(histories: histories, itemCount: itemCount, into: &scores)
    }

    /// Checks the model was trained on `catalog`'s items, in the same order.
    ///
    /// - Throws: `IRGANError.wrongCatalog` naming the first difference.
    /// - Complexity: O(n).
    public func checkMatches(_ catalog: Catalog, path: String) throws(IRGANError) {
        try checkMatches(itemIDs: catalog.items.map(\.id), path: path)
    }

    /// Checks the model's item ids equal `catalogIDs`.
    ///
    /// - Throws: `IRGANError.wrongCatalog` naming the first difference.
    public func checkMatches(itemIDs catalogIDs: [String], path: String) throws(IRGANError) {
        if catalogIDs.count != itemIDs.count {
            throw .wrongCatalog(path: path, reason: "it has \(itemIDs.count) items, the catalog \(catalogIDs.count)")
        }
        if let index = itemIDs.indices.first(where: { itemIDs[$0] != catalogIDs[$0] }) {
            throw .wrongCatalog(path: path, reason: "item \(index) is '\(itemIDs[index])' in the file "
                                + "but '\(catalogIDs[index])' in the catalog")
        }
    }
}
