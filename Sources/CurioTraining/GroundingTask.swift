import CurioCatalog
import CurioEngine
import CurioModel

/// The *grounding* tasks: item → its facets and title (prompts/tasks/describe_item.txt)
/// and facets + title → the item (prompts/tasks/find_item.txt), so that the model knows
/// what each item token stands for, in the attribute tokens the dialogue state uses.
public struct GroundingTask: Sendable {
    public let describe: TaskTemplate
    public let find: TaskTemplate
    public let tokenizer: Tokenizer
    public let labels: FacetLabels

    public init(describe: TaskTemplate, find: TaskTemplate, tokenizer: Tokenizer, labels: FacetLabels) {
        self.describe = describe
        self.find = find
        self.tokenizer = tokenizer
        self.labels = labels
    }

    /// Both examples for each item in `items`.
    public func examples(items: some Sequence<Item>) throws -> [TrainingExample] {
        var out: [TrainingExample] = []
        for item in items {
            let facets = labels.labels(for: item).compactMap { tokenizer.token(attribute: $0) }
            let values: [String: TaskTemplate.Filling] = [
                "item": .init(tokens: [tokenizer.token(forItemIndex: item.index)], isItems: true),
                "facets": .init(tokens: facets),
                "title": .init(tokens: tokenizer.encode(text: " " + item.title)),
            ]
            out.append(try describe.render(tokenizer: tokenizer, values: values))
            out.append(try find.render(tokenizer: tokenizer, values: values))
        }
        return out
    }
}
