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
            if words.count > 1, TitleText.isArticle(words[0]) {
                add(Array(words.dropFirst()), weight)
            }
        }
        var forms: [(String, Double)] = []
        for text in item.title == item.originalTitle ? [item.title] : [item.title, item.originalTitle] {
            let (main, alternates) = splitParentheses(text)
            if !main.isEmpty { forms.append((movingArticleToFront(main), 1)) }
            for alternate in alternates {
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
            // "E.T. the Extra-Terrestrial" is also just "E.T.".
            if isDottedAcronym(form.utf8.prefix(while: { $0 != 0x20 })), words.count > 1 {
                add([words[0]], weight * segmentWeight)
            }
            let segments = splitSegments(form)
            guard segments.count > 1 else { continue }
            for (k, segment) in [segments.first!, segments.last!].enumerated() {
                var words = TitleText.words(in: segment).map(\.text)
                // "Dr. Strangelove or: How I Learned to Stop Worrying…": the "or" belongs to the subtitle.
                if k == 0, words.count > 1, words.last == "or" { words.removeLast() }
                // A number can stand for the whole title when it leads it ("2001").
                let leadingNumber = k == 0 && words.count == 1 && words[0].count >= 3 && words[0].allSatisfy(\.isNumber)
                if leadingNumber || words.contains(where: isContentWord) { add(words, weight * segmentWeight) }
            }
        }
        return out
    }

    /// A word that can identify a title on its own: not an article, not a number,
    /// at least three letters.
    static func isContentWord(_ word: String) -> Bool {
        word.utf8.count >= 3 && !TitleText.isArticle(word) && !word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    // The helpers below work on UTF-8 bytes: every separator they look for is ASCII
    // (or the en dash, E2 80 93), and walking Characters made them the slowest part
    // of building the index.

    /// "Amelie (Fabuleux destin d'Amélie Poulain, Le)" → ("Amelie", ["Fabuleux destin…, Le"]).
    static func splitParentheses(_ text: String) -> (main: String, alternates: [String]) {
        guard text.utf8.contains(where: { $0 == 0x28 || $0 == 0x5B }) else { return (trimmed(text), []) }
        let bytes = Array(text.utf8)
        var main: [UInt8] = [], current: [UInt8] = []
        var alternates: [String] = []
        var depth = 0
        for b in bytes {
            if b == 0x28 || b == 0x5B { // ( [
                depth += 1
                if depth == 1 { current.removeAll(keepingCapacity: true); continue }
            } else if (b == 0x29 || b == 0x5D) && depth > 0 { // ) ]
                depth -= 1
                if depth == 0 {
                    alternates.append(String(decoding: current, as: UTF8.self))
                    continue
                }
            }
            if depth > 0 { current.append(b) } else { main.append(b) }
        }
        if depth > 0 { main += current } // an unclosed "(" is just text
        let cleaned = alternates.map { alt -> String in
            let s = trimmed(alt)
            for prefix in ["a.k.a. ", "a.k.a ", "aka "] {
                let head = s.utf8.prefix(prefix.utf8.count)
                if head.count == prefix.utf8.count, zip(head, prefix.utf8).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                    return trimmed(String(decoding: s.utf8.dropFirst(prefix.utf8.count), as: UTF8.self))
                }
            }
            return s
        }.filter { !$0.isEmpty }
        return (trimmed(String(decoding: main, as: UTF8.self)), cleaned)
    }

    /// "Matrix, The" → "The Matrix"; "Godfather: Part II, The" → "The Godfather: Part II".
    static func movingArticleToFront(_ text: String) -> String {
        guard text.utf8.contains(0x2C) else { return text }
        let bytes = Array(text.utf8)
        guard let comma = bytes.lastIndex(of: 0x2C), comma + 1 < bytes.count, bytes[comma + 1] == 0x20 else {
            return text
        }
        let tail = trimmed(String(decoding: bytes[(comma + 1)...], as: UTF8.self))
        let elided = tail.hasSuffix("'") || tail.hasSuffix("\u{2019}")
        let bare = elided ? String(tail.dropLast()) : tail
        guard !bare.isEmpty, !bare.utf8.contains(0x20), TitleText.isArticle(TitleText.fold(bare)) else {
            return text
        }
        return tail + (elided ? "" : " ") + String(decoding: bytes[..<comma], as: UTF8.self)
    }

    /// Splits at subtitle separators: ":" and a spaced dash ("-" or "–").
    static func splitSegments(_ text: String) -> [String] {
        guard text.utf8.contains(where: { $0 == 0x3A || $0 == 0x2D || $0 == 0xE2 }) else { return [trimmed(text)] }
        let bytes = Array(text.utf8)
        var segments: [String] = []
        var start = 0, i = 0
        while i < bytes.count {
            var width = 0
            if bytes[i] == 0x3A {
                width = 1
            } else if i > 0, bytes[i - 1] == 0x20 {
                if bytes[i] == 0x2D, i + 1 < bytes.count, bytes[i + 1] == 0x20 {
                    width = 1
                } else if bytes[i] == 0xE2, i + 3 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x93, bytes[i + 3] == 0x20 {
                    width = 3
                }
            }
            if width > 0 {
                segments.append(String(decoding: bytes[start..<i], as: UTF8.self))
                start = i + width
                i += width
            } else {
                i += 1
            }
        }
        segments.append(String(decoding: bytes[start...], as: UTF8.self))
        return segments.map(trimmed).filter { !$0.isEmpty }
    }

    /// Whether `token` is letters each followed by a dot, at least two ("E.T.", "S.W.A.T.").
    static func isDottedAcronym(_ token: Substring.UTF8View) -> Bool {
        let bytes = Array(token)
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return false }
        return stride(from: 0, to: bytes.count, by: 2).allSatisfy { k in
            let b = bytes[k] | 0x20
            return b >= 0x61 && b <= 0x7A && bytes[k + 1] == 0x2E
        }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return text }
        return String(text[first...last])
    }
}
