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
///
/// An *ensemble* of K > 1 members of one configuration is one file too: metadata
/// `members` = K, and member k's tensors under `member.k.` (`member.0.tok_emb`, …). A
/// single model keeps the plain names, so files written before ensembles still load.
public enum Checkpoint {
    /// Metadata key naming the file format.
    public static let formatKey = "format"
    /// The value of `formatKey` this version writes and reads.
    public static let formatValue = "curio-model-v1"
    /// Metadata key holding the model configuration as JSON.
    public static let configKey = "model_config"
    /// Metadata key holding the number of members of an ensemble (absent for one model).
    public static let membersKey = "members"

    /// Writes `model` to `path` atomically (a crash leaves the old file or none).
    ///
    /// - Parameters:
    ///   - dtype: storage precision; f16/bf16 halve the file and round each weight.
    ///   - metadata: extra string entries passed through to `load`; they may not use
    ///     `formatKey`, `configKey` or `membersKey`.
    /// - Throws: `ModelError.invalidCheckpoint` for a reserved metadata key;
    ///   `SafeTensorsError` if writing fails.
    /// - Complexity: O(parameter count).
    public static func save(_ model: TransformerModel, to path: String, dtype: SafeTensorsDType = .f32,
                            metadata: [String: String] = [:]) throws {
        try save(members: [model], to: path, dtype: dtype, metadata: metadata)
    }

    /// Writes the members of an ensemble (one or more models of one configuration) to
    /// `path` atomically; one member is written exactly as `save(_:)` writes a model.
    ///
    /// - Throws: `ModelError.invalidCheckpoint` for no members, members of different
    ///   configurations or a reserved metadata key; `SafeTensorsError` if writing fails.
    /// - Complexity: O(parameter count of all members).
    public static func save(members: [TransformerModel], to path: String, dtype: SafeTensorsDType = .f32,
                            metadata: [String: String] = [:]) throws {
        for key in [formatKey, configKey, membersKey] where metadata[key] != nil {
            throw ModelError.invalidCheckpoint(path: path, reason: "metadata key \"\(key)\" is reserved for the model")
        }
        guard let first = members.first else {
            throw ModelError.invalidCheckpoint(path: path, reason: "an ensemble needs at least one member")
        }
        guard members.allSatisfy({ $0.config == first.config }) else {
            throw ModelError.invalidCheckpoint(path: path, reason: "the members of an ensemble must share one configuration")
        }
        let configJSON = String(decoding: try JSONEncoder().encode(first.config), as: UTF8.self)
        var reserved = [formatKey: formatValue, configKey: configJSON]
        if members.count > 1 { reserved[membersKey] = String(members.count) }
        var writer = SafeTensorsWriter(metadata: metadata.merging(reserved) { $1 })
        for (k, model) in members.enumerated() {
            for tensor in model.layout.tensors {
                try writer.add(tensorName(tensor.name, member: k, of: members.count),
                               values: model.parameters.slice(tensor.offset, tensor.count).array,
                               shape: tensor.shape, dtype: dtype)
            }
        }
        try writer.write(to: path)
    }

    /// A parameter's tensor name in a file of `count` members.
    static func tensorName(_ name: String, member k: Int, of count: Int) -> String {
        count == 1 ? name : "member.\(k).\(name)"
    }

    /// Reads a model saved by `save`, with the caller's metadata (reserved keys removed).
    ///
    /// - Throws: as `load(membersFrom:threads:)`, and `ModelError.invalidCheckpoint` for
    ///   an ensemble of more than one member.
    public static func load(from path: String, threads: Int? = nil) throws -> (model: TransformerModel, metadata: [String: String]) {
        let (members, metadata) = try load(membersFrom: path, threads: threads)
        guard members.count == 1 else {
            throw ModelError.invalidCheckpoint(path: path, reason: "an ensemble of \(members.count) models, where one model was expected")
        }
        return (members[0], metadata)
    }

    /// Reads the members of a file written by `save(members:)` (a single model is an
    /// ensemble of one), with the caller's metadata (reserved keys removed).
    ///
    /// Every tensor of the configuration's layout must be present for every member with
    /// its exact shape, and no other tensors may be: a checkpoint from another model shape
    /// fails here, naming the first tensor that differs, rather than producing garbage. A
    /// file whose matrices are stored as bf16 gives models that decode from bf16
    /// (`DecodePrecision.bfloat16`).
    ///
    /// - Throws: `ModelError.invalidCheckpoint` naming the file and the problem;
    ///   `SafeTensorsError` for a damaged file.
    /// - Complexity: O(parameter count).
    public static func load(membersFrom path: String, threads: Int? = nil) throws -> (members: [TransformerModel], metadata: [String: String]) {
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
        var count = 1
        if let text = file.metadata[membersKey] {
            guard let k = Int(text), (2...64).contains(k) else {
                throw fail("metadata \"\(membersKey)\" is \"\(text)\", expected a number of members from 2 to 64")
            }
            count = k
        }

        let layout = ParameterLayout(config: config)
        let expected = Set((0..<count).flatMap { k in layout.tensors.map { tensorName($0.name, member: k, of: count) } })
        if let extra = file.names.first(where: { !expected.contains($0) }) {
            throw fail("unexpected tensor \"\(extra)\" for this configuration")
        }
        var members: [TransformerModel] = []
        for k in 0..<count {
            let parameters = FloatStorage(count: layout.totalCount)
            for tensor in layout.tensors {
                let name = tensorName(tensor.name, member: k, of: count)
                guard let info = file.info(named: name) else { throw fail("tensor \"\(name)\" is missing") }
                guard info.shape == tensor.shape else {
                    throw fail("tensor \"\(name)\" has shape \(info.shape), the configuration needs \(tensor.shape)")
                }
                parameters.slice(tensor.offset, tensor.count).copy(from: try file.floats(named: name))
            }
            if let bad = (0..<parameters.count).first(where: { !parameters[$0].isFinite }) {
                let name = layout.tensors.last { $0.offset <= bad }?.name ?? "?"
                throw fail("tensor \"\(tensorName(name, member: k, of: count))\" holds a non-finite value")
            }
            // A file whose matrices are all bf16 decodes from bf16, as stored (DecodeWeights.swift);
            // f32 and f16 files decode from the fp32 parameters (f16 widens exactly).
            let matrices = layout.tensors.filter(\.decays)
            let precision: DecodePrecision = matrices.allSatisfy({
                file.info(named: tensorName($0.name, member: k, of: count))?.dtype == .bf16
            }) ? .bfloat16 : .float32
            members.append(try TransformerModel(config: config, parameters: parameters, threads: threads, decodePrecision: precision))
        }
        return (members, file.metadata.filter { ![formatKey, configKey, membersKey].contains($0.key) })
    }
}
