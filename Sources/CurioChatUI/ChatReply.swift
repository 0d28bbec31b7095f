import Foundation
/// One answer from the engine, as the chat shows it.
///
/// Every string in it may come from the catalog or the user and is sanitised before it
/// is drawn or printed; the engine does not need to clean it.
public struct ChatReply: Hashable, Sendable, Codable {
    /// The conversational text, e.g. "Here are five light comedies from the 90s:".
    public var text: String
    /// A new numbered list, or `nil` to keep the current one (e.g. for `/why`).
    /// An empty array clears the list.
    public var items: [ChatItem]?
    /// A clarifying question the engine asks, with answers the user can type.
    public var question: ClarifyingQuestion?
    /// The state chips after this turn (e.g. ["Comedy", "1990s", "≤ 120 min"]),
    /// or `nil` to keep the current ones.
    public var chips: [String]?
    /// Why an item was recommended (the answer to `/why N`).
    public var explanation: Explanation?
    /// Facts about one item (the answer to `/details N`).
    public var details: ItemDetails?
    /// The backend's conversation after this turn, opaque to the UI: saved with the
    /// transcript so `--resume` restores the dialogue state too (not kept in the transcript).
    public var engineState: Data?

    public init(text: String, items: [ChatItem]? = nil, question: ClarifyingQuestion? = nil,
                chips: [String]? = nil, explanation: Explanation? = nil, details: ItemDetails? = nil,
                engineState: Data? = nil) {
        self.engineState = engineState
        self.text = text
        self.items = items
        self.question = question
        self.chips = chips
        self.explanation = explanation
        self.details = details
    }
}

/// One numbered recommendation.
public struct ChatItem: Hashable, Sendable, Codable {
    /// The number the user refers to it by (`/why 2`), starting at 1.
    public var number: Int
    public var title: String
    public var year: Int?
    public var genres: [String]
    public var runtimeMinutes: Int?
    /// IMDb-style average rating out of 10.
    public var rating: Double?
    /// One sentence on why it fits, e.g. "Because you liked Men in Black".
    public var reason: String

    public init(number: Int, title: String, year: Int? = nil, genres: [String] = [],
                runtimeMinutes: Int? = nil, rating: Double? = nil, reason: String = "") {
        self.number = number
        self.title = title
        self.year = year
        self.genres = genres
        self.runtimeMinutes = runtimeMinutes
        self.rating = rating
        self.reason = reason
    }

    /// "Comedy, Sci-Fi · 98 min · ★ 7.3": the facts after the title, absent ones left out.
    public var factsLine: String {
        factParts(space: " ").joined(separator: " · ")
    }

    /// The facts, each with `space` inside it: a no-break space keeps "98 min" and
    /// "★ 7.3" on one line when the layout wraps.
    func factParts(space: String) -> [String] {
        var parts: [String] = []
        if !genres.isEmpty { parts.append(genres.joined(separator: ", ")) }
        if let runtimeMinutes { parts.append("\(runtimeMinutes)" + space + "min") }
        if let rating { parts.append("★" + space + formatDecimal(rating, places: 1)) }
        return parts
    }

    /// "Title (1997)", or just the title when the year is unknown.
    public var titleWithYear: String {
        year.map { "\(title) (\($0))" } ?? title
    }
}

/// A question the engine asks to narrow the request down.
public struct ClarifyingQuestion: Hashable, Sendable, Codable {
    public var text: String
    /// Short answers the user may type, e.g. ["something light", "a classic"].
    public var suggestedAnswers: [String]

    public init(text: String, suggestedAnswers: [String] = []) {
        self.text = text
        self.suggestedAnswers = suggestedAnswers
    }
}

/// Why an item was recommended: the causes and how much each contributed.
public struct Explanation: Hashable, Sendable, Codable {
    /// The explained item's title.
    public var subject: String
    /// The causes, in the order to show them (usually by weight, largest first).
    public var causes: [Cause]

    public init(subject: String, causes: [Cause]) {
        self.subject = subject
        self.causes = causes
    }

    /// One cause: a liked item, a requested attribute, popularity, …
    public struct Cause: Hashable, Sendable, Codable {
        public var label: String
        /// Its share of the score; negative weights are drawn as empty bars.
        public var weight: Double

        public init(label: String, weight: Double) {
            self.label = label
            self.weight = weight
        }
    }
}

/// Everything known about one item, as label/value rows.
public struct ItemDetails: Hashable, Sendable, Codable {
    public var title: String
    public var year: Int?
    /// Rows such as ("Director", "Barry Sonnenfeld"), in display order.
    public var fields: [Field]
    /// A longer description, if the catalog has one.
    public var summary: String?

    public init(title: String, year: Int? = nil, fields: [Field] = [], summary: String? = nil) {
        self.title = title
        self.year = year
        self.fields = fields
        self.summary = summary
    }

    /// One label/value row.
    public struct Field: Hashable, Sendable, Codable {
        public var label: String
        public var value: String

        public init(label: String, value: String) {
            self.label = label
            self.value = value
        }
    }
}

/// `value` with exactly `places` decimals ("7.3"), without Foundation's locale rules.
func formatDecimal(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "?" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = scaled % Int(scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard places > 0 else { return sign + String(whole) }
    let digits = String(fraction)
    return sign + String(whole) + "." + String(repeating: "0", count: places - digits.count) + digits
}
