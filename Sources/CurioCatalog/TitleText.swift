import Foundation

/// One word of a title or a sentence, folded for matching, with where it came from.
struct TitleWord: Sendable {
    /// Folded, canonical spelling: lowercase, no accents, roman numerals as digits.
    var text: String
    /// Where the word is in the text it came from, in UTF-8 offsets (cheaper to
    /// produce than `String.Index`es; only mentions need them converted).
    var range: Range<Int>
}

/// How titles and queries are folded so that "The Matrix", "Matrix, The" and
/// "the matirx" can meet: one tokeniser for both sides of every comparison.
enum TitleText {
    /// Leading articles in the languages MovieLens titles use. A title keeps its
    /// article in one alias and loses it in another, so "the matrix" and "matrix" both
    /// match exactly. Articles that are also common short words elsewhere ("et", "en",
    /// "to") are left out: "E.T." must stay a word.
    static let articles: Set<String> = [
        "the", "a", "an", "le", "la", "les", "l", "un", "une", "il", "lo", "gli", "i", "el",
        "los", "las", "der", "die", "das", "den", "dem", "des", "ein", "eine", "het", "de",
        "een", "o", "os", "as", "uno", "una",
    ]

    /// Whether `word` (folded) is one of `articles`; a length check first, since this
    /// runs for every alias while the index is built.
    static func isArticle(_ word: String) -> Bool {
        word.utf8.count <= 4 && articles.contains(word)
    }

    /// Roman numerals that unambiguously mean a number in a title ("Part II"). The
    /// single letters i, v and x stay words: "I, Robot", "V for Vendetta", "Malcolm X".
    static let romanNumerals: [String: String] = {
        let romans = ["ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv",
                      "xv", "xvi", "xvii", "xviii", "xix", "xx"]
        let values = [2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
        return Dictionary(uniqueKeysWithValues: zip(romans, values.map(String.init)))
    }()

    /// Number words, turned into digits after "part", "chapter", "episode" or "volume".
    static let numberWords: [String: String] = [
        "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
        "seven": "7", "eight": "8", "nine": "9", "ten": "10",
    ]

    static let sequelMarkers: Set<String> = ["part", "pt", "chapter", "episode", "volume", "vol"]

    /// Letters that carry no accent but are still spelled differently in plain ASCII.
    static let foldedLetters: [Character: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// The folded words of `text`, in order, with their ranges in `text`.
    ///
    /// Letters and digits make words; apostrophes join ("schindler's" → "schindlers")
    /// except after a one-letter elision ("l'auberge" → "l", "auberge"); dots join
    /// acronyms ("L.A." → "la", "E.T." → "et"); "&" is the word "and"; every other
    /// symbol separates. Then roman numerals become digits, "part" before a number is
    /// dropped ("Part II" → "2") and number words after a sequel marker become digits,
    /// so "godfather part two", "godfather part 2" and "godfather ii" agree.
    /// - Complexity: O(length of `text`).
    static func words(in text: String) -> [TitleWord] {
        var words = text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiWords(in: text) : unicodeWords(in: text)
        canonicalizeNumbers(&words)
        return words
    }

    /// `words(in:)` before number canonicalisation, for any text.
    static func unicodeWords(in text: String) -> [TitleWord] {
        var raw: [(String.UnicodeScalarView, Range<Int>)] = []
        let scalars = Array(text.unicodeScalars)
        var offsets = [0] // UTF-8 offset of each scalar, and of the end
        offsets.reserveCapacity(scalars.count + 1)
        for s in scalars { offsets.append(offsets[offsets.count - 1] + s.utf8.count) }
        var current = String.UnicodeScalarView()
        var start = 0
        var segmentLength = 0
        func flush(_ end: Int) {
            if !current.isEmpty { raw.append((current, offsets[start]..<offsets[end])) }
            current = String.UnicodeScalarView()
            segmentLength = 0
        }
        for i in scalars.indices {
            let s = scalars[i]
            let following: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
            if isWordScalar(s) {
                if current.isEmpty { start = i }
                current.append(s)
                segmentLength += 1
            } else if s == "&" {
                flush(i)
                raw.append(("and".unicodeScalars, offsets[i]..<offsets[i + 1]))
            } else if isApostrophe(s), !current.isEmpty, let f = following, isWordScalar(f) {
                if current.count == 1 { flush(i + 1) } // French/Italian elision: l', d'
            } else if s == ".", segmentLength == 1, let f = following, f.properties.isAlphabetic,
                      i + 2 >= scalars.count || !isWordScalar(scalars[i + 2]) {
                segmentLength = 0 // "L.A." joins into one word; "Mr.Smith" does not
            } else {
                flush(i)
            }
        }
        flush(scalars.count)
        return raw.map { TitleWord(text: fold(String($0.0)), range: $0.1) }
    }

    /// The same rules as `unicodeWords(in:)` on plain ASCII text, byte by byte: most
    /// titles and queries are ASCII, and this path is several times faster.
    static func asciiWords(in text: String) -> [TitleWord] {
        var words: [TitleWord] = []
        words.reserveCapacity(8)
        let bytes = Array(text.utf8)
        var current: [UInt8] = []
        var start = 0
        var segmentLength = 0
        func flush(_ end: Int) {
            if !current.isEmpty {
                words.append(TitleWord(text: String(decoding: current, as: UTF8.self), range: start..<end))
            }
            current.removeAll(keepingCapacity: true)
            segmentLength = 0
        }
        func isWordByte(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
        }
        func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        let n = bytes.count
        for i in 0..<n {
            let b = bytes[i]
            let following: UInt8? = i + 1 < n ? bytes[i + 1] : nil
            if isWordByte(b) {
                if current.isEmpty { start = i }
                current.append((0x41...0x5A).contains(b) ? b + 0x20 : b)
                segmentLength += 1
            } else if b == 0x26 { // &
                flush(i)
                words.append(TitleWord(text: "and", range: i..<i + 1))
            } else if b == 0x27 || b == 0x60, !current.isEmpty, let f = following, isWordByte(f) {
                if current.count == 1 { flush(i + 1) }
            } else if b == 0x2E, segmentLength == 1, let f = following, isLetter(f) {
                if i + 2 >= n || !isWordByte(bytes[i + 2]) { segmentLength = 0 } else { flush(i) }
            } else {
                flush(i)
            }
        }
        flush(n)
        return words
    }

    /// Lowercase, accent-free spelling of one word.
    static func fold(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var out = ""
        for c in folded {
            if let replacement = foldedLetters[c] { out += replacement; continue }
            for s in c.unicodeScalars where s.properties.generalCategory != .nonspacingMark {
                // Superscript and other digit forms ("Alien³") are plain digits.
                if !s.isASCII, let value = s.properties.numericValue, s.properties.numericType != nil,
                   value >= 0, value < 10, value == value.rounded() {
                    out += String(Int(value))
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out
    }

    static func canonicalizeNumbers(_ words: inout [TitleWord]) {
        for k in words.indices {
            if words[k].text == "volume" { words[k].text = "vol" } // "Kill Bill: Vol. 1"
            let utf8 = words[k].text.utf8
            if utf8.count >= 2, utf8.count <= 5, utf8.allSatisfy({ $0 == 0x69 || $0 == 0x76 || $0 == 0x78 }),
               let digits = romanNumerals[words[k].text] {
                words[k].text = digits
            }
            if k > 0, words[k].text.utf8.count <= 5, let digits = numberWords[words[k].text],
               sequelMarkers.contains(words[k - 1].text) {
                words[k].text = digits
            }
        }
        // "part 2" says no more than "2": drop the marker so "godfather 2" matches too.
        var k = words.count - 2
        while k >= 0 && words.count >= 2 {
            if words[k].text == "part" || words[k].text == "pt", words[k + 1].text.first?.isNumber == true {
                words[k + 1].range = words[k].range.lowerBound..<words[k + 1].range.upperBound
                words.remove(at: k)
            }
            k -= 1
        }
    }

    /// Whether `text` is a four-digit year a title might be tagged with.
    static func yearValue(_ text: String) -> Int? {
        guard text.utf8.count == 4, let y = Int(text), (1870...2100).contains(y) else { return nil }
        return y
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
        }
        let p = s.properties
        return p.isAlphabetic || p.numericType == .decimal || p.numericType == .digit
            || p.generalCategory == .nonspacingMark
    }

    static func isApostrophe(_ s: Unicode.Scalar) -> Bool {
        s == "'" || s == "\u{2019}" || s == "\u{02BC}" || s == "\u{2018}" || s == "`"
    }
}
