import Foundation

/// One request of `curio serve --stdio` (JSON lines; see docs/protocol.md).
public struct ServeRequest: Sendable, Equatable {
    /// Which conversation the request belongs to; sessions are independent.
    public var session: String
    public var operation: Operation

    public enum Operation: Sendable, Equatable {
        /// `{"session": S, "say": TEXT}`: one chat turn.
        case say(String)
        /// `{"session": S, "op": "why", "item": ID}`: explain a recommended item.
        case why(itemID: String)
        /// `{"session": S, "op": "recommend", "history": [ID, ...], "k": N}`: the model's
        /// plain next-item ranking for a history; no text, no dialogue state.
        case recommend(history: [String], k: Int)
        /// `{"session": S, "op": "state"}`
        case state
        /// `{"session": S, "op": "reset"}`
        case reset
        /// `{"session": S, "op": "info"}`: which generator, catalog and version answer.
        case info
    }

    public init(session: String, operation: Operation) {
        self.session = session
        self.operation = operation
    }

    /// The largest `k` a `recommend` request may ask for.
    public static let maximumK = 1000

    /// Parses one request line.
    ///
    /// Never throws for bad input: every problem becomes a `ServeError` whose message
    /// says what is wrong, and the server goes on with the next line.
    public static func parse(_ line: [UInt8]) -> Result<ServeRequest, ServeError> {
        guard let text = String(validating: line, as: UTF8.self) else {
            return .failure(ServeError(.invalidRequest, "the request is not valid UTF-8"))
        }
        if text.allSatisfy(\.isWhitespace) {
            return .failure(ServeError(.invalidRequest, "empty request: send one JSON object per line"))
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
        } catch {
            return .failure(ServeError(.invalidJSON, "the request is not valid JSON"))
        }
        guard let object = json as? [String: Any] else {
            return .failure(ServeError(.invalidRequest, "the request must be a JSON object, like {\"session\": \"a\", \"say\": \"a funny 90s movie\"}"))
        }
        guard let sessionValue = object["session"] else {
            return .failure(ServeError(.missingSession, "the request has no \"session\""))
        }
        let session: String
        if let s = sessionValue as? String, !s.isEmpty {
            session = s
        } else if let n = sessionValue as? NSNumber, !(sessionValue is Bool), n.doubleValue == n.doubleValue.rounded() {
            session = n.stringValue
        } else {
            return .failure(ServeError(.missingSession, "\"session\" must be a non-empty string"))
        }
        func fail(_ code: ServeError.Code, _ message: String) -> Result<ServeRequest, ServeError> {
            .failure(ServeError(code, message, session: session))
        }

        if let say = object["say"] {
            guard object["op"] == nil else { return fail(.invalidRequest, "a request has either \"say\" or \"op\", not both") }
            guard let text = say as? String else { return fail(.invalidRequest, "\"say\" must be a string") }
            return .success(ServeRequest(session: session, operation: .say(text)))
        }
        guard let op = object["op"] else {
            return fail(.invalidRequest, "the request needs \"say\" or \"op\" (why, recommend, state, reset, info)")
        }
        guard let opName = op as? String else { return fail(.invalidRequest, "\"op\" must be a string") }
        switch opName {
        case "why":
            guard let item = itemID(object["item"]) else {
                return fail(.invalidRequest, "\"why\" needs \"item\": the id of a catalog item")
            }
            return .success(ServeRequest(session: session, operation: .why(itemID: item)))
        case "recommend":
            guard let raw = object["history"] as? [Any] else {
                return fail(.invalidRequest, "\"recommend\" needs \"history\": a list of item ids")
            }
            var history: [String] = []
            for (i, entry) in raw.enumerated() {
                guard let id = itemID(entry) else { return fail(.invalidRequest, "\"history\"[\(i)] is not an item id") }
                history.append(id)
            }
            var k = 10
            if let kValue = object["k"] {
                guard let n = kValue as? NSNumber, !(kValue is Bool), n.doubleValue == n.doubleValue.rounded(),
                      n.doubleValue >= 1, n.doubleValue <= Double(maximumK) else {
                    return fail(.invalidRequest, "\"k\" must be a whole number from 1 to \(maximumK)")
                }
                k = n.intValue
            }
            return .success(ServeRequest(session: session, operation: .recommend(history: history, k: k)))
        case "state":
            return .success(ServeRequest(session: session, operation: .state))
        case "reset":
            return .success(ServeRequest(session: session, operation: .reset))
        case "info":
            return .success(ServeRequest(session: session, operation: .info))
        default:
            return fail(.unknownOperation, "unknown op \"\(opName.prefix(40))\": use why, recommend, state, reset or info")
        }
    }

    /// An item id given as a string or a whole number.
    private static func itemID(_ value: Any?) -> String? {
        if let s = value as? String, !s.isEmpty { return s }
        if let n = value as? NSNumber, !(value is Bool), n.doubleValue == n.doubleValue.rounded() { return n.stringValue }
        return nil
    }
}

/// A request the server could not carry out; answered as `{"error": {...}}`.
public struct ServeError: Error, Sendable, Equatable {
    public enum Code: String, Sendable, Codable {
        case invalidJSON = "invalid_json"
        case invalidRequest = "invalid_request"
        case missingSession = "missing_session"
        case unknownOperation = "unknown_op"
        case unknownItem = "unknown_item"
        case tooLong = "too_long"
    }
    public var code: Code
    public var message: String
    /// The request's session, when it could be read.
    public var session: String?

    public init(_ code: Code, _ message: String, session: String? = nil) {
        self.code = code
        self.message = message
        self.session = session
    }
}
