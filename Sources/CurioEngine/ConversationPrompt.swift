import CurioCatalog
import CurioDialogue
import CurioModel

/// The run-time prompt of a chat turn: prompts/tasks/conversation.txt up to `{targets}`,
/// filled exactly as `CurioTraining.ConversationTask` fills it for training — the
/// liked items as item tokens, `" " + utterance` as text, and the dialogue state
/// rendered by prompts/state.txt — so the model sees at run time what it learned from.
///
/// The prompt must leave room for the list in the model's context. When it does not
/// fit, the cheapest information goes first: the utterance is cut (the state already
/// holds what was understood of it), then the oldest liked items of `{liked}` (the
/// state lists them again), and as a last resort the start of the state.
public struct ConversationPrompt: Sendable {
    public let template: TaskTemplate
    public let stateTemplate: StateTemplate
    /// Most liked items put in `{liked}`: training used at most five.
    public var likedLimit = 5
    /// Most utterance tokens kept.
    public var utteranceTokenLimit = 48

    public init(template: TaskTemplate, stateTemplate: StateTemplate) {
        self.template = template
        self.stateTemplate = stateTemplate
    }

    /// Loads prompts/tasks/conversation.txt and prompts/state.txt.
    public static func load(prompts: String) throws -> ConversationPrompt {
        let template = try TaskTemplate.load("conversation", prompts: prompts)
        guard template.valueNames.contains("targets") else {
            throw EngineError.template(template.source, "the conversation template needs a {targets} value")
        }
        return ConversationPrompt(template: template,
                                  stateTemplate: try StateTemplate.load(path: prompts + "/state.txt"))
    }

    /// The prompt tokens for `state` and `utterance`, at most `budget` tokens long.
    ///
    /// - Throws: `EngineError` when the template names a token the tokenizer lacks
    ///   (a model trained with other prompts).
    /// - Complexity: O(state size + utterance length).
    public func tokens(state: DialogueState, utterance: String, catalog: Catalog, tokenizer: Tokenizer,
                       budget: Int) throws -> [Int32] {
        let stateText = Self.droppingUnknownAttributes(StatePrompt.render(state, catalog: catalog, template: stateTemplate),
                                                       tokenizer: tokenizer)
        let stateTokens: [Int]
        do { stateTokens = try tokenizer.encode(template: stateText, source: "prompts/state.txt") } catch {
            throw EngineError.mismatchedModel("the model's vocabulary cannot write the dialogue state: \(error)")
        }
        var liked = Array(state.liked.suffix(likedLimit))
        var said = Array(tokenizer.encode(text: " " + utterance).prefix(utteranceTokenLimit))
        func build() throws -> [Int] {
            try template.prompt(tokenizer: tokenizer, values: [
                "liked": .init(tokens: liked.map { tokenizer.token(forItemIndex: $0) }, isItems: true),
                "utterance": .init(tokens: said),
                "state": .init(tokens: stateTokens),
            ], stoppingAt: "targets")
        }
        var prompt = try build()
        while prompt.count > budget, !said.isEmpty {
            said.removeLast(min(said.count, prompt.count - budget))
            prompt = try build()
        }
        while prompt.count > budget, !liked.isEmpty {
            liked.removeFirst()
            prompt = try build()
        }
        if prompt.count > budget, budget >= 2 {
            // Keep <|bos|> and the end of the state, which holds the latest constraints.
            prompt = [prompt[0]] + prompt.suffix(budget - 1)
        }
        return prompt.map(Int32.init)
    }

    /// `text` without the attribute markers (`<|year=2020s|>`) this vocabulary lacks.
    ///
    /// A bound can reach past the catalog ("2010 to 2025" covers the 2020s, which no
    /// MovieLens item has, so no token exists): the marker carries no information the
    /// model could use, and the bound itself is still written as text.
    static func droppingUnknownAttributes(_ text: String, tokenizer: Tokenizer) -> String {
        guard text.contains("=") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<|") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "|>") else { rest = rest[open.lowerBound...]; break }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if !name.contains("=") || name.hasPrefix("item=") || tokenizer.token(marker: name) != nil {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
