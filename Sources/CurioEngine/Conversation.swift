import CurioDialogue

/// One person's conversation with the engine: the dialogue tracker (state + undo
/// history) and every item shown so far, so "more" never repeats one.
///
/// A value: the chat, `curio ask` and every `serve` session each hold their own, and
/// `Engine.respond(to:in:)` advances it. Copying it forks the conversation.
public struct Conversation: Sendable, Equatable, Codable {
    public internal(set) var tracker = DialogueTracker()
    /// Every item shown in this conversation, in the order shown (an ordered set).
    public internal(set) var shown: [Int] = []
    /// The one-line reason shown with each item of the latest list.
    public internal(set) var reasons: [Int: String] = [:]

    public init() {}

    /// A conversation that starts from `state` (a saved profile's likes, dislikes and seen items).
    public init(state: DialogueState) { tracker = DialogueTracker(state: state) }

    /// The dialogue state after the latest turn.
    public var state: DialogueState { tracker.state }

    /// Whether every item this conversation names exists in a catalog of `itemCount`
    /// items and the dialogue state is sound: a conversation read back from disk
    /// (`curio --resume`) must pass before it is used.
    public func isValid(itemCount: Int) -> Bool {
        let s = tracker.state
        let items = s.liked + s.disliked + s.seen + s.avoid + s.lastShown + shown + Array(reasons.keys)
            + (s.focus.map { [$0] } ?? []) + (s.pendingChoice?.candidates ?? [])
        return items.allSatisfy { (0..<itemCount).contains($0) } && s.check().isEmpty
            && tracker.history.allSatisfy { $0.check().isEmpty }
    }

    /// Records a list just shown: "#2" now points into it and "more" skips it.
    mutating func record(_ items: [Recommendation]) {
        tracker.recordShown(items.map(\.item))
        let already = Set(shown)
        shown += items.map(\.item).filter { !already.contains($0) }
        reasons = Dictionary(items.map { ($0.item, $0.reason) }, uniquingKeysWith: { a, _ in a })
    }
}

/// One recommended item with its one-line reason.
public struct Recommendation: Sendable, Equatable {
    /// `Item.index`.
    public var item: Int
    public var reason: String
    /// log p(item | prompt, earlier items) under the constrained decoder.
    public var logProbability: Float
}

/// What the engine answers to one turn.
public struct EngineReply: Sendable, Equatable {
    /// The text a person is shown, in the user's language.
    public var text: String
    /// A new list, best first; nil keeps the list on screen, empty clears it.
    public var items: [Recommendation]?
    /// A clarifying question, or nil: "which one did you mean?" (with `candidates`) or
    /// a question about a facet (with `questionFacet` and `questionOptions`), options
    /// included in the text.
    public var question: String?
    /// The items a question offers, in the order it numbers them.
    public var candidates: [Int] = []
    /// The facet a clarifying question asks about (nil for "which one did you mean?").
    public var questionFacet: Facet?
    /// The answers a clarifying question offers, in the order it numbers them (1-based
    /// for the user: "2" or "the second" picks `questionOptions[1]`).
    public var questionOptions: [String] = []
    /// The answer to "why #n".
    public var explanation: WhyExplanation?
    /// Facets dropped because nothing satisfied all of them, least important first.
    public var relaxed: [Facet] = []
    public var language: Language

    public init(text: String, items: [Recommendation]? = nil, question: String? = nil,
                language: Language) {
        self.text = text
        self.items = items
        self.question = question
        self.language = language
    }
}
