import Foundation
import CurioModel

/// A training-task template from prompts/tasks/: tokens, values and what is learnt.
///
/// Syntax: `#` lines are comments; the other lines are joined with nothing between
/// them; `<|name|>` is a token of the tokenizer; `{name}` a value the task fills in;
/// a `!` right after either means the model learns to predict it. Keeping the layout
/// of every task in a text file means the prompt formats are data: docs/model.md shows
/// them, and the engine builds run-time prompts from the same files.
public struct TaskTemplate: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case token(String, learnt: Bool)
        case value(String, learnt: Bool)
        case text(String)
    }
    public let parts: [Part]
    public let source: String

    public init(parsing text: String, source: String) throws {
        self.source = source
        let body = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }.joined()
        var parts: [Part] = []
        var rest = Substring(body)
        var literal = ""
        func learntMark() -> Bool {
            if rest.first == "!" { rest = rest.dropFirst(); return true }
            return false
        }
        while let c = rest.first {
            if rest.hasPrefix("<|"), let end = rest.range(of: "|>") {
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                let name = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])
                rest = rest[end.upperBound...]
                parts.append(.token(name, learnt: learntMark()))
            } else if c == "{", let end = rest.firstIndex(of: "}") {
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                let name = String(rest[rest.index(after: rest.startIndex)..<end])
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) else {
                    throw EngineError.template(source, "a value name must be letters, found {\(name)}")
                }
                rest = rest[rest.index(after: end)...]
                parts.append(.value(name, learnt: learntMark()))
            } else {
                literal.append(c)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// Loads `prompts/tasks/NAME.txt` from the prompts directory.
    public static func load(_ name: String, prompts: String) throws -> TaskTemplate {
        let path = prompts + "/tasks/" + name + ".txt"
        guard let text = readTextFile(path) else { throw EngineError.template(path, "cannot read the file") }
        return try TaskTemplate(parsing: text, source: path)
    }

    /// The names of the values this template needs.
    public var valueNames: [String] {
        parts.compactMap { if case .value(let n, _) = $0 { n } else { nil } }
    }

    /// A value: its tokens and, if learnt, over which part of the vocabulary.
    public struct Filling: Sendable {
        public var tokens: [Int]
        /// Item tokens are learnt over the items only; anything else over the vocabulary.
        public var isItems: Bool
        public init(tokens: [Int], isItems: Bool = false) { self.tokens = tokens; self.isItems = isItems }
    }

    /// The example this template makes from `values`; nil if a value is missing.
    public func render(tokenizer: Tokenizer, values: [String: Filling]) throws -> TrainingExample {
        var example = TrainingExample()
        for part in parts {
            switch part {
            case .token(let name, let learnt):
                guard let token = tokenizer.token(marker: name) else {
                    throw EngineError.template(source, "unknown token <|\(name)|>")
                }
                example.append(token, learnt ? (tokenizer.itemRange.contains(token) ? .item : .text) : .context)
            case .value(let name, let learnt):
                guard let value = values[name] else { throw EngineError.template(source, "no value for {\(name)}") }
                example.append(contentsOf: value.tokens, learnt ? (value.isItems ? .item : .text) : .context)
            case .text(let text):
                example.append(contentsOf: tokenizer.encode(text: text))
            }
        }
        return example
    }

    /// The tokens of this template up to (not including) the first value named `stop`,
    /// with the values before it filled in: a run-time prompt that ends where the model
    /// is to continue.
    public func prompt(tokenizer: Tokenizer, values: [String: Filling], stoppingAt stop: String) throws -> [Int] {
        var tokens: [Int] = []
        for part in parts {
            switch part {
            case .token(let name, _):
                guard let token = tokenizer.token(marker: name) else {
                    throw EngineError.template(source, "unknown token <|\(name)|>")
                }
                tokens.append(token)
            case .value(let name, _):
                if name == stop { return tokens }
                guard let value = values[name] else { throw EngineError.template(source, "no value for {\(name)}") }
                tokens += value.tokens
            case .text(let text):
                tokens += tokenizer.encode(text: text)
            }
        }
        return tokens
    }
}

/// The whole of a UTF-8 text file, or nil if it cannot be read.
public func readTextFile(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(data: data, encoding: .utf8)
}
