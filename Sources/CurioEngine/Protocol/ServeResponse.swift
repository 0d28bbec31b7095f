import Foundation

/// One answer line of `curio serve --stdio`: exactly one per request, in order.
public struct ServeResponse: Sendable, Equatable, Encodable {
    public var session: String
    /// Text shown to a person.
    public var reply: String
    public var items: [ServeItem]
    /// A clarifying question, or nil.
    public var question: String?
    /// A question about a facet: which facet ("year", "genre", "runtime", "rating", "mpaa").
    public var questionFacet: String?
    /// A question about a facet: its answers, numbered from 1 in `question`.
    public var questionOptions: [String]?
    public var state: StateSnapshot
    /// The explanation's causes with their weights, for `why`.
    public var causes: [ServeCause]?
    /// What is answering, for `info`.
    public var info: ServeInfo?

    public init(session: String, reply: String, items: [ServeItem] = [], question: String? = nil,
                state: StateSnapshot, causes: [ServeCause]? = nil) {
        self.session = session
        self.reply = reply
        self.items = items
        self.question = question
        self.state = state
        self.causes = causes
    }

    enum CodingKeys: String, CodingKey {
        case session, reply, items, question, state, causes
        case questionFacet = "question_facet", questionOptions = "question_options"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(session, forKey: .session)
        try c.encode(reply, forKey: .reply)
        try c.encode(items, forKey: .items)
        try c.encode(question, forKey: .question) // null, not absent
        try c.encodeIfPresent(questionFacet, forKey: .questionFacet)
        try c.encodeIfPresent(questionOptions, forKey: .questionOptions)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(causes, forKey: .causes)
        var extra = encoder.container(keyedBy: InfoKey.self)  // its own keys: the answer object stays one object
        try extra.encodeIfPresent(info, forKey: .info)
    }

    private enum InfoKey: String, CodingKey { case info }
}

/// The answer to `{"op": "info"}`: which generator recommends, over which catalog.
public struct ServeInfo: Sendable, Equatable, Codable {
    /// `lm`, `vae` or `gan` (`GeneratorKind.rawValue`, as `--generator` takes it).
    public var generator: String
    /// The generator as a person would name it: "curio (1.9M params)", "Mult-VAE".
    public var generatorName: String
    /// The catalog's name (catalog.json) and its number of items.
    public var catalog: String
    public var items: Int
    /// curio's version.
    public var version: String

    public init(generator: String, generatorName: String, catalog: String, items: Int, version: String) {
        self.generator = generator
        self.generatorName = generatorName
        self.catalog = catalog
        self.items = items
        self.version = version
    }

    enum CodingKeys: String, CodingKey { case generator, generatorName = "generator_name", catalog, items, version }
}

/// A recommended item as programs see it.
public struct ServeItem: Sendable, Equatable, Codable {
    /// The catalog's own id, as a string.
    public var id: String
    public var title: String
    public var year: Int?
    public var reason: String

    public init(id: String, title: String, year: Int?, reason: String) {
        self.id = id
        self.title = title
        self.year = year
        self.reason = reason
    }
}

/// One named cause of an explanation and how much it moved the item's score.
public struct ServeCause: Sendable, Equatable, Codable {
    public var cause: String
    public var weight: Double
    /// Whether the explanation names this cause as the reason (`WhyCause.cited`).
    public var cited: Bool
    public init(cause: String, weight: Double, cited: Bool = false) {
        self.cause = cause
        self.weight = weight
        self.cited = cited
    }
}

/// The dialogue state as programs see it (keys fixed by docs/protocol.md).
public struct StateSnapshot: Sendable, Equatable, Codable {
    public struct Genres: Sendable, Equatable, Codable {
        public var include: [String]
        public var exclude: [String]
        /// Alternatives, at least one of which each item carries ("comedy or horror").
        public var any: [String]
        public init(include: [String] = [], exclude: [String] = [], any: [String] = []) {
            self.include = include
            self.exclude = exclude
            self.any = any
        }
    }
    public struct Bounds: Sendable, Equatable, Codable {
        public var min: Int?
        public var max: Int?
        public init(min: Int? = nil, max: Int? = nil) { self.min = min; self.max = max }
        enum CodingKeys: String, CodingKey { case min, max }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(min, forKey: .min)
            try c.encode(max, forKey: .max)
        }
    }
    public var liked: [String]
    public var disliked: [String]
    public var seen: [String]
    public var genres: Genres
    public var year: Bounds
    public var runtime: Bounds
    public var ratingMin: Double?
    public var mpaa: [String]
    public var moods: [String]

    public init(liked: [String] = [], disliked: [String] = [], seen: [String] = [], genres: Genres = Genres(),
                year: Bounds = Bounds(), runtime: Bounds = Bounds(), ratingMin: Double? = nil,
                mpaa: [String] = [], moods: [String] = []) {
        self.liked = liked
        self.disliked = disliked
        self.seen = seen
        self.genres = genres
        self.year = year
        self.runtime = runtime
        self.ratingMin = ratingMin
        self.mpaa = mpaa
        self.moods = moods
    }

    enum CodingKeys: String, CodingKey {
        case liked, disliked, seen, genres, year, runtime, ratingMin = "rating_min", mpaa, moods
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(liked, forKey: .liked)
        try c.encode(disliked, forKey: .disliked)
        try c.encode(seen, forKey: .seen)
        try c.encode(genres, forKey: .genres)
        try c.encode(year, forKey: .year)
        try c.encode(runtime, forKey: .runtime)
        try c.encode(ratingMin, forKey: .ratingMin)
        try c.encode(mpaa, forKey: .mpaa)
        try c.encode(moods, forKey: .moods)
    }
}

/// Renders answers as single JSON lines.
public enum ServeLine {
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The response as one line of JSON (no newline inside: strings are escaped).
    public static func encode(_ response: ServeResponse) -> String {
        (try? String(decoding: encoder.encode(response), as: UTF8.self)) ?? fallback
    }

    /// The error as `{"error": {"code": ..., "message": ...}, "session": ...}`.
    public static func encode(_ error: ServeError) -> String {
        struct Body: Encodable {
            struct Inner: Encodable { var code: String; var message: String }
            var error: Inner
            var session: String?
        }
        let body = Body(error: .init(code: error.code.rawValue, message: error.message), session: error.session)
        return (try? String(decoding: encoder.encode(body), as: UTF8.self)) ?? fallback
    }

    private static let fallback = #"{"error":{"code":"internal","message":"could not encode the answer"}}"#
}
