import Foundation

/// The stored form travels with the model checkpoint (in its metadata or a sidecar
/// file), because token ids mean nothing without the vocabulary that made them:
///
///     {"format": 1, "specials": ["bos", …], "attributes": ["genres=Action", …],
///      "merges": [[32, 116], …], "items": ["1", "2", …]}
///
/// Decoding validates everything `init(specials:attributes:bpe:itemIDs:)` and
/// `BPE(merges:)` do, so a damaged file is an error naming what is wrong, never a
/// vocabulary with holes.
extension Tokenizer: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, specials, attributes, merges, items
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(Int.self, forKey: .format)
        guard format == Self.formatVersion else { throw TokenizerError.unsupportedFormat(version: format) }
        let pairs = try container.decode([[Int]].self, forKey: .merges)
        let merges = try pairs.enumerated().map { k, pair in
            guard pair.count == 2 else {
                throw TokenizerError.invalidMerge(index: k, reason: "expected [left, right], found \(pair)")
            }
            return BPE.Merge(left: pair[0], right: pair[1])
        }
        try self.init(specials: container.decode([String].self, forKey: .specials),
                      attributes: container.decode([String].self, forKey: .attributes),
                      bpe: BPE(merges: merges),
                      itemIDs: container.decode([String].self, forKey: .items))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .format)
        try container.encode(specials, forKey: .specials)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(bpe.merges.map { [$0.left, $0.right] }, forKey: .merges)
        try container.encode(itemIDs, forKey: .items)
    }

    /// The key under which a checkpoint's safetensors `__metadata__` holds
    /// `jsonString()`: `metadata[Tokenizer.checkpointMetadataKey] = try tokenizer.jsonString()`.
    public static let checkpointMetadataKey = "curio.tokenizer"

    /// The stored form as compact JSON, e.g. for a safetensors metadata value
    /// (88 kB for the MovieLens catalog, most of it item ids and merges).
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A tokenizer from its stored JSON form (`jsonString()` or a sidecar file's contents).
    ///
    /// - Throws: `TokenizerError` for a vocabulary that is not valid, a `DecodingError`
    ///   for JSON that is not a stored tokenizer.
    public init(json: String) throws {
        self = try JSONDecoder().decode(Tokenizer.self, from: Data(json.utf8))
    }
}
