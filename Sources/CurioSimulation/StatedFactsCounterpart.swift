import CurioCatalog
import CurioDialogue
import CurioEngine

/// A diagnostic, not a system: curio's model and constrained decoder given the dialogue
/// state that the stated facts mean (the liked items, the filters the references use),
/// instead of the state its understanding derived from the sentences.
///
/// Beside `EngineCounterpart` in the same run, the gap between the two rows is what
/// understanding the simulator's phrasings costs; the gap between this row and the
/// references is the model's ranking alone. The user's sentence is still the prompt's
/// utterance, as in a real turn.
public struct StatedFactsCounterpart: Counterpart, Sendable {
    public let engine: Engine
    public var name: String { "curio, facts as state" }
    public var setting: String { "" }
    /// Items shown so far in this conversation: passed over, as in a real turn.
    var shown: [Int] = []

    public init(engine: Engine) { self.engine = engine }

    public mutating func startConversation() { shown = [] }

    /// - Complexity: one `Engine.generate(state:utterance:)`.
    public mutating func respond(to turn: SimulatedTurn) throws -> TurnReply {
        var state = DialogueState()
        state.liked = turn.stated.likedItems.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        state.constraints = turn.stated.constraints
        state.request = turn.utterance
        state.turn = turn.stated.count
        let (list, _, constraints) = try engine.generate(state: state, utterance: turn.utterance,
                                                         passedOver: shown.filter { !state.liked.contains($0) })
        for item in list.items where !shown.contains(item) { shown.append(item) }
        return TurnReply(items: list.items, constraints: constraints, excluded: ConstraintMask.exclusions(of: state))
    }
}
