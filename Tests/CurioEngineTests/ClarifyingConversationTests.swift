import CurioCatalog
import CurioDialogue
import Foundation
import Testing
@testable import CurioEngine

/// Clarifying questions in whole conversations on the shipped model: a cold start is
/// asked first and gets a useful list after one answer; no facet is asked twice; "the
/// first" answers a pending question and otherwise points at list item #1.
@Suite(.enabled(if: EngineFixture.trainedModelPresent, "no trained model at catalogs/movielens/model.safetensors"))
struct ClarifyingConversationTests {
    /// Whether every item of `items` passes the constraints `acts` set on an empty state.
    static func satisfy(_ items: [Recommendation], _ acts: [DialogueAct], _ catalog: Catalog) -> Bool {
        let constraints = DialogueTracker.update(DialogueState(), acts, facts: catalog).0.constraints
        return items.allSatisfy { constraints.verdict(for: catalog.items[$0.item]).passes }
    }

    @Test(arguments: [("recommend me a movie", "the first"), ("hi, any suggestions?", "2"),
                      ("给我推荐一部电影", "第一个")])
    func aColdStartIsAskedFirstAndGetsAUsefulListAfterOneAnswer(_ opening: String, _ answer: String) throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var conversation = Conversation()
        let asked = try engine.respond(to: opening, in: &conversation)
        #expect(asked.items == nil, "a question only, no list: \(asked.text)")
        let facet = try #require(asked.questionFacet, "no clarifying question: \(asked.text)")
        let question = try #require(conversation.state.pendingQuestion)
        #expect((2...3).contains(asked.questionOptions.count))
        #expect(asked.questionOptions == question.options.map(\.label))
        #expect(asked.question?.contains(asked.questionOptions[0]) == true)
        #expect(conversation.state.askedFacets == [facet])
        if opening.unicodeScalars.contains(where: { $0.value >= 0x4E00 }) {
            #expect(asked.language == .chinese && asked.question!.contains("随便"))
        }

        let picked = answer == "2" ? 1 : 0
        let list = try engine.respond(to: answer, in: &conversation)
        let items = try #require(list.items)
        #expect(items.count == engine.listLength)
        #expect(Self.satisfy(items, question.options[picked].acts, engine.catalog),
                "\(question.options[picked].label): \(items.map { engine.titleWithYear($0.item) })")
        #expect(list.question == nil, "one answer, then the list: no second question right away")
        #expect(conversation.state.pendingQuestion == nil)
    }

    @Test func anAnswerInWordsMapsToTheOptionAtThatEnd() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var conversation = Conversation()
        _ = try engine.respond(to: "recommend me a movie", in: &conversation)
        let question = try #require(conversation.state.pendingQuestion)
        // An answer for whichever facet was asked: "recent" for an era, "shorter" for a
        // length, the first offered genre by name.
        let (words, option): (String, Int) = switch question.facet {
        case .year: ("something recent", question.options.count - 1)
        case .runtime: ("shorter", 0)
        case .genre: (question.options[0].label.lowercased(), 0)
        default: ("the first", 0)
        }
        let list = try engine.respond(to: words, in: &conversation)
        #expect(Self.satisfy(try #require(list.items), question.options[option].acts, engine.catalog))
    }

    @Test func noFacetIsAskedTwiceInAConversation() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var conversation = Conversation()
        var asked: [Facet] = []
        let script = ["recommend me a movie", "either", "start over", "any suggestions?", "whatever", "something light",
                      "hi, what should I watch?", "something else", "start over", "recommend me a movie", "more",
                      "something newer", "don't care", "a hidden gem"]
        for line in script {
            let reply = try engine.respond(to: line, in: &conversation)
            if let facet = reply.questionFacet {
                #expect(!asked.contains(facet), "\(facet) asked again at \"\(line)\"")
                asked.append(facet)
            }
        }
        #expect(asked.count >= 2, "the script should draw more than one question: \(asked)")
        #expect(conversation.state.askedFacets == asked)
        // A saved conversation keeps what was asked.
        let restored = try JSONDecoder().decode(Conversation.self, from: JSONEncoder().encode(conversation))
        #expect(restored.state.askedFacets == asked)
    }

    @Test func theFirstPointsAtListItemOneWhenNoQuestionIsPending() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var conversation = Conversation()
        _ = try engine.respond(to: "recommend me a movie", in: &conversation)
        _ = try engine.respond(to: "either", in: &conversation)
        _ = try engine.more(in: &conversation)  // passes over any question that came with the list
        #expect(conversation.state.pendingQuestion == nil)
        let first = try #require(conversation.state.lastShown.first)
        let constraints = conversation.state.constraints
        _ = try engine.respond(to: "the first", in: &conversation)
        #expect(conversation.state.focus == first)
        #expect(conversation.state.constraints == constraints)
    }

    @Test func serveCarriesTheQuestionWithItsFacetAndOptions() throws {
        let engine = try #require(EngineFixture.trainedEngine, "the trained model does not load")
        var sessions = ServeSessions(engine: engine)
        func send(_ line: String) throws -> [String: Any] {
            let out = sessions.answer(.line(Array(line.utf8)))
            return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        }
        let asked = try send(#"{"session": "q", "say": "recommend me a movie"}"#)
        let options = try #require(asked["question_options"] as? [String])
        #expect((2...3).contains(options.count))
        #expect(asked["question_facet"] is String)
        #expect((asked["question"] as? String)?.contains(options[0]) == true)
        #expect((asked["items"] as? [Any])?.isEmpty == true)
        let listed = try send(#"{"session": "q", "say": "the second"}"#)
        #expect((listed["items"] as? [Any])?.count == engine.listLength)
        #expect(listed["question"] is NSNull && listed["question_options"] == nil)
    }
}
