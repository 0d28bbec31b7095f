// A Mult-VAE on disk: one safetensors file, weights in fp16 (f32 in memory), with the
// architecture and the catalog's item ids in the metadata.

import CurioKernels
import CurioModel
import Foundation

extension MultVAE {
    /// Metadata key holding the `MultVAEArchitecture` as JSON.
    public static let architectureKey = "curio.vae.architecture"
    /// Metadata key holding the catalog's item ids (a JSON array, item index order).
    public static let itemIDsKey = "curio.item_ids"
    /// Metadata keys for what training recorded.
    public static let bestEpochKey = "curio.best_epoch"
    public static let validationNDCGKey = "curio.validation_ndcg10"

    /// Writes the model to `path` atomically (a crash leaves the old file or none).
    ///
    /// Layout: metadata `curio.generator` = `vae` (`GeneratorKind.metadataKey`),
    /// `curio.vae.architecture` (JSON), `curio.item_ids` (JSON array), `curio.best_epoch`,
    /// `curio.validation_ndcg10`, plus `notes`; one tensor per layer weight
    /// (`encoder.0.weight` [out, in], …) and bias, stored as `dtype`.
    ///
    /// - Parameters:
    ///   - dtype: `.f16` (default) halves the file; each weight is rounded to nearest.
    ///   - notes: extra metadata (training options, catalog name); reserved keys are refused.
    /// - Throws: `MultVAEError.invalidFile` for a reserved note key; `SafeTensorsError`
    ///   when writing fails (any previous file is left as it was).
    /// - Complexity: O(parameter count).
    public func save(to path: String, dtype: SafeTensorsDType = .f16, notes: [String: String] = [:]) throws {
        let reserved = [GeneratorKind.metadataKey, Self.architectureKey, Self.itemIDsKey,
                        Self.bestEpochKey, Self.validationNDCGKey]
        if let key = reserved.first(where: { notes[$0] != nil }) {
            throw MultVAEError.invalidFile(path: path, reason: "metadata key \"\(key)\" is reserved")
        }
        var metadata = notes
        metadata[GeneratorKind.metadataKey] = GeneratorKind.vae.rawValue
        metadata[Self.architectureKey] = String(decoding: try JSONEncoder().encode(architecture), as: UTF8.self)
        metadata[Self.itemIDsKey] = String(decoding: try JSONEncoder().encode(itemIDs), as: UTF8.self)
        if let bestEpoch { metadata[Self.bestEpochKey] = String(bestEpoch) }
        if let validationNDCG { metadata[Self.validationNDCGKey] = String(format: "%.4f", validationNDCG) }
        var writer = SafeTensorsWriter(metadata: metadata)
        for tensor in layout.tensors {
            try writer.add(tensor.name, values: parameters.slice(tensor.offset, tensor.count).array,
                           shape: tensor.shape, dtype: dtype)
        }
        try writer.write(to: path)
    }

    /// Reads a model written by `save(to:)`.
    ///
    /// Every tensor of the recorded architecture must be present with its exact shape and
    /// finite values, and no other; a file of another generator family, another shape or
    /// a damaged file fails here with the reason, never later with garbage scores.
    ///
    /// - Parameter catalogItemIDs: when given, the catalog the model will score; a file
    ///   trained on another catalog is refused (`MultVAEError.catalogMismatch`).
    /// - Throws: `MultVAEError` naming the file and the problem; `SafeTensorsError` for a
    ///   file that is not valid safetensors (truncated, corrupt).
    /// - Complexity: O(parameter count).
    public static func load(path: String, catalogItemIDs: [String]? = nil) throws -> MultVAE {
        let file = try SafeTensorsFile(path: path)
        func fail(_ reason: String) -> MultVAEError { .invalidFile(path: path, reason: reason) }
        switch file.metadata[GeneratorKind.metadataKey] {
        case GeneratorKind.vae.rawValue?: break
        case let other?:
            throw fail("it holds the \"\(other)\" generator, not the Mult-VAE (use --generator \(other))")
        case nil:
            throw fail("metadata \"\(GeneratorKind.metadataKey)\" is missing (a language model file? use --generator lm)")
        }
        guard let architectureText = file.metadata[architectureKey],
              let architecture = try? JSONDecoder().decode(MultVAEArchitecture.self, from: Data(architectureText.utf8))
        else { throw fail("metadata \"\(architectureKey)\" is missing or not an architecture") }
        do { try architecture.validate() } catch { throw fail("\(error)") }
        guard let idsText = file.metadata[itemIDsKey],
              let itemIDs = try? JSONDecoder().decode([String].self, from: Data(idsText.utf8))
        else { throw fail("metadata \"\(itemIDsKey)\" is missing or not a list of item ids") }
        guard itemIDs.count == architecture.itemCount else {
            throw fail("\(itemIDs.count) item ids for an architecture of \(architecture.itemCount) items")
        }

        let layout = MultVAELayout(architecture)
        let expected = Set(layout.tensors.map(\.name))
        if let extra = file.names.first(where: { !expected.contains($0) }) {
            throw fail("unexpected tensor \"\(extra)\" for architecture \(architecture.summary)")
        }
        var values = [Float](repeating: 0, count: layout.totalCount)
        for tensor in layout.tensors {
            guard let info = file.info(named: tensor.name) else { throw fail("tensor \"\(tensor.name)\" is missing") }
            guard info.shape == tensor.shape else {
                throw fail("tensor \"\(tensor.name)\" has shape \(info.shape), the architecture needs \(tensor.shape)")
            }
            try file.readFloats(named: tensor.name, into: &values, at: tensor.offset)
            if let bad = values[tensor.offset ..< tensor.offset + tensor.count].firstIndex(where: { !$0.isFinite }) {
                throw fail("tensor \"\(tensor.name)\" holds a non-finite value at element \(bad - tensor.offset)")
            }
        }
        let model = MultVAE(architecture: architecture, itemIDs: itemIDs, parameters: FloatStorage(values),
                            bestEpoch: file.metadata[bestEpochKey].flatMap { Int($0) },
                            validationNDCG: file.metadata[validationNDCGKey].flatMap { Double($0) })
        if let catalogItemIDs { try model.requireCatalog(itemIDs: catalogItemIDs, path: path) }
        return model
    }
}
