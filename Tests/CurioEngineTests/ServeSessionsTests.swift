import CurioCatalog
import Foundation
import Testing
@testable import CurioEngine

/// The serve protocol end to end, line in → line out, without a process.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct ServeSessionsTests {
    let engine: Engine
    init() throws { engine = try #require(EngineFixture.engine) }

    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    func send(_ s: inout ServeSessions, _ text: String) throws -> [String: Any] {
        let out = s.answer(.line(Array(text.utf8)))
        #expect(!out.contains("\n"))
        return try object(out)
    }
    func errorCode(_ o: [String: Any]) -> String? { (o["error"] as? [String: Any])?["code"] as? String }

    @Test func aTurnAnswersWithItemsReasonsAndTheState() throws {
        var s = ServeSessions(engine: engine)
        let o = try send(&s, #"{"session": "a", "say": "a funny 90s movie"}"#)
        #expect(o["session"] as? String == "a")
        let items = try #require(o["items"] as? [[String: Any]])
        #expect(items.count == 10)
        #expect(items.allSatisfy { ($0["id"] as? String) != nil && ($0["reason"] as? String)?.isEmpty == false })
        let state = try #require(o["state"] as? [String: Any])
        #expect(Set(state.keys) == ["liked", "disliked", "seen", "genres", "year", "runtime", "rating_min", "mpaa", "moods"])
        #expect((state["year"] as? [String: Any])?["min"] as? Int == 1990)
        // Always present: null, or (a broad list from this random-weight model) a clarifying question with its options.
        #expect(o["question"] is NSNull || (o["question"] is String && o["question_options"] is [String]))
        // Sessions are independent.
        let other = try send(&s, #"{"session": 7, "op": "state"}"#)
        #expect(((other["state"] as? [String: Any])?["genres"] as? [String: Any])?["include"] as? [String] == [])
        // why by id, with causes.
        let first = items[0]["id"] as! String
        let why = try send(&s, #"{"session": "a", "op": "why", "item": "\#(first)"}"#)
        let causes = try #require(why["causes"] as? [[String: Any]])
        #expect(causes.allSatisfy { $0["cited"] is Bool && $0["cause"] is String && $0["weight"] is Double })
        // reset forgets.
        _ = try send(&s, #"{"session": "a", "op": "reset"}"#)
        let after = try send(&s, #"{"session": "a", "op": "state"}"#)
        #expect((after["state"] as? [String: Any])?["year"] as? [String: Any] != nil)
        #expect(((after["state"] as? [String: Any])?["year"] as? [String: Any])?["min"] is NSNull)
    }

    @Test func recommendRanksWithoutTheHistory() throws {
        var s = ServeSessions(engine: engine)
        let o = try send(&s, #"{"session": "r", "op": "recommend", "history": ["1", 2, "1580"], "k": 25}"#)
        let ids = try #require(o["items"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids.count == 25)
        #expect(Set(ids).count == 25)
        #expect(Set(ids).isDisjoint(with: ["1", "2", "1580"]))
    }

    @Test func badRequestsGetErrorsAndTheServerGoesOn() throws {
        var s = ServeSessions(engine: engine)
        #expect(errorCode(try object(s.answer(.line([0xFF, 0xFE, 0x7B])))) == "invalid_request")
        #expect(errorCode(try send(&s, "")) == "invalid_request")
        #expect(errorCode(try send(&s, "{not json")) == "invalid_json")
        #expect(errorCode(try send(&s, "[1, 2]")) == "invalid_request")
        #expect(errorCode(try send(&s, #"{"say": "hi"}"#)) == "missing_session")
        let op = try send(&s, #"{"session": "a", "op": "dance"}"#)
        #expect(errorCode(op) == "unknown_op")
        #expect(op["session"] as? String == "a")
        #expect(errorCode(try send(&s, #"{"session": "a", "op": "why", "item": "no-such-id"}"#)) == "unknown_item")
        #expect(errorCode(try send(&s, #"{"session": "a", "op": "recommend", "history": ["1"], "k": 0}"#)) == "invalid_request")
        #expect(errorCode(try object(s.answer(.tooLong(length: 100_000)))) == "too_long")
        // … and still answers.
        let ok = try send(&s, #"{"session": "a", "say": "a comedy"}"#)
        #expect((ok["items"] as? [Any])?.count == 10)
    }
}
