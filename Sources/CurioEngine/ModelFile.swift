import CurioModel

/// Saving and loading a `LanguageModel`: the transformer's checkpoint (`Checkpoint`:
/// safetensors, config in the header) with the tokenizer it was trained with in the
/// same header (`curio.tokenizer`), so one file is the whole model (every member of an
/// ensemble: `Checkpoint.save(members:)`). Python reads it
/// with `safetensors.numpy.load_file` (docs/model.md).
public enum ModelFile {
    /// Writes `languageModel` to `path` atomically, storing weights as `dtype`.
    /// `notes` (e.g. how it was trained) go into the header too.
    public static func save(_ languageModel: LanguageModel, to path: String, dtype: SafeTensorsDType = .f32,
                            notes: [String: String] = [:]) throws {
        var metadata = notes
        metadata[Tokenizer.checkpointMetadataKey] = try languageModel.tokenizer.jsonString()
        try Checkpoint.save(members: languageModel.members, to: path, dtype: dtype, metadata: metadata)
    }

    /// Reads a model written by `save`; every tensor, the config and the tokenizer are
    /// validated, and the tokenizer must fit the model.
    public static func load(_ path: String, threads: Int? = nil) throws -> (LanguageModel, metadata: [String: String]) {
        let (members, metadata) = try Checkpoint.load(membersFrom: path, threads: threads)
        guard let json = metadata[Tokenizer.checkpointMetadataKey] else {
            throw EngineError.mismatchedModel("\(path) has no tokenizer (\(Tokenizer.checkpointMetadataKey)): not a curio language model")
        }
        return (try LanguageModel(members: members, tokenizer: try Tokenizer(json: json)), metadata)
    }
}
