import CurioCatalog
import CurioDialogue

extension Engine {
    /// One chat turn: what the user typed → the reply, advancing `conversation`.
    ///
    /// Never fails on user input: an empty or overlong line, control characters,
    /// unknown titles and references that point at nothing all get a helpful reply.
    /// - Throws: only `EngineError` for a model that does not fit its prompts.
    /// - Complexity: one prefill of the prompt plus `listLength × beamWidth` decode
    ///   steps, each O(items·C) for the item logits; O(items) for the mask.
    public func respond(to utterance: String, in conversation: inout Conversation) throws -> EngineReply {
        var text = utterance.sanitizedForTerminal.trimmingSpaces
        let language = Language(detectingIn: String(String.UnicodeScalarView(text.unicodeScalars.prefix(200))))
        var preface = ""
        let length = text.unicodeScalars.count
        if length > Self.utteranceLimit {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(Self.utteranceLimit)))
            preface = replies.text("too.long", language, ["length": "\(length)", "limit": "\(Self.utteranceLimit)"])
        }
        guard !text.isEmpty else { return EngineReply(text: replies.text("empty", language), language: language) }
        // A pending clarifying question takes the utterance first ("the first" is its
        // first option, not list item #1); it survives only chit-chat and nonsense.
        let question = conversation.state.pendingQuestion
        var interpretation = understanding.interpret(text)
        let answered = question.flatMap { $0.answer(to: interpretation) }
        if let answered { interpretation = answered }
        let acts = interpretation.acts
        let lang = interpretation.language
        func prefixed(_ reply: EngineReply) -> EngineReply {
            var r = reply
            r.text = preface + r.text
            return r
        }

        // Acts that are not state updates are answered without touching the tracker,
        // so they do not become steps of "undo".
        let talk = acts.filter { if case .chitChat = $0 { true } else if case .unknown = $0 { true } else { false } }
        let rest = acts.filter { act in !talk.contains(act) }
        // "any suggestions?", "either", or an answer of no preference: a list as things stand.
        let wantsList = answered != nil || talk.contains(.chitChat("request")) || talk.contains(.chitChat("indifferent"))
        if rest.isEmpty, !wantsList {
            if case .chitChat(let what)? = talk.first, replies.has("chat.\(what)", lang) {
                return prefixed(EngineReply(text: replies.text("chat.\(what)", lang), language: lang))
            }
            return prefixed(EngineReply(text: replies.text("help", lang), language: lang))
        }
        conversation.tracker.dismissQuestion()  // answered now, or passed over
        if !rest.isEmpty, rest.allSatisfy({ $0 == .more }) {
            return prefixed(try more(in: &conversation, language: lang))
        }
        if !rest.isEmpty, rest.allSatisfy({ if case .askWhy = $0 { true } else { false } }) {
            var probe = conversation.tracker
            probe.dismissChoice()  // "why #2" asks about the list on screen, not a "which one?" option
            let notes = probe.apply(interpretation, facts: catalog)
            guard !notes.contains(where: { if case .unresolved = $0 { true } else { false } }),
                  let item = probe.state.focus else {
                return prefixed(EngineReply(text: replies.text("why.unknown", lang), language: lang))
            }
            return prefixed(try why(item: item, in: conversation, language: lang))
        }

        let before = conversation.state
        let notes = conversation.tracker.apply(interpretation, facts: catalog)
        for note in notes {
            // With two ambiguous titles in one sentence the later one's choice is pending: ask that one.
            if case .askWhich = note, let choice = conversation.state.pendingChoice, !choice.candidates.isEmpty {
                return prefixed(try listAskingWhich(choice, in: &conversation, utterance: interpretation.text, language: lang))
            }
        }
        if notes.contains(.reset), rest.allSatisfy({ $0 == .reset }) {
            conversation.shown = []
            conversation.reasons = [:]
            conversation.tracker.recordShown([])
            return prefixed(EngineReply(text: replies.text("reset", lang), items: [], language: lang))
        }
        if notes.contains(.nothingToUndo), rest.allSatisfy({ $0 == .undo }) {
            return prefixed(EngineReply(text: replies.text("undo.nothing", lang), language: lang))
        }
        let unresolved = notes.compactMap { if case .unresolved(let r) = $0 { r } else { nil } }
        if !unresolved.isEmpty, sameRequest(before, conversation.state) {
            // "#7" of five points past the list; "I loved “Blorft”" names no film we know.
            let pointsIntoList = unresolved.contains { r in
                switch r {
                case .shown, .last, .year, .allShown: true
                case .item, .focus: false
                }
            }
            let count = conversation.state.lastShown.count
            return prefixed(EngineReply(text: replies.text(pointsIntoList ? "ask.unresolved" : "ask.unresolved.title", lang,
                                                           ["count": "\(count)"]), language: lang))
        }
        if notes.contains(.undone) { preface += replies.text("undone", lang) }
        let utteranceText = notes.contains(.undone) ? conversation.state.request : interpretation.text
        return prefixed(try recommendOrAsk(in: &conversation, utterance: utteranceText, alsoExcluded: Set(conversation.state.avoid),
                                           mayAsk: question == nil, demotingShown: !notes.contains(.undone), language: lang))
    }

    /// A title matched several items: the list for its likeliest reading (which the
    /// state already holds, `PendingChoice.assumed`) with the question which one was
    /// meant, so the turn is not lost to the question. The question stays open under
    /// the list: "#2" or "the 1986 one" next picks a candidate, not a list item.
    func listAskingWhich(_ choice: DialogueState.PendingChoice, in conversation: inout Conversation,
                         utterance: String, language: Language) throws -> EngineReply {
        let candidates = choice.candidates
        let offered = candidates.prefix(6).enumerated().map { "#\($0.offset + 1) \(titleWithYear($0.element))" }
        let question = replies.text("ask.which", language, ["candidates": replies.list(offered, language),
                                                            "title": titleWithYear(choice.assumed ?? candidates[0])])  // never empty: respond checks
        var reply = try recommend(in: &conversation, utterance: utterance, alsoExcluded: Set(conversation.state.avoid),
                                  more: false, language: language)
        conversation.tracker.reopen(choice)
        reply.question = question
        reply.candidates = Array(candidates.prefix(6))
        return reply
    }

    /// The next `listLength` items for the same state, excluding every item shown in
    /// this conversation ("more", `/more`).
    public func more(in conversation: inout Conversation, language: Language? = nil) throws -> EngineReply {
        let lang = language ?? conversation.state.language
        conversation.tracker.dismissQuestion()
        return try recommend(in: &conversation, utterance: conversation.state.request,
                             alsoExcluded: Set(conversation.shown).union(conversation.state.avoid), more: true, language: lang)
    }

    /// Marks item number `number` (1-based) of the list on screen as liked or seen and
    /// recommends again (`/like N`, `/seen N`).
    public func mark(_ sentiment: Sentiment, number: Int, in conversation: inout Conversation) throws -> EngineReply {
        let lang = conversation.state.language
        let act: DialogueAct = sentiment == .seen ? .seenItem(.shown(number)) : sentiment == .dislike
            ? .dislikeItem(.shown(number)) : .likeItem(.shown(number))
        guard conversation.state.lastShown.indices.contains(number - 1) else {
            return EngineReply(text: replies.text("ask.unresolved", lang, ["count": "\(conversation.state.lastShown.count)"]),
                               language: lang)
        }
        conversation.tracker.dismissQuestion()
        conversation.tracker.apply(Interpretation(text: conversation.state.request, language: lang, acts: [act]), facts: catalog)
        return try recommend(in: &conversation, utterance: conversation.state.request,
                             alsoExcluded: Set(conversation.state.avoid), more: false, language: lang)
    }

    /// Steps back one change of the state and recommends for it (`/undo`).
    public func undo(in conversation: inout Conversation) throws -> EngineReply {
        try respond(to: "undo", in: &conversation)
    }

    /// Forgets the conversation (`/reset`).
    public func reset(_ conversation: inout Conversation) -> EngineReply {
        let lang = conversation.state.language
        conversation = Conversation()
        return EngineReply(text: replies.text("reset", lang), items: [], language: lang)
    }

    /// Whether two states ask for the same thing (ignoring turn counters and the text).
    func sameRequest(_ a: DialogueState, _ b: DialogueState) -> Bool {
        a.liked == b.liked && a.disliked == b.disliked && a.seen == b.seen && a.constraints == b.constraints
            && a.preferences == b.preferences && a.avoid == b.avoid
    }
}

extension String {
    /// Without leading and trailing white space.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
