/// curio's vocabulary: special tokens, attribute tokens, byte-level BPE text tokens
/// and one token per catalog item, in four contiguous ranges in that order.
///
///     0 ..< S                 specials     <|bos|> <|user|> <|sep|> …   (prompts/special_tokens.txt)
///     S ..< S+A               attributes   <|genres=Comedy|> <|year=1990s|> …   (FacetLabels)
///     S+A ..< itemBase        text         256 bytes, then the BPE merges
///     itemBase ..< vocabSize  items        <|item=2571|> …, in Item.index order
///
/// so item token = `itemBase + item.index`, and the model's item-only heads and masks
/// slice `itemRange`. The names are plain strings: this module knows nothing of
/// catalogs; the caller passes `FacetLabels.all` and the items' ids.
///
/// Text is encoded two ways. `encode(text:)` is for anything a user typed or a
/// catalog contains: `<|…|>` in it is just characters, so nobody can inject a control
/// token. `encode(template:source:)` is for curio's own prompt templates, where
/// markers become their tokens. `decode(_:)` renders both back.
public struct Tokenizer: Sendable, Equatable {
    /// The version of the stored form (`Codable`); bumped when its meaning changes.
    public static let formatVersion = 1

    /// Special token names without brackets ("bos"), in token order.
    public let specials: [String]
    /// Attribute labels, `column=label` ("genres=Comedy"), in token order.
    public let attributes: [String]
    /// The text tokens' byte-pair encoding.
    public let bpe: BPE
    /// The catalog's own item ids ("2571"), in `Item.index` order.
    public let itemIDs: [String]

    public let specialRange: Range<Int>
    public let attributeRange: Range<Int>
    public let textRange: Range<Int>
    public let itemRange: Range<Int>

    private let specialTokens: [String: Int]
    private let attributeTokens: [String: Int]
    private let itemTokens: [String: Int]

    /// What part of the vocabulary a token belongs to.
    public enum Kind: Sendable, Equatable {
        case special, attribute, text, item
    }

    /// A vocabulary from its four parts.
    ///
    /// - Throws: `TokenizerError.invalidName` for a name that cannot appear in a
    ///   marker (empty, containing `<|`, `|>` or a control character; a special with
    ///   `=`; an attribute not of the form `column=label` or whose column is `item`),
    ///   `TokenizerError.duplicateName` for a name listed twice.
    /// - Complexity: O(S + A + I) for the specials, attributes and items.
    public init(specials: [String], attributes: [String], bpe: BPE, itemIDs: [String]) throws {
        self.specialTokens = try Self.index(specials, kind: "special", base: 0) { name in
            name.contains("=") ? "'=' is reserved for attribute and item markers" : nil
        }
        self.attributeTokens = try Self.index(attributes, kind: "attribute", base: specials.count) { name in
            guard let eq = name.firstIndex(of: "="), eq != name.startIndex else {
                return "an attribute is written 'column=label'"
            }
            if name.index(after: eq) == name.endIndex { return "the label after '=' is empty" }
            return name[..<eq] == "item" ? "the column name 'item' is reserved for item tokens" : nil
        }
        let textBase = specials.count + attributes.count
        self.itemTokens = try Self.index(itemIDs, kind: "item", base: textBase + bpe.count) { _ in nil }
        self.specials = specials
        self.attributes = attributes
        self.bpe = bpe
        self.itemIDs = itemIDs
        specialRange = 0..<specials.count
        attributeRange = specials.count..<textBase
        textRange = textBase..<(textBase + bpe.count)
        itemRange = textRange.upperBound..<(textRange.upperBound + itemIDs.count)
    }

    /// The number of tokens, all four ranges together.
    public var vocabSize: Int { itemRange.upperBound }
    /// The first item token: item token = `itemBase + item.index`.
    public var itemBase: Int { itemRange.lowerBound }

    /// Which range `token` is in, or nil if it is outside the vocabulary.
    public func kind(of token: Int) -> Kind? {
        if specialRange.contains(token) { return .special }
        if attributeRange.contains(token) { return .attribute }
        if textRange.contains(token) { return .text }
        if itemRange.contains(token) { return .item }
        return nil
    }

    /// The token of a special, by name without brackets (`"bos"`), or nil if there is none.
    public func token(special name: String) -> Int? { specialTokens[name] }

    /// The token of an attribute label (`"genres=Comedy"`), or nil if there is none.
    public func token(attribute label: String) -> Int? { attributeTokens[label] }

    /// The token of the item with the catalog's own id (`"2571"`), or nil if there is none.
    public func token(itemID id: String) -> Int? { itemTokens[id] }

    /// The token of the item at `index` (`Item.index`); `index` must be in `0..<itemIDs.count`.
    public func token(forItemIndex index: Int) -> Int {
        precondition(itemIDs.indices.contains(index), "item index \(index) outside 0..<\(itemIDs.count)")
        return itemBase + index
    }

    /// The item index (`Item.index`) a token stands for, or nil if it is not an item token.
    public func itemIndex(forToken token: Int) -> Int? {
        itemRange.contains(token) ? token - itemBase : nil
    }

    /// The marker of a special, attribute or item token (`"<|bos|>"`,
    /// `"<|genres=Comedy|>"`, `"<|item=2571|>"`); nil for text tokens and ids outside
    /// the vocabulary.
    public func marker(for token: Int) -> String? {
        switch kind(of: token) {
        case .special: return "<|\(specials[token])|>"
        case .attribute: return "<|\(attributes[token - attributeRange.lowerBound])|>"
        case .item: return "<|item=\(itemIDs[token - itemBase])|>"
        case .text, nil: return nil
        }
    }

    /// The tokens of untrusted text (what a user typed, a catalog title): BPE text
    /// tokens only. `<|…|>` in it stays text, so input cannot forge control tokens.
    ///
    /// - Complexity: O(n) in the text's length once its words are cached.
    public func encode(text: String) -> [Int] {
        let base = textRange.lowerBound
        return bpe.encode(text).map { $0 + base }
    }

    /// Text for a token sequence: text tokens as their UTF-8 text, other tokens as
    /// their markers, so `decode(encode(template: t)) == t` for a valid template.
    ///
    /// Bytes that do not form valid UTF-8 (a model can emit half a character)
    /// become U+FFFD, as does an id outside the vocabulary. Control characters come
    /// back as they went in: sanitize before drawing on a terminal.
    public func decode(_ tokens: some Sequence<Int>) -> String {
        var out = ""
        var pending: [Int] = []
        for token in tokens {
            if textRange.contains(token) {
                pending.append(token - textRange.lowerBound)
                continue
            }
            if !pending.isEmpty {
                out += bpe.decode(pending)
                pending.removeAll(keepingCapacity: true)
            }
            out += marker(for: token) ?? "\u{FFFD}"
        }
        if !pending.isEmpty { out += bpe.decode(pending) }
        return out
    }

    /// The token ids of `names` from `base` on, after checking each name.
    private static func index(_ names: [String], kind: String, base: Int,
                              rule: (String) -> String?) throws -> [String: Int] {
        var tokens: [String: Int] = [:]
        tokens.reserveCapacity(names.count)
        for (offset, name) in names.enumerated() {
            if let reason = markerProblem(name) ?? rule(name) {
                throw TokenizerError.invalidName(kind: kind, name: name, reason: reason)
            }
            guard tokens.updateValue(base + offset, forKey: name) == nil else {
                throw TokenizerError.duplicateName(kind: kind, name: name)
            }
        }
        return tokens
    }

    /// Why `name` cannot sit between `<|` and `|>`, or nil if it can.
    private static func markerProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.contains("<|") || name.contains("|>") { return "'<|' and '|>' delimit markers" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "it contains a control character"
        }
        return nil
    }
}
