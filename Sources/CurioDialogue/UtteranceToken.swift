/// One token of an utterance, as `Understanding` and `Lexicon` see it.
///
/// English (and any alphabetic script) splits into lowercase words; every CJK
/// ideograph is a token of its own, so Chinese lexicon phrases match character by
/// character without a word segmenter.
struct UtteranceToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case word
        case number(Double)
        /// "90s", "1990s": the decade's first year as written (90 or 1990).
        case decade(Int)
        case cjk
        /// "#2"
        case hashReference(Int)
        /// Text between quotes: an explicit title.
        case quoted
        /// A title written out exactly as curio shows it, with its year: this item.
        case item(Int)
        /// . ! ? ; and their CJK forms.
        case sentenceEnd
        /// , 、 : — a clause break.
        case comma
        /// A dash between words (—, –, " - "): a clause break.
        case dash
    }

    var text: String
    var kind: Kind

    var isBoundary: Bool {
        switch kind {
        case .sentenceEnd, .comma, .dash: true
        default: false
        }
    }
}

/// Splits utterances into `UtteranceToken`s.
enum UtteranceTokenizer {
    /// Characters understood per utterance; the rest is ignored (a chat line is short,
    /// and this keeps a pasted 100 KB line from costing more than a typical one).
    static let characterLimit = 2_000
    /// Words whose trailing dot is part of them (titles spell them so: "Mr. Deeds",
    /// "Dr. Strangelove", "Ferris Bueller's Day Off" has none, "St. Elmo's Fire").
    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "mt", "prof", "gen", "capt", "lt", "sgt"]

    private static let quotePairs: [Unicode.Scalar: Unicode.Scalar] = [
        "\"": "\"", "\u{201C}": "\u{201D}", "\u{300A}": "\u{300B}", "\u{300C}": "\u{300D}",
        "\u{300E}": "\u{300F}", "\u{00AB}": "\u{00BB}",
    ]

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || s.value == 0x3007
    }

    /// Folds full-width ASCII (Ｐ，８０) to ASCII and applies lowercase.
    static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        var v = s.value
        if (0xFF10...0xFF19).contains(v) || (0xFF21...0xFF3A).contains(v) || (0xFF41...0xFF5A).contains(v) {
            v -= 0xFEE0
        }
        if (0x41...0x5A).contains(v) { v += 0x20 }
        if v == 0x2019 { v = 0x27 }  // ’ → '

        guard let folded = Unicode.Scalar(v) else { return s }
        // Only cased scripts need the (slow) property lookup; CJK and ASCII never do.
        if v > 0x7F, v < 0x2E80 || v > 0xFF00, folded.properties.isUppercase, let lower = folded.properties.lowercaseMapping.unicodeScalars.first,
           folded.properties.lowercaseMapping.unicodeScalars.count == 1 {
            return lower
        }
        return folded
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (0x61...0x7A).contains(s.value) || (0x30...0x39).contains(s.value) }
        if isHan(s) || (0x3000...0x303F).contains(s.value) { return false }
        return s.properties.isAlphabetic
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { (0x30...0x39).contains(s.value) }

    /// The tokens of `text` (at most `characterLimit` characters of it are read).
    /// - Complexity: O(n) in the length of the (truncated) text.
    /// `titles`, when given, recognises "Title (Year)" written out in full
    /// (`TitleResolving.displayedTitle`): the tokens of the title become one `.item`.
    static func tokenize(_ text: String, titles: (any TitleResolving)? = nil) -> [UtteranceToken] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(min(text.unicodeScalars.count, characterLimit))
        for s in text.unicodeScalars {
            if scalars.count >= characterLimit { break }
            scalars.append(fold(s))
        }
        var tokens: [UtteranceToken] = []
        var i = 0
        let n = scalars.count
        var bytes: [UInt8] = []
        func word(_ from: Int, _ to: Int) -> String {
            bytes.removeAll(keepingCapacity: true)
            for s in scalars[from..<to] { UTF8.encode(s) { bytes.append($0) } }
            return String(decoding: bytes, as: UTF8.self)
        }
        var starts: [Int] = []  // the scalar offset each token began at
        var iterationStart = 0
        while i < n {
            while starts.count < tokens.count { starts.append(iterationStart) }
            iterationStart = i
            let s = scalars[i]
            if let close = quotePairs[s] {
                if let end = scalars[(i + 1)...].firstIndex(of: close), end > i + 1 {
                    let inner = tokenize(word(i + 1, end)).filter { !$0.isBoundary }.map(\.text)
                    if !inner.isEmpty {
                        tokens.append(UtteranceToken(text: inner.joined(separator: " "), kind: .quoted))
                    }
                    i = end + 1
                } else {
                    i += 1
                }
                continue
            }
            if isDigit(s) || (s == "'" && i + 1 < n && isDigit(scalars[i + 1]) && (i == 0 || !isWordScalar(scalars[i - 1]))) {
                if s == "'" { i += 1 }
                var j = i
                while j < n, isDigit(scalars[j]) { j += 1 }
                if j + 1 < n, scalars[j] == ".", isDigit(scalars[j + 1]) {
                    j += 1
                    while j < n, isDigit(scalars[j]) { j += 1 }
                }
                let digits = word(i, j)
                // More than 9 digits is no year, runtime or rating: keep it a plain word.
                if digits.count > 9 {
                    tokens.append(UtteranceToken(text: digits, kind: .word))
                } else if j < n, scalars[j] == "s", !(j + 1 < n && isWordScalar(scalars[j + 1])),
                          let whole = Int(digits) {
                    tokens.append(UtteranceToken(text: digits + "s", kind: .decade(whole)))
                    j += 1
                } else if j + 1 < n, scalars[j] == "'" || scalars[j] == "\u{2019}", scalars[j + 1] == "s",
                          !(j + 2 < n && isWordScalar(scalars[j + 2])), digits.count == 4, let whole = Int(digits) {
                    // "the 2000's": a decade, however often style guides frown on the apostrophe.
                    tokens.append(UtteranceToken(text: digits + "s", kind: .decade(whole)))
                    j += 2
                } else {
                    tokens.append(UtteranceToken(text: digits, kind: .number(Double(digits) ?? 0)))
                    if j + 1 < n, scalars[j] == "-" || scalars[j] == "\u{2013}", isDigit(scalars[j + 1]) {
                        tokens.append(UtteranceToken(text: "-", kind: .word))
                        j += 1
                    }
                }
                i = j
                continue
            }
            if isWordScalar(s) {
                var j = i + 1
                while j < n {
                    let c = scalars[j]
                    if isWordScalar(c) && !isDigit(c) { j += 1; continue }
                    if isDigit(c), j > i, isDigit(scalars[j - 1]) || scalars[j - 1] == "-" { j += 1; continue }
                    // Inner apostrophes and hyphens stay: "don't", "sci-fi", "pg-13"; so do the
                    // dots of initials ("E.T.").
                    if (c == "'" || c == "-" || (c == "." && j - i == 1)), j + 1 < n, isWordScalar(scalars[j + 1]),
                       !isDigit(scalars[j + 1]) {
                        j += 1
                        continue
                    }
                    // An abbreviation's dot ("Mrs. Doubtfire", the last dot of "E.T.") ends no
                    // sentence, or every title with one would be cut in two.
                    if c == ".", Self.abbreviations.contains(word(i, j).lowercased())
                        || (j >= i + 3 && scalars[j - 2] == ".") {
                        j += 1
                    }
                    break
                }
                tokens.append(UtteranceToken(text: word(i, j), kind: .word))
                i = j
                continue
            }
            if isHan(s) {
                tokens.append(UtteranceToken(text: String(Character(s)), kind: .cjk))
                i += 1
                continue
            }
            // "Heat (1995)", as curio itself writes titles: the year belongs to the title
            // before it, so no boundary splits them (a bare "heat 1995" reads the same).
            if s == "(" || s == "\u{FF08}", i + 5 < n, scalars[i + 5] == ")" || scalars[i + 5] == "\u{FF09}",
               (1...4).allSatisfy({ isDigit(scalars[i + $0]) }) {
                let digits = word(i + 1, i + 5)
                var end = i
                while end > 0, scalars[end - 1] == " " { end -= 1 }
                if let titles, let year = Int(digits),
                   let found = titles.displayedTitle(endingWith: Array(scalars[..<end]), year: year),
                   end - found.length == 0 || !isWordScalar(scalars[end - found.length - 1]) {
                    let start = end - found.length
                    let kept = starts.firstIndex { $0 >= start } ?? tokens.count
                    tokens.removeSubrange(kept...)
                    starts.removeSubrange(kept...)
                    tokens.append(UtteranceToken(text: word(start, end), kind: .item(found.item)))
                    starts.append(start)
                } else {
                    tokens.append(UtteranceToken(text: digits, kind: .number(Double(digits) ?? 0)))
                }
                i += 6
                continue
            }
            switch s {
            case "#":
                var j = i + 1
                while j < n, isDigit(scalars[j]), j - i < 6 { j += 1 }
                if j > i + 1, let value = Int(word(i + 1, j)) {
                    tokens.append(UtteranceToken(text: word(i, j), kind: .hashReference(value)))
                    i = j
                    continue
                }
            case ".", "!", "?", ";", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{FF1B}", "\n":
                tokens.append(UtteranceToken(text: String(Character(s)), kind: .sentenceEnd))
            case ",", ":", "\u{FF0C}", "\u{3001}", "\u{FF1A}", "(", ")", "\u{FF08}", "\u{FF09}":
                tokens.append(UtteranceToken(text: ",", kind: .comma))
            case "\u{2014}", "\u{2013}", "-":
                tokens.append(UtteranceToken(text: "-", kind: .dash))
            case "+", "&", "~", "<", ">", "\u{2264}", "\u{2265}":
                tokens.append(UtteranceToken(text: String(Character(s)), kind: .word))
            default:
                break
            }
            i += 1
        }
        return tokens
    }
}
