import CurioEngine
import CurioModel

/// The *next item* task (prompts/tasks/next_item.txt): each user's training history,
/// most recent last, with every item learnt from the items before it.
///
/// A history longer than the context is cut into windows from its end backwards, so
/// the most recent items always appear with as much history as fits; every window
/// starts with the template's prefix. Causal attention makes one window train every
/// prefix at once, as in SASRec (Kang & McAuley 2018).
public struct NextItemTask: Sendable {
    public let template: TaskTemplate
    public let tokenizer: Tokenizer
    /// Longest example, in tokens (the model's context).
    public let contextLength: Int

    public init(template: TaskTemplate, tokenizer: Tokenizer, contextLength: Int) {
        self.template = template
        self.tokenizer = tokenizer
        self.contextLength = contextLength
    }

    /// One example per window of each user's history (histories are item indices).
    public func examples(histories: [[Int]]) throws -> [TrainingExample] {
        let prefix = try template.prompt(tokenizer: tokenizer, values: [:], stoppingAt: "history").count
        let room = contextLength - prefix
        guard room >= 2 else { throw TrainingError.options("the context (\(contextLength)) is too short for the next-item task") }
        var examples: [TrainingExample] = []
        for history in histories where history.count >= 2 {
            var end = history.count
            while end >= 2 {
                let start = max(0, end - room)
                let window = history[start..<end].map { tokenizer.token(forItemIndex: $0) }
                examples.append(try template.render(tokenizer: tokenizer,
                                                    values: ["history": .init(tokens: window, isItems: true)]))
                end = start
            }
        }
        return examples
    }
}
