import Foundation

extension Tokenizer {
    /// A vocabulary whose text tokens are learned from `corpus`.
    ///
    /// What goes into `corpus` is the caller's choice; for a catalog it is the item
    /// titles, the facet values and the text of the prompt templates, so the words
    /// the model reads most get the fewest tokens.
    ///
    /// - Parameters:
    ///   - specials: special token names, e.g. from `specials(fromFile:)`.
    ///   - attributes: `column=label` names, e.g. `FacetLabels.all`.
    ///   - corpus: the strings BPE learns merges from.
    ///   - itemIDs: the catalog's own ids, in `Item.index` order.
    ///   - trainer: merge count and minimum pair frequency.
    /// - Throws: what `init(specials:attributes:bpe:itemIDs:)` throws.
    /// - Complexity: dominated by BPE training; see `BPETrainer.train(on:)`.
    public static func train(specials: [String], attributes: [String], corpus: some Sequence<String>,
                             itemIDs: [String], trainer: BPETrainer = BPETrainer()) throws -> Tokenizer {
        try Tokenizer(specials: specials, attributes: attributes,
                      bpe: trainer.train(on: corpus), itemIDs: itemIDs)
    }

    /// The strings to learn a catalog's text tokens from: its titles, its attribute
    /// labels and the text of its prompt templates.
    ///
    /// Titles and labels go in twice, as written and lower-cased, each after a space:
    /// in a prompt a title follows other words (" The Matrix"), and people type
    /// "the matrix" and "comedy". Measured on MovieLens with 2,000 merges, the
    /// lower-cased copies cut a lower-cased title from 8.7 to 6.9 tokens on average
    /// for 0.4 more tokens per title as written (6.6 to 7.0). Template markers are left out (see
    /// `textSegments(ofTemplate:)`).
    ///
    /// - Parameters:
    ///   - titles: item titles, as people say them ("The Matrix").
    ///   - attributes: `column=label` names; only the label part is text.
    ///   - templates: the full text of prompt templates, markers included.
    /// - Complexity: O(total length of the inputs).
    public static func trainingCorpus(titles: [String], attributes: [String],
                                      templates: [String]) -> [String] {
        var corpus: [String] = []
        corpus.reserveCapacity(2 * (titles.count + attributes.count))
        let labels = attributes.map { name in
            name.firstIndex(of: "=").map { String(name[name.index(after: $0)...]) } ?? name
        }
        for text in titles + labels {
            corpus.append(" " + text)
            let lower = text.lowercased()
            if lower != text { corpus.append(" " + lower) }
        }
        for template in templates { corpus += textSegments(ofTemplate: template) }
        return corpus
    }

    /// The special token names listed in a file such as prompts/special_tokens.txt.
    ///
    /// See `specials(parsing:path:)` for the format.
    /// - Throws: `TokenizerError.invalidSpecialsFile` naming the file and line, or the
    ///   file system's error when it cannot be read.
    public static func specials(fromFile path: String) throws -> [String] {
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        return try specials(parsing: contents, path: path)
    }

    /// The special token names in the text of a special token list.
    ///
    /// One marker per line (`<|bos|>`), in token order; blank lines and lines starting
    /// with `#` are ignored, so the list can be commented and grown. Returns the names
    /// without brackets.
    ///
    /// - Throws: `TokenizerError.invalidSpecialsFile` with `path` and the line number
    ///   for a line that is not a single `<|name|>`, a name with `=` (reserved for
    ///   attributes and items), or a name listed twice.
    public static func specials(parsing contents: String, path: String) throws -> [String] {
        var names: [String] = []
        var firstLine: [String: Int] = [:]
        for (offset, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ reason: String) -> TokenizerError {
                .invalidSpecialsFile(path: path, line: lineNumber, reason: reason)
            }
            guard line.hasPrefix("<|"), line.hasSuffix("|>"), line.count > 4 else {
                throw fail("expected one special token marker such as '<|bos|>', found '\(line)'")
            }
            let name = String(line.dropFirst(2).dropLast(2))
            if name.contains("<|") || name.contains("|>") || name.contains(where: \.isWhitespace) {
                throw fail("'\(line)' is not a single marker (one per line, no spaces in a name)")
            }
            if name.contains("=") {
                throw fail("'<|\(name)|>': '=' is reserved for attribute and item markers")
            }
            if let first = firstLine[name] {
                throw fail("'<|\(name)|>' is already listed on line \(first)")
            }
            firstLine[name] = lineNumber
            names.append(name)
        }
        return names
    }
}
