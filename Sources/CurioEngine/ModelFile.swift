import CurioKernels
import CurioModel
import Foundation

/// Saving and loading a `LanguageModel` as one safetensors file.
///
/// Tensors are the parameter layout's named tensors (`tok_emb`, `layers.0.wq`, …) in
/// fp32, fp16 or bf16; the header's `__metadata__` carries the model config
/// (`curio.config`), the tokenizer (`curio.tokenizer`) and free-form notes such as
/// how the model was trained (`curio.training`). Python reads it with
/// `safetensors.numpy.load_file` (docs/model.md).
public enum ModelFile {
    public static let configKey = "curio.config"
    public static let tokenizerKey = "curio.tokenizer"
    public static let formatKey = "curio.format"
    public static let formatVersion = "1"

    /// Writes `languageModel` to `path` atomically, storing weights as `dtype`.
    public static func save(_ languageModel: LanguageModel, to path: String, dtype: SafeTensorsDType = .f32,
                            notes: [String: String] = [:]) throws {
        let model = languageModel.model
        var metadata = notes
        metadata[formatKey] = formatVersion
        metadata[configKey] = String(decoding: try JSONEncoder.sorted.encode(model.config), as: UTF8.self)
        metadata[tokenizerKey] = try languageModel.tokenizer.jsonString()
        var writer = SafeTensorsWriter(metadata: metadata)
        let parameters = model.parameters.array
        for tensor in model.layout.tensors {
            try writer.add(tensor.name, values: parameters[tensor.offset ..< tensor.offset + tensor.count],
                           shape: tensor.shape, dtype: dtype)
        }
        try writer.write(to: path)
    }

    /// Reads a model written by `save`, validating the file, the config, the tokenizer
    /// and every tensor's shape against the layout.
    public static func load(_ path: String, threads: Int? = nil) throws -> (LanguageModel, metadata: [String: String]) {
        let file = try SafeTensorsFile(path: path)
        func problem(_ why: String) -> EngineError { .mismatchedModel("\(path): \(why)") }
        guard let configJSON = file.metadata[configKey] else { throw problem("no \(configKey) in the header: not a curio model") }
        guard let tokenizerJSON = file.metadata[tokenizerKey] else { throw problem("no \(tokenizerKey) in the header") }
        let config: ModelConfig
        do { config = try JSONDecoder().decode(ModelConfig.self, from: Data(configJSON.utf8)) } catch {
            throw problem("\(configKey) is not a valid model config")
        }
        try config.validate()
        let tokenizer = try Tokenizer(json: tokenizerJSON)
        let layout = ParameterLayout(config: config)
        var parameters = [Float](repeating: 0, count: layout.totalCount)
        for tensor in layout.tensors {
            guard let info = file.info(named: tensor.name) else { throw problem("tensor \(tensor.name) is missing") }
            guard info.shape == tensor.shape else {
                throw problem("tensor \(tensor.name) has shape \(info.shape), the config needs \(tensor.shape)")
            }
            try file.readFloats(named: tensor.name, into: &parameters, at: tensor.offset)
        }
        let model = try TransformerModel(config: config, parameters: FloatStorage(parameters), threads: threads)
        return (try LanguageModel(model: model, tokenizer: tokenizer), file.metadata)
    }
}

extension JSONEncoder {
    /// Deterministic JSON: the same value always gives the same bytes.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
