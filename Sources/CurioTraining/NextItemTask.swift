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

    /// Items between the ends of consecutive windows, as a share of a window (1: windows
    /// meet end to end; ½: each item is predicted twice, once late in a window).
    public let stride: Double

    public init(template: TaskTemplate, tokenizer: Tokenizer, contextLength: Int, stride: Double = 1) {
        self.template = template
        self.tokenizer = tokenizer
        self.contextLength = contextLength
        self.stride = stride
    }

    /// One example per window of each user's history (histories are item indices).
    public func examples(histories: [[Int]]) throws -> [TrainingExample] {
        let prefix = try template.prompt(tokenizer: tokenizer, values: [:], stoppingAt: "history").count
        let room = contextLength - prefix
        guard room >= 2 else { throw TrainingError.options("the context (\(contextLength)) is too short for the next-item task") }
        var examples: [TrainingExample] = []
        for history in histories where history.count >= 2 {
            var end = history.count
            let step = max(1, Int((Double(room) * stride).rounded()))
            while end >= 2 {
                let start = max(0, end - room)
                let window = history[start..<end].map { tokenizer.token(forItemIndex: $0) }
                examples.append(try template.render(tokenizer: tokenizer,
                                                    values: ["history": .init(tokens: window, isItems: true)]))
                if start == 0 { break }
                end -= step
            }
        }
        return examples
    }
}
