/// What can go wrong in the engine, with messages a user can act on.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// A model file that does not fit its tokenizer or catalog.
    case mismatchedModel(String)
    /// A missing or malformed template or resource under prompts/.
    case resource(String)
    /// A template file (path) and what is wrong with it.
    case template(String, String)

    public var description: String {
        switch self {
        case .mismatchedModel(let why): "model does not fit: \(why)"
        case .resource(let why): why
        case .template(let path, let why): "\(path): \(why)"
        }
    }
}

extension EngineError {
    /// No model file where one was expected; says how to make one.
    public static func missingModel(_ path: String) -> EngineError {
        .resource("no model at \(path): train one with `curio train --out \(path)` "
                  + "(a few minutes for a small one), or pass --model FILE")
    }
}
