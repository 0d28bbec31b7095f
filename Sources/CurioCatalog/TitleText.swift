import Foundation

/// One word of a title or a sentence, folded for matching, with where it came from.
struct TitleWord: Sendable {
    /// Folded, canonical spelling: lowercase, no accents, roman numerals as digits.
    var text: String
    /// Where the word is in the text it came from.
    var range: Range<String.Index>
}

/// How titles and queries are folded so that "The Matrix", "Matrix, The" and
/// "the matirx" can meet: one tokeniser for both sides of every comparison.
enum TitleText {
    /// Leading articles in the languages MovieLens titles use. A title keeps its
    /// article in one alias and loses it in another, so "the matrix" and "matrix" both
    /// match exactly.
    static let articles: Set<String> = [
        "the", "a", "an", "le", "la", "les", "l", "un", "une", "il", "lo", "gli", "i", "el",
        "los", "las", "der", "die", "das", "den", "dem", "des", "ein", "eine", "het", "de",
        "een", "o", "os", "as", "det", "et", "en", "uno", "una", "ta", "to", "ho", "hoi", "hai",
    ]

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
        var raw: [(String.UnicodeScalarView, Range<String.Index>)] = []
        let scalars = text.unicodeScalars
        var current = String.UnicodeScalarView()
        var start = scalars.startIndex
        var segmentLength = 0
        func flush(_ end: String.Index) {
            if !current.isEmpty { raw.append((current, start..<end)) }
            current = String.UnicodeScalarView()
            segmentLength = 0
        }
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let s = scalars[i]
            let next = scalars.index(after: i)
            let following: Unicode.Scalar? = next < scalars.endIndex ? scalars[next] : nil
            if isWordScalar(s) {
                if current.isEmpty { start = i }
                current.append(s)
                segmentLength += 1
            } else if s == "&" {
                flush(i)
                raw.append(("and".unicodeScalars, i..<next))
            } else if isApostrophe(s), !current.isEmpty, let f = following, isWordScalar(f) {
                if current.count == 1 { flush(next) } // French/Italian elision: l', d'
            } else if s == ".", segmentLength == 1, let f = following, f.properties.isAlphabetic,
                      isAcronymLetter(at: next, in: scalars) {
                segmentLength = 0 // "L.A." joins into one word
            } else {
                flush(i)
            }
            i = next
        }
        flush(scalars.endIndex)
        var words = raw.map { TitleWord(text: fold(String($0.0)), range: $0.1) }
        canonicalizeNumbers(&words)
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
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    static func canonicalizeNumbers(_ words: inout [TitleWord]) {
        for k in words.indices {
            if let digits = romanNumerals[words[k].text] { words[k].text = digits }
            if k > 0, sequelMarkers.contains(words[k - 1].text), let digits = numberWords[words[k].text] {
                words[k].text = digits
            }
        }
        // "part 2" says no more than "2": drop the marker so "godfather 2" matches too.
        var k = words.count - 2
        while k >= 0 {
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
        return p.isAlphabetic || p.numericType == .decimal || p.generalCategory == .nonspacingMark
    }

    static func isApostrophe(_ s: Unicode.Scalar) -> Bool {
        s == "'" || s == "\u{2019}" || s == "\u{02BC}" || s == "\u{2018}" || s == "`"
    }

    /// After "L." in "L.A.", whether the letter at `index` is itself a lone letter
    /// (followed by a dot or the end of the word), so "Mr.Smith" stays two words.
    static func isAcronymLetter(at index: String.Index, in scalars: String.UnicodeScalarView) -> Bool {
        let after = scalars.index(after: index)
        guard after < scalars.endIndex else { return true }
        return !isWordScalar(scalars[after])
    }
}
