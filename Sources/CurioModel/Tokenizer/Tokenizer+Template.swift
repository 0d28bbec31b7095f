extension Tokenizer {
    /// The tokens of a trusted prompt template: each `<|name|>` marker becomes its
    /// token, the text around markers is BPE-encoded as by `encode(text:)`.
    ///
    /// A marker names a special (`<|bos|>`), an attribute (`<|genres=Comedy|>`) or an
    /// item by the catalog's own id (`<|item=2571|>`). Templates are curio's own
    /// files under prompts/; never pass user text here (use `encode(text:)`).
    ///
    /// - Parameters:
    ///   - template: the template text.
    ///   - source: where it came from, for error messages (a file path).
    /// - Throws: `TokenizerError.unknownMarker` naming a marker this vocabulary lacks,
    ///   `TokenizerError.unterminatedMarker` for `<|` without `|>` on the same line,
    ///   each with the line and column.
    /// - Complexity: O(n) in the template's length once its words are cached.
    public func encode(template: String, source: String = "template") throws -> [Int] {
        let bytes = Array(template.utf8)
        let n = bytes.count
        var tokens: [Int] = []
        var textStart = 0
        var line = 1, lineStart = 0
        var i = 0
        func column(_ at: Int) -> Int {
            String(decoding: bytes[lineStart..<at], as: UTF8.self).unicodeScalars.count + 1
        }
        while i < n {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "|") else {
                i += 1
                continue
            }
            var j = i + 2
            while j + 1 < n, bytes[j] != UInt8(ascii: "\n"),
                  !(bytes[j] == UInt8(ascii: "|") && bytes[j + 1] == UInt8(ascii: ">")) {
                j += 1
            }
            guard j + 1 < n, bytes[j] == UInt8(ascii: "|"), bytes[j + 1] == UInt8(ascii: ">") else {
                throw TokenizerError.unterminatedMarker(source: source, line: line, column: column(i))
            }
            let name = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
            guard let token = token(marker: name) else {
                throw TokenizerError.unknownMarker(name: name, source: source, line: line, column: column(i))
            }
            if textStart < i {
                tokens += encode(text: String(decoding: bytes[textStart..<i], as: UTF8.self))
            }
            tokens.append(token)
            i = j + 2
            textStart = i
        }
        if textStart < n {
            tokens += encode(text: String(decoding: bytes[textStart..<n], as: UTF8.self))
        }
        return tokens
    }

    /// The token a marker names, given without its brackets: `"bos"`,
    /// `"genres=Comedy"` or `"item=2571"`; nil if the vocabulary has none.
    public func token(marker name: String) -> Int? {
        if name.hasPrefix("item=") { return token(itemID: String(name.dropFirst(5))) }
        if name.contains("=") { return token(attribute: name) }
        return token(special: name)
    }

    /// The text of a template between its markers, for a BPE training corpus: the
    /// markers have tokens of their own, so their spelling should not use up merges.
    ///
    /// Lenient where `encode(template:)` is strict: a `<|` that no `|>` closes on its
    /// line stays text, because a corpus only shapes merges.
    public static func textSegments(ofTemplate template: String) -> [String] {
        var segments: [String] = []
        var rest = Substring(template)
        while let open = rest.firstRange(of: "<|") {
            let lineEnd = rest[open.upperBound...].firstIndex(of: "\n") ?? rest.endIndex
            guard let close = rest[open.upperBound..<lineEnd].firstRange(of: "|>") else {
                segments.append(String(rest[..<lineEnd]))
                rest = rest[lineEnd...]
                continue
            }
            segments.append(String(rest[..<open.lowerBound]))
            rest = rest[close.upperBound...]
        }
        segments.append(String(rest))
        return segments.filter { !$0.isEmpty }
    }
}
