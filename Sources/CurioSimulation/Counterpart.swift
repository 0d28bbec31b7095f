import CurioCatalog
import CurioDialogue
import CurioEngine

/// What a simulated user says in one turn.
public struct SimulatedTurn: Sendable {
    /// The sentence typed this turn (a fact, or an answer to a question).
    public var utterance: String
    /// Every fact said so far, this turn's included, in the order said.
    public var stated: [Fact]
}

/// What a system answers to one turn, with what the simulator needs to judge it.
public struct TurnReply: Sendable {
    /// The list shown, best first (empty when the turn showed none).
    public var items: [Int]
    /// A question back to the user, or nil.
    public var question: String?
    /// The items a "which one did you mean?" question offers.
    public var candidates: [Int] = []
    /// The facet a clarifying question asks about, when the system says.
    public var askedFacet: Facet?
    /// The hard constraints the list must satisfy (the system's own view of them).
    public var constraints: HardConstraints
    /// Items the list must not contain (liked, disliked, seen).
    public var excluded: Set<Int>
    /// The system's dialogue state after the turn, when it keeps one (curio).
    public var state: DialogueState?

    public init(items: [Int], question: String? = nil, candidates: [Int] = [], askedFacet: Facet? = nil,
                constraints: HardConstraints, excluded: Set<Int>, state: DialogueState? = nil) {
        self.items = items
        self.question = question
        self.candidates = candidates
        self.askedFacet = askedFacet
        self.constraints = constraints
        self.excluded = excluded
        self.state = state
    }
}

/// A system a simulated user talks to: curio's engine, or a reference recommender
/// that reads the stated facts directly.
public protocol Counterpart {
    /// The name in reports.
    var name: String { get }
    /// Its setting in reports ("k=500"), or empty.
    var setting: String { get }
    /// Forgets the conversation: the next turn starts a new one.
    mutating func startConversation()
    /// Answers one turn of the current conversation.
    mutating func respond(to turn: SimulatedTurn) throws -> TurnReply
}

/// curio itself: every turn goes through `Engine.respond(to:in:)` on a fresh
/// `Conversation`, exactly as typed into the chat.
public struct EngineCounterpart: Counterpart, Sendable {
    public let engine: Engine
    public var name: String { "curio" }
    public var setting: String { "" }
    var conversation = Conversation()

    public init(engine: Engine) { self.engine = engine }

    public mutating func startConversation() { conversation = Conversation() }

    /// - Complexity: one engine turn (see `Engine.respond(to:in:)`).
    public mutating func respond(to turn: SimulatedTurn) throws -> TurnReply {
        let askedBefore = conversation.state.askedFacets
        let reply = try engine.respond(to: turn.utterance, in: &conversation)
        let state = conversation.state
        // A relaxed facet was dropped openly (the reply says so): the list is judged
        // against the constraints that were actually applied.
        var constraints = state.constraints
        for facet in reply.relaxed { constraints = constraints.relaxing(facet) }
        let asked = state.askedFacets.first { !askedBefore.contains($0) }
        return TurnReply(items: reply.items?.map(\.item) ?? [], question: reply.question, candidates: reply.candidates,
                         askedFacet: reply.question == nil ? nil : asked, constraints: constraints,
                         excluded: ConstraintMask.exclusions(of: state), state: state)
    }
}
