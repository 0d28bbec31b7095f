import CurioCatalog
import CurioDialogue
import CurioEvaluation
import CurioRandom

/// One turn of a simulated conversation, judged.
public struct TurnRecord: Sendable, Equatable, Codable {
    public var utterance: String
    /// The list shown (item indices, best first); empty when none was shown.
    public var items: [Int]
    public var question: String?
    /// The target is in `items`.
    public var hit: Bool
    /// Items that are not catalog indices.
    public var invalid: Int
    /// Items that fail the system's own hard constraints or are liked/disliked/seen.
    public var violations: Int
    /// Items shown in an earlier turn of the same conversation.
    public var repeats: Int
    /// What in the system's own state rules the target out, empty when nothing does:
    /// facets whose filter it fails ("genre", "year", …) and "excluded" when it counts
    /// as liked, disliked or seen. A misread fact (a title's year taken for a filter)
    /// shows here; no list can then find the target.
    public var targetRuledOutBy: [String]
    public var targetRuledOut: Bool { !targetRuledOutBy.isEmpty }
    /// For each fact newly said this turn: whether the system's state reflects it
    /// (nil for systems without a dialogue state).
    public var understood: [Bool]?
    /// The facts newly said this turn (kinds, for grouping).
    public var newFacts: [Fact]
}

/// One simulated user's whole conversation with one system.
public struct ConversationRecord: Sendable, Equatable, Codable {
    public var user: Int
    public var target: Int
    public var language: Language
    public var turns: [TurnRecord]
    /// The 1-based turn whose list held the target, nil when none did.
    public var successTurn: Int? { turns.firstIndex(where: \.hit).map { $0 + 1 } }
}

/// The loop: up to `maxTurns` turns of one user with one system, stopping at success.
///
/// A turn's utterance is the user's next fact, or, after a question, its answer: the
/// item it meant when offered several titles (by year when that tells them apart, else
/// by number; "either" when none is its own), the fact asked about when it knows one
/// it has not said yet, otherwise "no preference". An answer costs the user a turn,
/// as it would a person. When the user has nothing left to say the conversation ends.
public struct ConversationLoop: Sendable {
    public let catalog: Catalog
    public let simulator: UserSimulator
    public var maxTurns = 5

    public init(catalog: Catalog, simulator: UserSimulator) {
        self.catalog = catalog
        self.simulator = simulator
    }

    /// Runs one conversation.
    ///
    /// - Throws: whatever the system throws for a turn.
    public func run(_ user: SimulatedUser, with system: inout some Counterpart) throws -> ConversationRecord {
        system.startConversation()
        var random = SeededGenerator(seed: user.answerSeed)
        let book = simulator.phrasebook(user.language)
        var remaining = Array(zip(user.facts, user.utterances))
        var stated: [Fact] = []
        var shownBefore = Set<Int>()
        var answer: (text: String, fact: Fact?)?
        var turns: [TurnRecord] = []
        for _ in 0..<maxTurns {
            let utterance: String
            var newFacts: [Fact] = []
            if let next = answer {
                utterance = next.text
                if let fact = next.fact { newFacts = [fact] }
                answer = nil
            } else if !remaining.isEmpty {
                let (fact, text) = remaining.removeFirst()
                utterance = text
                newFacts = [fact]
            } else {
                break
            }
            stated += newFacts
            let reply = try system.respond(to: SimulatedTurn(utterance: utterance, stated: stated))
            let record = judge(reply, utterance: utterance, newFacts: newFacts, target: user.target, shownBefore: shownBefore)
            shownBefore.formUnion(reply.items)
            turns.append(record)
            if record.hit { break }
            if reply.question != nil {
                answer = respond(toQuestion: reply, user: user, stated: stated, remaining: &remaining,
                                 book: book, random: &random)
            }
        }
        return ConversationRecord(user: user.user, target: user.target, language: user.language, turns: turns)
    }

    /// Counts hits, invalid ids, violations and repeats in one reply.
    func judge(_ reply: TurnReply, utterance: String, newFacts: [Fact], target: Int, shownBefore: Set<Int>) -> TurnRecord {
        let valid = reply.items.filter { catalog.items.indices.contains($0) }
        let violations = valid.filter { item in
            reply.excluded.contains(item) || !reply.constraints.verdict(for: catalog.items[item]).passes
        }.count
        return TurnRecord(utterance: utterance, items: reply.items, question: reply.question,
                          hit: reply.items.contains(target), invalid: reply.items.count - valid.count,
                          violations: violations, repeats: valid.filter(shownBefore.contains).count,
                          targetRuledOutBy: Self.rulingOut(catalog.items[target], reply),
                          understood: reply.state.map { state in newFacts.map { $0.isReflected(in: state) } },
                          newFacts: newFacts)
    }

    /// The facets of `reply`'s constraints that `target` fails, and "excluded".
    static func rulingOut(_ target: Item, _ reply: TurnReply) -> [String] {
        var causes: [String] = []
        let c = reply.constraints
        for facet in Facet.allCases {
            var only = HardConstraints()
            only.strictFacets = c.strictFacets
            switch facet {
            case .genre: only.includeGenres = c.includeGenres; only.excludeGenres = c.excludeGenres; only.anyGenres = c.anyGenres
            case .year: only.year = c.year
            case .runtime: only.runtime = c.runtime
            case .rating: only.minimumRating = c.minimumRating
            case .mpaa: only.mpaaAllowed = c.mpaaAllowed; only.mpaaExcluded = c.mpaaExcluded
            }
            if !only.verdict(for: target).passes { causes.append(facet.rawValue) }
        }
        if reply.excluded.contains(target.index) { causes.append("excluded") }
        return causes
    }

    /// The user's truthful answer to a question, and the fact it states if any.
    func respond(toQuestion reply: TurnReply, user: SimulatedUser, stated: [Fact],
                 remaining: inout [(Fact, String)], book: Phrasebook,
                 random: inout SeededGenerator) -> (text: String, fact: Fact?) {
        func line(_ section: Phrasebook.Section) -> String { book.lines[section]!.randomElement(using: &random)! }
        if !reply.candidates.isEmpty {
            // "Which one did you mean?": the user knows which of its liked items it named.
            let liked = Set(user.facts.likedItems)
            guard let position = reply.candidates.firstIndex(where: liked.contains) else {
                return (line(.answerEither), nil)
            }
            let meant = reply.candidates[position]
            let year = catalog.items[meant].year
            let sameYear = reply.candidates.filter { catalog.items.indices.contains($0) && catalog.items[$0].year == year }
            if let year, sameYear.count == 1 {
                return (Phrasebook.fill(line(.answerYear), ["year": "\(year)"]), nil)
            }
            return (Phrasebook.fill(line(.answerNumber), ["number": "\(position + 1)"]), nil)
        }
        // A clarifying question about a facet: tell the unsaid fact of that facet, if any.
        if let facet = reply.askedFacet, let i = remaining.firstIndex(where: { $0.0.facet == facet }) {
            let (fact, text) = remaining.remove(at: i)
            return (text, fact)
        }
        if let facet = reply.askedFacet, let fact = stated.last(where: { $0.facet == facet }) {
            return (simulator.say(fact, in: book, random: &random), fact)
        }
        return (line(.answerUnknown), nil)
    }
}
