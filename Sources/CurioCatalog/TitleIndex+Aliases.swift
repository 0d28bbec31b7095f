extension TitleIndex {
    /// Weight of an alternate title from parentheses, slightly below the main title
    /// so a film known by that name elsewhere does not outrank the one called so.
    static let alternateWeight = 0.97
    /// Weight of the part of a title before or after a subtitle separator
    /// ("Star Wars" of "Star Wars: Episode IV - A New Hope").
    static let segmentWeight = 0.9

    /// The folded word sequences an item can be found by, each with a weight ≤ 1.
    ///
    /// From `title` and `originalTitle`: the text outside parentheses and each
    /// parenthesised alternate ("a.k.a." dropped); an article moved back to the front
    /// ("Matrix, The" → "The Matrix", "Auberge espagnole, L'" → "L'Auberge espagnole");
    /// then each form with and without its leading article, plus its first and last
    /// segments around ":" or " - ". Duplicates keep their highest weight.
    static func aliases(of item: Item) -> [([String], Double)] {
        // A handful per item: a linear scan dedupes faster than hashing word arrays.
        var out: [([String], Double)] = []
        func add(_ words: [String], _ weight: Double) {
            guard !words.isEmpty else { return }
            if let k = out.firstIndex(where: { $0.0 == words }) {
                out[k].1 = max(out[k].1, weight)
            } else {
                out.append((words, weight))
            }
            if words.count > 1, TitleText.articles.contains(words[0]) {
                add(Array(words.dropFirst()), weight)
            }
        }
        var forms: [(String, Double)] = []
        for text in item.title == item.originalTitle ? [item.title] : [item.title, item.originalTitle] {
            let (main, alternates) = splitParentheses(text)
            if !main.isEmpty { forms.append((movingArticleToFront(main), 1)) }
            for alternate in alternates where alternate.unicodeScalars.contains(where: \.properties.isAlphabetic) {
                forms.append((movingArticleToFront(alternate), main.isEmpty ? 1 : alternateWeight))
            }
        }
        var seen: [String] = []
        for (k, (form, weight)) in forms.enumerated() {
            if seen.contains(form) { continue } // "The Matrix" again from "Matrix, The"
            seen.append(form)
            let words = TitleText.words(in: form).map(\.text)
            // "(1995)" or "(II)" is a tag, not another name for the item.
            if k > 0, weight < 1, !words.contains(where: isContentWord) { continue }
            let weight = forms[k...].filter { $0.0 == form }.map(\.1).max() ?? weight
            add(words, weight)
            let segments = splitSegments(form)
            guard segments.count > 1 else { continue }
            for segment in [segments.first!, segments.last!] {
                let words = TitleText.words(in: segment).map(\.text)
                if words.contains(where: isContentWord) { add(words, weight * segmentWeight) }
            }
        }
        return out
    }

    /// A word that can identify a title on its own: not an article, not a number,
    /// at least three letters.
    static func isContentWord(_ word: String) -> Bool {
        word.count >= 3 && !TitleText.articles.contains(word) && !word.allSatisfy(\.isNumber)
    }

    // The helpers below walk Unicode scalars, not Characters: grapheme breaking made
    // them the slowest part of building the index, and every separator is one scalar.

    /// "Amelie (Fabuleux destin d'Amélie Poulain, Le)" → ("Amelie", ["Fabuleux destin…, Le"]).
    static func splitParentheses(_ text: String) -> (main: String, alternates: [String]) {
        guard text.unicodeScalars.contains(where: { $0 == "(" || $0 == "[" }) else { return (trimmed(text), []) }
        var main = String.UnicodeScalarView(), current = String.UnicodeScalarView()
        var alternates: [String] = []
        var depth = 0
        for c in text.unicodeScalars {
            if c == "(" || c == "[" {
                depth += 1
                if depth == 1 { current = String.UnicodeScalarView(); continue }
            } else if (c == ")" || c == "]") && depth > 0 {
                depth -= 1
                if depth == 0 {
                    alternates.append(String(current))
                    continue
                }
            }
            if depth > 0 { current.append(c) } else { main.append(c) }
        }
        if depth > 0 { main.append(contentsOf: current) } // an unclosed "(" is just text
        let cleaned = alternates.map { alt -> String in
            var s = trimmed(alt)
            for prefix in ["a.k.a.", "aka ", "a.k.a "] where s.lowercased().hasPrefix(prefix) {
                s = trimmed(String(s.unicodeScalars.dropFirst(prefix.unicodeScalars.count)))
            }
            return s
        }.filter { !$0.isEmpty }
        return (trimmed(String(main)), cleaned)
    }

    /// "Matrix, The" → "The Matrix"; "Godfather: Part II, The" → "The Godfather: Part II".
    static func movingArticleToFront(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let comma = scalars.lastIndex(of: ","), scalars.index(after: comma) < scalars.endIndex,
              scalars[scalars.index(after: comma)] == " " else { return text }
        let tail = trimmed(String(scalars[scalars.index(after: comma)...]))
        let elided = tail.unicodeScalars.last == "'" || tail.unicodeScalars.last == "\u{2019}"
        let bare = elided ? String(tail.unicodeScalars.dropLast()) : tail
        guard !bare.isEmpty, !bare.unicodeScalars.contains(" "),
              TitleText.articles.contains(TitleText.fold(bare)) else { return text }
        return tail + (elided ? "" : " ") + String(scalars[..<comma])
    }

    /// Splits at subtitle separators: ":" and a spaced dash ("-" or "–").
    static func splitSegments(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { $0 == ":" || $0 == "-" || $0 == "\u{2013}" }) else { return [trimmed(text)] }
        var segments: [String] = []
        var current = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() {
            let spacedDash = (c == "-" || c == "\u{2013}") && i > 0 && scalars[i - 1] == " "
                && i + 1 < scalars.count && scalars[i + 1] == " "
            if c == ":" || spacedDash {
                segments.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(c)
            }
        }
        segments.append(String(current))
        return segments.map(trimmed).filter { !$0.isEmpty }
    }

    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s.isASCII ? s == " " || s == "\t" : s.properties.isWhitespace }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }
}
