import Foundation
import CurioCatalog
import CurioChatUI
import CurioDialogue
import CurioEngine

/// The conversation engine behind the chat UI: maps engine replies to `ChatReply`
/// (items with their facts and reasons, state chips, explanations as weighted causes)
/// and slash commands to engine calls. Lives in the executable because the engine
/// never imports the UI.
final class EngineChatBackend: ChatBackend {
    let engine: Engine
    private var conversation = Conversation()
    /// The saved taste profile this chat starts from and writes to; nil with `--no-profile`.
    private let profile: ProfileSession?
    /// Lowercased titles with their display form, sorted: prefix completion by binary search.
    private let sortedTitles: [(key: String, title: String)]

    let header: ChatHeader

    init(engine: Engine, profile: ProfileSession? = nil) {
        self.engine = engine
        self.profile = profile
        conversation = profile?.startingConversation() ?? Conversation()
        var seen = Set<String>()
        sortedTitles = engine.catalog.items.map { (key: $0.title.lowercased(), title: $0.title) }
            .filter { seen.insert($0.key).inserted }
            .sorted { $0.key < $1.key }
        header = ChatHeader(catalogName: engine.catalog.manifest.name,
                            modelName: engine.generator.displayName, profileName: profile?.name ?? "none")
    }

    func respond(to text: String) throws -> ChatReply {
        let reply = try engine.respond(to: text, in: &conversation)
        try profile?.save(conversation.state)
        return chatReply(reply)
    }

    func perform(_ command: CurioChatUI.ChatCommand) throws -> ChatReply {
        let reply = try performUnsaved(command)
        try profile?.save(conversation.state)
        return reply
    }

    private func performUnsaved(_ command: CurioChatUI.ChatCommand) throws -> ChatReply {
        let shown = conversation.state.lastShown
        func item(_ n: Int) -> Int? { shown.indices.contains(n - 1) ? shown[n - 1] : nil }
        switch command {
        case .why(let n):
            guard let index = item(n) else { return ChatReply(text: "There is no item \(n) in the list.") }
            return chatReply(try engine.why(item: index, in: conversation))
        case .more:
            return chatReply(try engine.more(in: &conversation))
        case .details(let n):
            guard let index = item(n) else { return ChatReply(text: "There is no item \(n) in the list.") }
            return ChatReply(text: engine.titleWithYear(index), details: details(index))
        case .like(let n):
            return chatReply(try engine.mark(.like, number: n, in: &conversation))
        case .seen(let n):
            return chatReply(try engine.mark(.seen, number: n, in: &conversation))
        case .undo:
            return chatReply(try engine.undo(in: &conversation))
        case .reset:
            // A new conversation, not a new person: the saved profile carries over.
            let reply = engine.reset(&conversation)
            if let profile { conversation = profile.startingConversation() }
            return chatReply(reply)
        case .state:
            let chips = StateSummary.chips(conversation.state, catalog: engine.catalog)
            return ChatReply(text: chips.isEmpty ? "Nothing asked for yet." : "So far: " + chips.joined(separator: " · "),
                             chips: chips)
        case .profile:
            guard let profile else {
                return ChatReply(text: "No saved profile (--no-profile): this session's likes and seen items are in /state.")
            }
            let p = profile.profile
            return ChatReply(text: "Profile \"\(profile.name)\": \(p.liked.count) liked, \(p.disliked.count) disliked, \(p.seen.count) seen (curio profile show lists them).")
        }
    }

    func completions(forTitlePrefix prefix: String, limit: Int) -> [String] {
        let key = prefix.lowercased()
        guard !key.isEmpty, limit > 0 else { return [] }
        var lo = 0, hi = sortedTitles.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedTitles[mid].key < key { lo = mid + 1 } else { hi = mid }
        }
        var out: [String] = []
        while lo < sortedTitles.count, out.count < limit, sortedTitles[lo].key.hasPrefix(key) {
            out.append(sortedTitles[lo].title)
            lo += 1
        }
        return out
    }

    private func chatReply(_ reply: EngineReply) -> ChatReply {
        let catalog = engine.catalog
        // The chat draws an explanation's bars itself (the causes its chart shows): the text is the sentence alone.
        var reply = reply
        if var e = reply.explanation {
            reply.text = e.sentence
            e.causes = WhyChart.shown(e.causes)
            reply.explanation = e
        }
        let items = reply.items.map { list in
            list.enumerated().map { n, rec in
                let it = catalog.items[rec.item]
                return ChatItem(number: n + 1, title: it.title, year: it.year, genres: it.genres,
                                runtimeMinutes: it.runtime, rating: it.imdbRating, reason: rec.reason)
            }
        }
        // The text numbers what it offers (items, or a facet's answers); the number alone answers.
        let question = reply.question.map {
            ClarifyingQuestion(text: $0, suggestedAnswers: reply.questionOptions.isEmpty
                ? reply.candidates.indices.map { "#\($0 + 1)" } : reply.questionOptions.indices.map { "\($0 + 1)" })
        }
        let explanation = reply.explanation.map {
            Explanation(subject: engine.titleWithYear($0.item), causes: $0.causes.map { .init(label: $0.label, weight: $0.weight) })
        }
        return ChatReply(text: reply.text == reply.question ? "" : reply.text, items: items, question: question,
                         chips: StateSummary.chips(conversation.state, catalog: catalog), explanation: explanation,
                         engineState: try? JSONEncoder().encode(conversation))
    }

    /// Puts back a conversation saved by an earlier session (`curio --resume`), after
    /// checking that it fits this catalog.
    func restoreState(_ data: Data) throws {
        let saved = try JSONDecoder().decode(Conversation.self, from: data)
        guard saved.isValid(itemCount: engine.catalog.items.count) else {
            throw EngineError.resource("the saved conversation names items this catalog does not have")
        }
        conversation = saved
        // The resumed state becomes the baseline, so saving it never deletes profile
        // entries this older conversation simply did not know about.
        profile?.adopt(saved.state)
    }

    private func details(_ index: Int) -> ItemDetails {
        let it = engine.catalog.items[index]
        var fields: [ItemDetails.Field] = []
        if it.originalTitle != it.title { fields.append(.init(label: "Original title", value: it.originalTitle)) }
        if !it.genres.isEmpty { fields.append(.init(label: "Genres", value: it.genres.joined(separator: ", "))) }
        fields.append(.init(label: "Runtime", value: it.runtime.map { "\($0) min" } ?? "unknown"))
        fields.append(.init(label: "MPAA", value: it.mpaa ?? "unknown"))
        let votes = it.imdbVotes.map { " (\($0) votes)" } ?? ""
        fields.append(.init(label: "IMDb rating", value: it.imdbRating.map { "\($0)\(votes)" } ?? "unknown"))
        fields.append(.init(label: "Watched by", value: "\(engine.coWatch.userCount(index)) people in the catalog"))
        if let reason = conversation.reasons[index] { fields.append(.init(label: "Why", value: reason)) }
        return ItemDetails(title: it.title, year: it.year, fields: fields)
    }
}
