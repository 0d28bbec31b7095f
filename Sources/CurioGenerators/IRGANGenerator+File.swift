// The IRGAN file: one safetensors file with both factor models in fp16 and everything
// needed to refuse the wrong file (family, catalog, shapes) in its metadata.
//
// Tensors ([n×d] or [n], F16):
//   generator.history_factors, generator.item_factors, generator.biases   (G)
//   mf.history_factors, mf.item_factors, mf.biases                        (the MF init)
// Metadata: curio.generator = gan, curio.gan_format = 1, curio.items, curio.dimension,
// curio.alpha, curio.item_ids (a JSON array of the catalog's item ids, in index order),
// curio.catalog, curio.best_epoch, curio.validation_ndcg10, curio.mf_best_epoch,
// curio.mf_validation_ndcg10, curio.training (the options as JSON), curio.training_seconds.

import CurioModel
import Foundation

extension IRGANGenerator {
    /// The `curio.gan_format` this code writes and reads.
    public static let formatVersion = "1"

    /// Writes the generator atomically to `path` (see `AtomicFile`): on failure any
    /// previous file there is untouched.
    ///
    /// - Parameter catalogName: the catalog's display name, for people reading the file.
    /// - Throws: `IRGANError.writeFailed`.
    /// - Complexity: O(n·d).
    public func save(to path: String, catalogName: String = "") throws(IRGANError) {
        let n = generator.itemCount, d = generator.dimension
        do {
            let ids = String(decoding: try JSONEncoder().encode(itemIDs), as: UTF8.self)
            let options = String(decoding: try JSONEncoder().encode(summary.options), as: UTF8.self)
            var writer = SafeTensorsWriter(metadata: [
                GeneratorKind.metadataKey: GeneratorKind.gan.rawValue,
                "curio.gan_format": Self.formatVersion,
                "curio.items": String(n),
                "curio.dimension": String(d),
                "curio.alpha": String(generator.alpha),
                "curio.item_ids": ids,
                "curio.catalog": catalogName,
                "curio.best_epoch": String(summary.bestEpoch),
                "curio.validation_ndcg10": String(summary.validationNDCG),
                "curio.mf_best_epoch": String(summary.mfBestEpoch),
                "curio.mf_validation_ndcg10": String(summary.mfValidationNDCG),
                "curio.training": options,
                "curio.training_seconds": String(format: "%.1f", summary.trainingSeconds),
            ])
            for (prefix, model) in [("generator", generator), ("mf", initialisation)] {
                try writer.add("\(prefix).history_factors", values: model.historyFactors, shape: [n, d], dtype: .f16)
                try writer.add("\(prefix).item_factors", values: model.itemFactors, shape: [n, d], dtype: .f16)
                try writer.add("\(prefix).biases", values: model.biases, shape: [n], dtype: .f16)
            }
            try writer.write(to: path)
        } catch let error as SafeTensorsError {
            if case let .writeFailed(_, reason) = error { throw .writeFailed(path: path, reason: reason) }
            throw .writeFailed(path: path, reason: error.description)
        } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
    }

    /// Reads a generator written by `save(to:)`, checking every shape and value.
    ///
    /// Does not know the catalog: call `checkMatches(_:path:)` before scoring a catalog.
    ///
    /// - Throws: `IRGANError.wrongGenerator` for another family's file,
    ///   `IRGANError.invalidFile` for a damaged, truncated or foreign one.
    /// - Complexity: O(n·d).
    public static func load(path: String) throws(IRGANError) -> IRGANGenerator {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(path: path) } catch {
            throw .invalidFile(path: path, reason: error.description)
        }
        let meta = file.metadata
        guard let family = meta[GeneratorKind.metadataKey] else {
            throw .invalidFile(path: path, reason: "it has no \(GeneratorKind.metadataKey) entry (a language model file?)")
        }
        guard family == GeneratorKind.gan.rawValue else { throw .wrongGenerator(path: path, found: family) }
        guard meta["curio.gan_format"] == formatVersion else {
            throw .invalidFile(path: path, reason: "format \(meta["curio.gan_format"] ?? "none") is not \(formatVersion)")
        }
        func number<T: LosslessStringConvertible>(_ key: String, _ type: T.Type) throws(IRGANError) -> T {
            guard let text = meta[key], let value = T(text) else {
                throw .invalidFile(path: path, reason: "metadata \(key) is missing or not a number")
            }
            return value
        }
        let n = try number("curio.items", Int.self), d = try number("curio.dimension", Int.self)
        let alpha = try number("curio.alpha", Float.self)
        guard n > 0, d > 0 else { throw .invalidFile(path: path, reason: "\(n) items × \(d) factors") }
        guard let idsText = meta["curio.item_ids"],
              let ids = try? JSONDecoder().decode([String].self, from: Data(idsText.utf8)), ids.count == n else {
            throw .invalidFile(path: path, reason: "curio.item_ids is missing or does not list \(n) item ids")
        }
        func model(_ prefix: String) throws(IRGANError) -> FactorModel {
            func tensor(_ name: String, _ shape: [Int]) throws(IRGANError) -> [Float] {
                guard let info = file.info(named: name) else {
                    throw .invalidFile(path: path, reason: "tensor \(name) is missing")
                }
                guard info.shape == shape else {
                    throw .invalidFile(path: path, reason: "tensor \(name) has shape \(info.shape), expected \(shape)")
                }
                do { return try file.floats(named: name) } catch { throw .invalidFile(path: path, reason: error.description) }
            }
            let q = try tensor("\(prefix).history_factors", [n, d])
            let p = try tensor("\(prefix).item_factors", [n, d])
            let b = try tensor("\(prefix).biases", [n])
            do {
                return try FactorModel(itemCount: n, dimension: d, alpha: alpha, historyFactors: q, itemFactors: p, biases: b)
            } catch { throw .invalidFile(path: path, reason: "\(prefix): \(error)") }
        }
        let options = meta["curio.training"].flatMap { try? JSONDecoder().decode(IRGANOptions.self, from: Data($0.utf8)) }
        let summary = IRGANSummary(
            bestEpoch: try number("curio.best_epoch", Int.self),
            validationNDCG: try number("curio.validation_ndcg10", Double.self),
            mfBestEpoch: try number("curio.mf_best_epoch", Int.self),
            mfValidationNDCG: try number("curio.mf_validation_ndcg10", Double.self),
            options: options ?? IRGANOptions(),
            trainingSeconds: meta["curio.training_seconds"].flatMap(Double.init) ?? 0)
        return IRGANGenerator(generator: try model("generator"), initialisation: try model("mf"),
                              itemIDs: ids, summary: summary)
    }
}
