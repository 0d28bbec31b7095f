// Saving and loading a whole model as one safetensors file: the configuration as JSON in
// the metadata, every parameter tensor under its ParameterLayout name, and whatever extra
// metadata the caller passes through (e.g. the tokenizer's JSON, training provenance).

import CurioKernels
import Foundation

/// A curio model checkpoint on disk.
///
/// Layout of the file: metadata `format` = `curio-model-v1`, `model_config` = the
/// `ModelConfig` as JSON (keys as in the Swift type, e.g. `vocabSize`, `dModel`); one tensor
/// per `ParameterLayout` entry (`tok_emb` [V, C], `layers.0.wq` [C, C], …) stored as f32,
/// f16 or bf16. Any other metadata keys belong to the caller and come back unchanged.
public enum Checkpoint {
    /// Metadata key naming the file format.
    public static let formatKey = "format"
    /// The value of `formatKey` this version writes and reads.
    public static let formatValue = "curio-model-v1"
    /// Metadata key holding the model configuration as JSON.
    public static let configKey = "model_config"

    /// Writes `model` to `path` atomically (a crash leaves the old file or none).
    ///
    /// - Parameters:
    ///   - dtype: storage precision; f16/bf16 halve the file and round each weight.
    ///   - metadata: extra string entries passed through to `load`; they may not use
    ///     `formatKey` or `configKey`.
    /// - Throws: `ModelError.invalidCheckpoint` for a reserved metadata key;
    ///   `SafeTensorsError` if writing fails.
    /// - Complexity: O(parameter count).
    public static func save(_ model: TransformerModel, to path: String, dtype: SafeTensorsDType = .f32,
                            metadata: [String: String] = [:]) throws {
        for key in [formatKey, configKey] where metadata[key] != nil {
            throw ModelError.invalidCheckpoint(path: path, reason: "metadata key \"\(key)\" is reserved for the model")
        }
        let configJSON = String(decoding: try JSONEncoder().encode(model.config), as: UTF8.self)
        var writer = SafeTensorsWriter(metadata: metadata.merging([formatKey: formatValue, configKey: configJSON]) { $1 })
        for tensor in model.layout.tensors {
            try writer.add(tensor.name, values: model.parameters.slice(tensor.offset, tensor.count).array,
                           shape: tensor.shape, dtype: dtype)
        }
        try writer.write(to: path)
    }

    /// Reads a model saved by `save`, with the caller's metadata (reserved keys removed).
    ///
    /// Every tensor of the configuration's layout must be present with its exact shape, and
    /// no other tensors may be: a checkpoint from another model shape fails here, naming the
    /// first tensor that differs, rather than producing garbage. A file whose matrices are
    /// stored as bf16 gives a model that decodes from bf16 (`DecodePrecision.bfloat16`).
    ///
    /// - Throws: `ModelError.invalidCheckpoint` naming the file and the problem;
    ///   `SafeTensorsError` for a damaged file.
    /// - Complexity: O(parameter count).
    public static func load(from path: String, threads: Int? = nil) throws -> (model: TransformerModel, metadata: [String: String]) {
        let file = try SafeTensorsFile(path: path)
        func fail(_ reason: String) -> ModelError { .invalidCheckpoint(path: path, reason: reason) }
        guard file.metadata[formatKey] == formatValue else {
            throw fail("metadata \"\(formatKey)\" is \(file.metadata[formatKey].map { "\"\($0)\"" } ?? "missing"), expected \"\(formatValue)\"")
        }
        guard let configText = file.metadata[configKey] else { throw fail("metadata \"\(configKey)\" is missing") }
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: Data(configText.utf8))
        } catch {
            throw fail("metadata \"\(configKey)\" is not a model configuration: \(error)")
        }
        do { try config.validate() } catch { throw fail("\(error)") }

        let layout = ParameterLayout(config: config)
        let expected = Set(layout.tensors.map(\.name))
        if let extra = file.names.first(where: { !expected.contains($0) }) {
            throw fail("unexpected tensor \"\(extra)\" for this configuration")
        }
        let parameters = FloatStorage(count: layout.totalCount)
        for tensor in layout.tensors {
            guard let info = file.info(named: tensor.name) else { throw fail("tensor \"\(tensor.name)\" is missing") }
            guard info.shape == tensor.shape else {
                throw fail("tensor \"\(tensor.name)\" has shape \(info.shape), the configuration needs \(tensor.shape)")
            }
            parameters.slice(tensor.offset, tensor.count).copy(from: try file.floats(named: tensor.name))
        }
        if let bad = (0..<parameters.count).first(where: { !parameters[$0].isFinite }) {
            let name = layout.tensors.last { $0.offset <= bad }?.name ?? "?"
            throw fail("tensor \"\(name)\" holds a non-finite value")
        }
        // A file whose matrices are all bf16 decodes from bf16, as stored (DecodeWeights.swift);
        // f32 and f16 files decode from the fp32 parameters (f16 widens exactly).
        let matrices = layout.tensors.filter(\.decays)
        let precision: DecodePrecision = matrices.allSatisfy({ file.info(named: $0.name)?.dtype == .bf16 }) ? .bfloat16 : .float32
        let model = try TransformerModel(config: config, parameters: parameters, threads: threads, decodePrecision: precision)
        return (model, file.metadata.filter { $0.key != formatKey && $0.key != configKey })
    }
}
