/// Why a vocabulary, a template or a stored tokenizer was rejected.
///
/// Every message names the offending token, marker or file position, so the person
/// who wrote the template, the special token list or the catalog can fix it.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// A name that cannot be a token: empty, contains `<|`, `|>` or a control
    /// character, or breaks the rules of its kind (a special with `=`, an attribute
    /// without `column=`).
    case invalidName(kind: String, name: String, reason: String)
    /// The same name twice in one part of the vocabulary.
    case duplicateName(kind: String, name: String)
    /// A template marker `<|name|>` the vocabulary has no token for.
    case unknownMarker(name: String, source: String, line: Int, column: Int)
    /// A template `<|` with no `|>` after it on the same line.
    case unterminatedMarker(source: String, line: Int, column: Int)
    /// A bad line in a special token list such as prompts/special_tokens.txt.
    case invalidSpecialsFile(path: String, line: Int, reason: String)
    /// A stored merge that is not a valid continuation of the merges before it.
    case invalidMerge(index: Int, reason: String)
    /// A stored tokenizer written in a format this build does not read.
    case unsupportedFormat(version: Int)

    public var description: String {
        switch self {
        case let .invalidName(kind, name, reason):
            return "invalid \(kind) token name '\(name)': \(reason)"
        case let .duplicateName(kind, name):
            return "\(kind) token '\(name)' is listed twice"
        case let .unknownMarker(name, source, line, column):
            return "\(source):\(line):\(column): unknown token marker '<|\(name)|>'"
                + " (not a special token, attribute label or item id of this vocabulary)"
        case let .unterminatedMarker(source, line, column):
            return "\(source):\(line):\(column): '<|' starts a token marker but no '|>' closes it on that line"
        case let .invalidSpecialsFile(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .invalidMerge(index, reason):
            return "BPE merge \(index): \(reason)"
        case let .unsupportedFormat(version):
            return "tokenizer format version \(version) is not supported by this build of curio"
                + " (it reads version \(Tokenizer.formatVersion)); retrain or upgrade curio"
        }
    }
}
