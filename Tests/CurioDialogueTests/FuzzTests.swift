import Testing
import CurioCatalog
@testable import CurioDialogue
import CurioRandom

/// Exact title lookup: cheap enough for 100,000 fuzz utterances, and it still produces
/// titles, ambiguous titles ("titanic") and spans for the gating code to chew on.
struct ExactTitles: TitleResolving {
    let byKey: [String: [Int]]
    /// Lowercased words that can start a title: other windows are not looked up.
    let starts: Set<Substring>
    init(items: [Item]) {
        var map: [String: [Int]] = [:]
        var starts: Set<Substring> = []
        for item in items {
            map[FuzzyTitles.normalise(item.title), default: []].append(item.index)
            for word in item.title.lowercased().split(separator: " ").prefix(2) { starts.insert(word) }
        }
        byKey = map
        self.starts = starts
    }
    func resolveTitle(_ query: String, limit: Int) -> [TitleCandidate] {
        guard query.utf8.count < 100 else { return [] }
        return (byKey[FuzzyTitles.normalise(query)] ?? []).prefix(limit).map { TitleCandidate(item: $0, score: 1) }
    }
    func titleSpans(in text: String, limit: Int) -> [TitleSpan] {
        var spans: [TitleSpan] = []
        var words: [Range<String.Index>] = []
        var i = text.startIndex
        while i < text.endIndex, words.count < 64 {
            guard text[i] != " " else { i = text.index(after: i); continue }
            let start = i
            while i < text.endIndex, text[i] != " " { i = text.index(after: i) }
            words.append(start..<i)
        }
        for w in words.indices where starts.contains(text[words[w]]) {
            for n in 2...4 where w + n <= words.count {
                let range = words[w].lowerBound..<words[w + n - 1].upperBound
                let found = resolveTitle(String(text[range]), limit: limit)
                if !found.isEmpty { spans.append(TitleSpan(range: range, candidates: found)) }
            }
        }
        return spans
    }
}

enum Fuzz {
    static let seeds: [String] = (englishCases + chineseCases + multiTurnCases).flatMap { $0.turns.components(separatedBy: " || ") }
    static let hostile = ["99999999999999999999", "1e308", "-5", "#999999", "#0", "#", "第999999部", "第零部", "nan",
                          "under 999999999 minutes", "after 99999", "between 99999 and -3", "rated 11", "10000000000s",
                          "'99999s", "thousand thousand thousand thousand thousand thousand", "十百千千千千千千千",
                          "\u{202E}evil", "\u{1B}[31m", "\u{0}", "\r\n", "\"", "《", "“unclosed", "-", "—", "+++"]

    static func randomScalar(_ rng: inout SeededGenerator) -> Character {
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0x80...0x9F, 0xA0...0x24F, 0x4E00...0x9FFF,
                                            0x3000...0x303F, 0xFF00...0xFFEF, 0x1F300...0x1FAFF, 0x202A...0x202E, 0x300...0x36F]
        let r = ranges[Int.random(in: 0..<ranges.count, using: &rng)]
        return Character(Unicode.Scalar(UInt32.random(in: r, using: &rng)) ?? "?")
    }

    static func utterance(_ n: Int, _ rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1:
            return String((0..<Int.random(in: 0...80, using: &rng)).map { _ in randomScalar(&rng) })
        case 2:
            let bytes = (0..<Int.random(in: 0...60, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return String(decoding: bytes, as: UTF8.self)
        case 3:
            return (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                Bool.random(using: &rng) ? hostile.randomElement(using: &rng)! : seeds.randomElement(using: &rng)!
            }.joined(separator: " ")
        default:
            var chars = Array(seeds.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let at = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: chars.insert(randomScalar(&rng), at: at)
                case 1: if !chars.isEmpty { chars.remove(at: at) }
                case 2: if chars.count > 1 { chars.swapAt(at, Int.random(in: 0..<chars.count, using: &rng)) }
                default: chars.insert(contentsOf: Array(" " + hostile.randomElement(using: &rng)! + " "), at: at)
                }
            }
            return String(chars)
        }
    }
}

@Suite struct FuzzTests {
    /// 100,000 random, mutated and hostile utterances (plus 100 KB lines) through
    /// understanding and the tracker: no crash, and the state invariant always holds.
    @Test func randomUtterancesNeverBreakTheState() {
        var rng = SeededGenerator(seed: 20261130)
        let understanding = Understanding(lexicon: TestCatalog.understanding.lexicon, titles: ExactTitles(items: TestCatalog.items))
        let template = try! StateTemplate.load(path: TestCatalog.root + "/prompts/state.txt")
        var tracker = DialogueTracker()
        var broken: [String] = []
        var acts = 0
        let clock = ContinuousClock()
        let start = clock.now
        for n in 0..<100_000 {
            var text = Fuzz.utterance(n, &rng)
            if n % 5_000 == 0 { text = String(repeating: text + " under 2 hours #2 ", count: 100_000 / max(1, text.utf8.count + 18) + 1) }
            if n % 997 == 0 {
                tracker.recordShown((0..<Int.random(in: 0...12, using: &rng)).map { _ in Int.random(in: 0..<40, using: &rng) })
            }
            if n % 20_000 == 0 { tracker = DialogueTracker() }
            let interpretation = understanding.interpret(text)
            acts += interpretation.acts.count
            tracker.apply(interpretation, facts: TestCatalog.facts)
            let problems = tracker.state.check()
            if !problems.isEmpty, broken.count < 10 { broken.append("\(problems) after \(text.debugDescription.prefix(200))") }
            if n % 1_000 == 0 { _ = StatePrompt.render(tracker.state, catalog: TestCatalog.catalog, template: template) }
        }
        print("fuzz: 100000 utterances, \(acts) acts, \(clock.now - start)")
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }
}
