import CurioCatalog
import CurioDialogue

/// The conversations of `curio serve --stdio`, by session id, and the mapping from one
/// request line to exactly one answer line (docs/protocol.md).
///
/// Pure apart from the sessions it holds: the command only moves lines between
/// standard input and output, so the whole protocol is testable without a process.
public struct ServeSessions {
    /// A cause as programs see it: its weight rounded to three decimals.
    static func serveCause(_ cause: WhyCause) -> ServeCause {
        ServeCause(cause: cause.label, weight: (cause.weight * 1000).rounded() / 1000, cited: cause.cited)
    }

    public let engine: Engine
    public private(set) var sessions: [String: Conversation] = [:]

    /// Where a new session starts (e.g. a saved profile's likes and seen items); empty by default.
    public var startConversation: (_ session: String) -> Conversation = { _ in Conversation() }
    /// Called with the session's state after every request (e.g. to save a profile).
    public var afterRequest: ((_ session: String, _ state: DialogueState) -> Void)?

    public init(engine: Engine) { self.engine = engine }

    /// The answer line (no newline) to one request line.
    public mutating func answer(_ line: LineReader.Line) -> String {
        switch line {
        case .tooLong(let length):
            return ServeLine.encode(ServeError(.tooLong, "the request is \(length) bytes long; the limit is 65536 bytes per line"))
        case .line(let bytes):
            switch ServeRequest.parse(bytes) {
            case .failure(let error): return ServeLine.encode(error)
            case .success(let request):
                do { return ServeLine.encode(try answer(request)) } catch let error as ServeError {
                    return ServeLine.encode(error)
                } catch {
                    return ServeLine.encode(ServeError(.invalidRequest, "\(error)", session: request.session))
                }
            }
        }
    }

    /// The response to a parsed request, or a `ServeError` naming what is wrong.
    public mutating func answer(_ request: ServeRequest) throws -> ServeResponse {
        let id = request.session
        var conversation = sessions[id] ?? startConversation(id)
        defer { sessions[id] = conversation; afterRequest?(id, conversation.state) }
        let catalog = engine.catalog
        func response(_ reply: EngineReply) -> ServeResponse {
            var r = ServeResponse(session: id, reply: reply.text, items: (reply.items ?? []).map(item), question: reply.question,
                                  state: StateSummary.snapshot(conversation.state, catalog: catalog),
                                  causes: reply.explanation.map { $0.causes.map(Self.serveCause) })
            if let facet = reply.questionFacet {
                r.questionFacet = facet.rawValue
                r.questionOptions = reply.questionOptions
            }
            return r
        }
        switch request.operation {
        case .say(let text):
            return response(try engine.respond(to: text, in: &conversation))
        case .why(let itemID):
            return response(try engine.why(item: try index(itemID, session: id), in: conversation))
        case .recommend(let history, let k):
            let items = try history.map { try index($0, session: id) }
            let ranked = try engine.rankNext(history: items, k: k)
            return ServeResponse(session: id, reply: "", items: ranked.map { item(Recommendation(item: $0, reason: "", logProbability: 0)) },
                                 state: StateSummary.snapshot(conversation.state, catalog: catalog))
        case .state:
            return ServeResponse(session: id, reply: "", state: StateSummary.snapshot(conversation.state, catalog: catalog))
        case .info:
            var answer = ServeResponse(session: id, reply: "", state: StateSummary.snapshot(conversation.state, catalog: catalog))
            answer.info = ServeInfo(generator: engine.generatorKind.rawValue, generatorName: engine.generator.displayName,
                                    catalog: catalog.manifest.name, items: catalog.items.count, version: CurioVersion.string)
            return answer
        case .reset:
            let reply = engine.reset(&conversation)
            conversation = startConversation(id)  // a reset forgets the conversation, not the saved profile
            return response(reply)
        }
    }

    private func item(_ r: Recommendation) -> ServeItem {
        let it = engine.catalog.items[r.item]
        return ServeItem(id: it.id, title: it.title, year: it.year, reason: r.reason)
    }

    private func index(_ id: String, session: String) throws -> Int {
        guard let index = engine.catalog.indexByID[id] else {
            throw ServeError(.unknownItem, "the catalog has no item \"\(id.prefix(40))\"", session: session)
        }
        return index
    }
}

extension Engine {
    /// The generator's plain next-item ranking for a history (for the language model,
    /// the next-item task's prompt; for another family, its scores for the history):
    /// the `k` best items, never one in the history.
    /// - Complexity: one forward of the history prompt (or one scoring of the history),
    ///   O(items·C + items·log k).
    public func rankNext(history: [Int], k: Int) throws -> [Int] {
        var scores: [Float]
        switch generator {
        case .languageModel(let languageModel):
            let prompt = languageModel.historyPrompt(history)
            scores = try languageModel.itemLogits(contexts: [prompt])[0]
        case .scorer(_, let scorer):
            scores = Self.logProbabilities(scorer, histories: [history], itemCount: catalog.items.count)[0]
        }
        for item in history { scores[item] = -.infinity }
        return TopK.indices(of: scores, k: min(k, catalog.items.count)).filter { $0.1 > -.infinity }.map(\.0)
    }
}
