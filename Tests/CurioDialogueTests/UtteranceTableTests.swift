import Testing
@testable import CurioDialogue

/// One table row: utterances said in turn (separated by " || "), starting from a state
/// that shows `UtteranceTable.shown`, and the expected state in a compact notation:
/// `+Comedy` include, `-Horror` exclude, `y=1990..1999`, `rt=..120`, `r=7.5`,
/// `mpaa=G,PG`, `!mpaa=R`, `like=0,1`, `dislike=3`, `seen=2`, `pref=lighter,newer@0`,
/// `pending=3,4/dislike`, `strict=runtime`, `avoid=0,3`, `lang=zh`, `focus=2`.
/// Unmentioned fields must hold their defaults; `focus` is checked only when given.
struct UtteranceCase: Sendable, CustomStringConvertible {
    var turns: String
    var expected: String
    init(_ turns: String, _ expected: String) {
        self.turns = turns
        self.expected = expected
    }
    var description: String { "\"\(turns)\" → \(expected.isEmpty ? "(nothing)" : expected)" }
}

enum UtteranceTable {
    /// The list on screen when each case starts: The Matrix, Titanic (1997), Alien, Toy Story, Heat.
    static let shown = [0, 3, 7, 9, 14]

    static func expectedState(_ spec: String) -> (state: DialogueState, checksFocus: Bool) {
        var s = DialogueState()
        var checksFocus = false
        func ints(_ v: Substring) -> [Int] { v.split(separator: ",").compactMap { Int($0) } }
        func bounds(_ v: Substring) -> Bounds<Int> {
            let parts = v.split(separator: ".", omittingEmptySubsequences: false)
            // "a..b" splits into [a, "", b]
            return Bounds(min: Int(parts.first ?? ""), max: Int(parts.last ?? ""))
        }
        for word in spec.split(separator: " ") {
            if word.hasPrefix("+") { s.constraints.includeGenres.append(String(word.dropFirst())); continue }
            if word.hasPrefix("-") { s.constraints.excludeGenres.append(String(word.dropFirst())); continue }
            let kv = word.split(separator: "=", maxSplits: 1)
            let key = kv[0], value = kv.count > 1 ? kv[1] : ""
            switch key {
            case "y": s.constraints.year = bounds(value)
            case "rt": s.constraints.runtime = bounds(value)
            case "r": s.constraints.minimumRating = Double(value)
            case "any": s.constraints.anyGenres = value.split(separator: ",").map(String.init)
            case "mpaa": s.constraints.mpaaAllowed = value.split(separator: ",").map(String.init)
            case "!mpaa": s.constraints.mpaaExcluded = value.split(separator: ",").map(String.init)
            case "like": s.liked = ints(value)
            case "dislike": s.disliked = ints(value)
            case "seen": s.seen = ints(value)
            case "avoid": s.avoid = ints(value)
            case "focus": s.focus = Int(value); checksFocus = true
            case "lang": s.language = Language(rawValue: String(value)) ?? .english
            case "strict": s.constraints.strictFacets = value.split(separator: ",").compactMap { Facet(rawValue: String($0)) }
            case "pref":
                s.preferences = value.split(separator: ",").map { p in
                    let parts = p.split(separator: "@")
                    return SoftPreference(Preference(rawValue: String(parts[0]))!, anchor: parts.count > 1 ? Int(parts[1]) : nil)
                }
            case "pending":
                // The state holds the first candidate, the likeliest reading, until the user picks.
                let parts = value.split(separator: "/")
                let candidates = ints(parts[0])
                s.pendingChoice = .init(candidates: candidates, sentiment: Sentiment(rawValue: String(parts[1]))!,
                                        assumed: candidates.first)
            default: fatalError("bad spec word \(word)")
            }
        }
        return (s, checksFocus)
    }

    /// Runs a case; nil when the state is as expected, else what differs.
    static func run(_ c: UtteranceCase, understanding: Understanding) -> String? {
        var tracker = DialogueTracker()
        tracker.recordShown(shown)
        var actsSeen: [[DialogueAct]] = []
        for turn in c.turns.components(separatedBy: " || ") {
            let interpretation = understanding.interpret(turn)
            actsSeen.append(interpretation.acts)
            tracker.apply(interpretation, facts: TestCatalog.facts)
            let problems = tracker.state.check()
            if !problems.isEmpty { return "invariant broken: \(problems)" }
        }
        var (expected, checksFocus) = expectedState(c.expected)
        var actual = tracker.state
        actual.request = ""
        actual.turn = 0
        actual.lastShown = []
        if !checksFocus { actual.focus = nil }
        expected.lastShown = []
        // Order within a list is not what these cases test.
        actual.constraints.includeGenres.sort(); expected.constraints.includeGenres.sort()
        actual.constraints.excludeGenres.sort(); expected.constraints.excludeGenres.sort()
        actual.constraints.mpaaAllowed.sort(); expected.constraints.mpaaAllowed.sort()
        actual.constraints.mpaaExcluded.sort(); expected.constraints.mpaaExcluded.sort()
        if actual == expected { return nil }
        return "acts \(actsSeen)\n      got  \(summary(actual))\n      want \(summary(expected))"
    }

    static func summary(_ s: DialogueState) -> String {
        var parts: [String] = []
        let c = s.constraints
        parts += c.includeGenres.map { "+\($0)" } + c.excludeGenres.map { "-\($0)" }
        if !c.year.isUnbounded { parts.append("y=\(c.year.min.map(String.init) ?? "")..\(c.year.max.map(String.init) ?? "")") }
        if !c.runtime.isUnbounded { parts.append("rt=\(c.runtime.min.map(String.init) ?? "")..\(c.runtime.max.map(String.init) ?? "")") }
        if let r = c.minimumRating { parts.append("r=\(r)") }
        if !c.mpaaAllowed.isEmpty { parts.append("mpaa=\(c.mpaaAllowed.joined(separator: ","))") }
        if !c.mpaaExcluded.isEmpty { parts.append("!mpaa=\(c.mpaaExcluded.joined(separator: ","))") }
        for (k, v) in [("like", s.liked), ("dislike", s.disliked), ("seen", s.seen), ("avoid", s.avoid)] where !v.isEmpty {
            parts.append("\(k)=\(v.map(String.init).joined(separator: ","))")
        }
        if !s.preferences.isEmpty {
            parts.append("pref=" + s.preferences.map { $0.kind.rawValue + ($0.anchor.map { "@\($0)" } ?? "") }.joined(separator: ","))
        }
        if let p = s.pendingChoice { parts.append("pending=\(p.candidates.map(String.init).joined(separator: ","))/\(p.sentiment.rawValue)") }
        if !c.strictFacets.isEmpty { parts.append("strict=\(c.strictFacets.map(\.rawValue).joined(separator: ","))") }
        if s.language != .english { parts.append("lang=\(s.language.rawValue)") }
        if let f = s.focus { parts.append("focus=\(f)") }
        return parts.isEmpty ? "(nothing)" : parts.joined(separator: " ")
    }
}

@Suite struct UtteranceTableTests {
    @Test func utterancesReachTheExpectedState() {
        let cases = englishCases + chineseCases + multiTurnCases + cueScopeCases + heldOutCases + reviewCases + mpaaCapCases
        var failures: [String] = []
        for c in cases {
            if let problem = UtteranceTable.run(c, understanding: TestCatalog.understanding) {
                failures.append("  ✗ \(c)\n      \(problem)")
            }
        }
        let correct = cases.count - failures.count
        let accuracy = Double(correct) / Double(cases.count)
        print("utterance table: \(correct)/\(cases.count) fully correct (\(Int((accuracy * 1000).rounded()) / 10)%)")
        if !failures.isEmpty { print(failures.joined(separator: "\n")) }
        #expect(cases.count >= 200)
        #expect(accuracy >= 0.95, "only \(correct) of \(cases.count) utterances fully correct")
    }
}
