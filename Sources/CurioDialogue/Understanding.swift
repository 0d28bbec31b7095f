/// Turns one utterance (English or Chinese) into `DialogueAct`s.
///
/// A pipeline of small stages, each cheap and total (no input makes it fail):
/// 1. tokenize (`UtteranceTokenizer`: lowercase words, one token per CJK ideograph);
/// 2. match lexicon phrases, longest first (`Lexicon`, loaded from prompts/lexicon/);
/// 3. find titles (`Understanding+Titles.swift`): only after a cue ("loved", "like",
///    "seen", "than", "why", "喜欢"), inside quotes, or as a strong multi-word match —
///    so "something funny" never becomes the movie "Funny";
/// 4. read each sentence left to right, tracking negation scope, the current cue and
///    relaxing words (`Understanding+Acts.swift`), and numbers, units and comparators
///    (`Understanding+Quantities.swift`).
///
/// Understanding knows nothing of the dialogue state: references ("#2", "it") stay
/// symbolic and `DialogueTracker` resolves them.
public struct Understanding: Sendable {
    public let lexicon: Lexicon
    public let titles: (any TitleResolving)?
    /// Lowest title score accepted after a cue or in quotes.
    public var cueThreshold = 0.8
    /// Lowest title score accepted for a multi-word title with no cue.
    public var bareThreshold = 0.93
    /// Candidates within this much of the best are "equally good": the user is asked.
    public var ambiguityMargin = 0.02

    public init(lexicon: Lexicon, titles: (any TitleResolving)?) {
        self.lexicon = lexicon
        self.titles = titles
    }

    /// Loads the lexicon from `directory` (prompts/lexicon).
    /// - Throws: `DialogueError` naming the file and line of a bad lexicon entry.
    public static func load(lexiconDirectory directory: String, titles: (any TitleResolving)?) throws -> Understanding {
        Understanding(lexicon: try Lexicon.load(directory: directory), titles: titles)
    }

    /// The acts of `utterance`, in the order the user said them.
    ///
    /// Only the first `UtteranceTokenizer.characterLimit` characters are read. Text that
    /// yields no act gives `.chitChat` (greetings, thanks; "request" for a bare "any
    /// suggestions?"; "indifferent" for "either", "don't care") or `.unknown`.
    /// - Complexity: O(n·k) for n tokens and k phrases sharing a first word, plus the
    ///   title lookups: at most 8 per token after a cue, one `titleSpans` call otherwise.
    public func interpret(_ utterance: String) -> Interpretation {
        let tokens = UtteranceTokenizer.tokenize(utterance, titles: titles)
        // utf8.count bounds the scalar count: most utterances need no copy.
        let head = utterance.utf8.count <= UtteranceTokenizer.characterLimit ? utterance
            : String(String.UnicodeScalarView(utterance.unicodeScalars.prefix(UtteranceTokenizer.characterLimit)))
        let language = Language(detectingIn: head)
        var text = head.sanitizedForDialogue
        if text.unicodeScalars.count > DialogueState.requestLimit {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(DialogueState.requestLimit)))
        }
        var marks = lexiconMarks(tokens)
        if titles != nil { marks = findTitles(in: marks, tokens: tokens) }
        var acts = acts(from: marks)
        if acts.isEmpty {
            let chat = marks.compactMap { mark -> String? in
                guard case .terms(let entry) = mark.piece else { return nil }
                for case .chat(let what) in entry.meaning { return what }
                return nil
            }
            // Cast or crew ("anything starring …") is said to be unknown rather than answered
            // with a list that ignores it; a request ("hi, any suggestions?") outweighs the
            // greeting around it, and "ok, whatever" is no preference, not an acknowledgement.
            let chosen = chat.first { $0 == "people" } ?? chat.first { $0 == "request" }
                ?? chat.first { $0 == "indifferent" } ?? chat.first
            acts = [chosen.map(DialogueAct.chitChat) ?? .unknown(text)]
        }
        return Interpretation(text: text, language: language, acts: acts)
    }

    /// A stretch of tokens and what it was recognised as.
    struct Mark {
        enum Piece {
            case terms(Lexicon.Entry)
            case number(Double)
            case decade(Int)
            case hash(Int)
            case quoted(String)
            case boundary(UtteranceToken.Kind)
            case word(String)
            case title([TitleCandidate])
            /// A position or year reference built from numbers ("number 2", "2nd", "第二", "the 1997 one").
            case reference(ItemReference)
        }
        var piece: Piece
        /// Token range [start, end).
        var start: Int
        var end: Int

        var isFiller: Bool {
            if case .terms(let e) = piece { return e.meaning.allSatisfy { $0 == .filler || $0.isGlue } }
            return false
        }
    }

    /// Stage 2: lexicon phrases (longest first), numbers and punctuation.
    func lexiconMarks(_ tokens: [UtteranceToken]) -> [Mark] {
        var marks: [Mark] = []
        marks.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .sentenceEnd, .comma, .dash:
                marks.append(Mark(piece: .boundary(token.kind), start: i, end: i + 1))
            case .number(let v):
                marks.append(Mark(piece: .number(v), start: i, end: i + 1))
            case .decade(let v):
                marks.append(Mark(piece: .decade(v), start: i, end: i + 1))
            case .hashReference(let v):
                marks.append(Mark(piece: .hash(v), start: i, end: i + 1))
            case .quoted:
                marks.append(Mark(piece: .quoted(token.text), start: i, end: i + 1))
            case .item(let item):
                marks.append(Mark(piece: .title([TitleCandidate(item: item, score: 1)]), start: i, end: i + 1))
            case .word, .cjk:
                if let entry = lexicon.longestMatch(in: tokens, at: i) {
                    marks.append(Mark(piece: .terms(entry), start: i, end: i + entry.tokens.count))
                    i += entry.tokens.count
                    continue
                }
                marks.append(Mark(piece: .word(token.text), start: i, end: i + 1))
            }
            i += 1
        }
        return marks
    }
}

extension String {
    /// This text without control characters, line breaks as spaces: safe to store and show.
    var sanitizedForDialogue: String {
        func unsafe(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
        guard unicodeScalars.contains(where: unsafe) else { return self }
        var out = String.UnicodeScalarView()
        for s in unicodeScalars {
            switch s.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(s)
            }
        }
        return String(out)
    }
}
