import Testing
@testable import CurioEngine

@Suite struct ServeRequestTests {
    func parse(_ s: String) -> Result<ServeRequest, ServeError> { ServeRequest.parse(Array(s.utf8)) }

    @Test func wellFormedRequests() throws {
        #expect(try parse(#"{"session": "a", "say": "a funny 90s movie"}"#).get()
                == ServeRequest(session: "a", operation: .say("a funny 90s movie")))
        #expect(try parse(#"{"session": 7, "op": "why", "item": 2571}"#).get()
                == ServeRequest(session: "7", operation: .why(itemID: "2571")))
        #expect(try parse(#"{"session": "s", "op": "recommend", "history": ["1", 2], "k": 5}"#).get()
                == ServeRequest(session: "s", operation: .recommend(history: ["1", "2"], k: 5)))
        #expect(try parse(#"{"session": "s", "op": "recommend", "history": []}"#).get()
                == ServeRequest(session: "s", operation: .recommend(history: [], k: 10)))
        #expect(try parse(#"{"session": "s", "op": "state"}"#).get().operation == .state)
        #expect(try parse(#"{"session": "s", "op": "reset"}"#).get().operation == .reset)
        #expect(try parse(#"{"session": "s", "op": "info"}"#).get().operation == .info)
    }

    @Test(arguments: [
        ("", ServeError.Code.invalidRequest),
        ("not json", .invalidJSON),
        ("[1, 2]", .invalidRequest),
        ("\"hello\"", .invalidRequest),
        (#"{"say": "hi"}"#, .missingSession),
        (#"{"session": true, "say": "hi"}"#, .missingSession),
        (#"{"session": "", "say": "hi"}"#, .missingSession),
        (#"{"session": "a", "op": "dance"}"#, .unknownOperation),
        (#"{"session": "a"}"#, .invalidRequest),
        (#"{"session": "a", "say": 3}"#, .invalidRequest),
        (#"{"session": "a", "op": "why"}"#, .invalidRequest),
        (#"{"session": "a", "op": "recommend", "history": "1"}"#, .invalidRequest),
        (#"{"session": "a", "op": "recommend", "history": [], "k": 0}"#, .invalidRequest),
        (#"{"session": "a", "op": "recommend", "history": [], "k": 2.5}"#, .invalidRequest),
        (#"{"session": "a", "op": "recommend", "history": [], "k": 1e9}"#, .invalidRequest),
    ])
    func badRequestsGetAnErrorNamingTheProblem(_ line: String, _ code: ServeError.Code) {
        guard case .failure(let error) = parse(line) else {
            Issue.record("\(line) was accepted")
            return
        }
        #expect(error.code == code, "\(line): \(error.message)")
        #expect(!error.message.isEmpty)
    }

    @Test func invalidUTF8IsAnErrorNotACrash() {
        guard case .failure(let error) = ServeRequest.parse([0x7B, 0xFF, 0xFE, 0x7D]) else {
            Issue.record("accepted invalid UTF-8")
            return
        }
        #expect(error.message.contains("UTF-8"))
    }
}
