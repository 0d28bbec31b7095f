import Foundation

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
        var best: [[String]: Double] = [:]
        var order: [[String]] = []
        func add(_ words: [String], _ weight: Double) {
            guard !words.isEmpty else { return }
            if let w = best[words] {
                best[words] = max(w, weight)
            } else {
                best[words] = weight
                order.append(words)
            }
            if words.count > 1, TitleText.articles.contains(words[0]) {
                add(Array(words.dropFirst()), weight)
            }
        }
        var forms: [(String, Double)] = []
        for text in item.title == item.originalTitle ? [item.title] : [item.title, item.originalTitle] {
            let (main, alternates) = splitParentheses(text)
            if !main.isEmpty { forms.append((main, 1)) }
            // "(1995)" or "(II)" is a tag, not another name for the item.
            for alternate in alternates where TitleText.words(in: alternate).contains(where: { isContentWord($0.text) }) {
                forms.append((alternate, main.isEmpty ? 1 : alternateWeight))
            }
        }
        for (form, weight) in forms {
            let natural = movingArticleToFront(form)
            add(TitleText.words(in: natural).map(\.text), weight)
            let segments = splitSegments(natural)
            guard segments.count > 1 else { continue }
            for segment in [segments.first!, segments.last!] {
                let words = TitleText.words(in: segment).map(\.text)
                if words.contains(where: isContentWord) { add(words, weight * segmentWeight) }
            }
        }
        return order.map { ($0, best[$0]!) }
    }

    /// A word that can identify a title on its own: not an article, not a number,
    /// at least three letters.
    static func isContentWord(_ word: String) -> Bool {
        word.count >= 3 && !TitleText.articles.contains(word) && !word.allSatisfy(\.isNumber)
    }

    /// "Amelie (Fabuleux destin d'Amélie Poulain, Le)" → ("Amelie", ["Fabuleux destin…, Le"]).
    static func splitParentheses(_ text: String) -> (main: String, alternates: [String]) {
        var main = "", current = "", alternates: [String] = []
        var depth = 0
        for c in text {
            if c == "(" || c == "[" {
                depth += 1
                if depth == 1 { current = ""; continue }
            } else if (c == ")" || c == "]") && depth > 0 {
                depth -= 1
                if depth == 0 {
                    alternates.append(current)
                    continue
                }
            }
            if depth > 0 { current.append(c) } else { main.append(c) }
        }
        if depth > 0 { main += current } // an unclosed "(" is just text
        let cleaned = alternates.map { alt -> String in
            var s = alt.trimmingCharacters(in: .whitespaces)
            for prefix in ["a.k.a.", "aka ", "a.k.a "] where s.lowercased().hasPrefix(prefix) {
                s = String(s.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
            return s
        }.filter { !$0.isEmpty }
        return (main.trimmingCharacters(in: .whitespaces), cleaned)
    }

    /// "Matrix, The" → "The Matrix"; "Godfather: Part II, The" → "The Godfather: Part II".
    static func movingArticleToFront(_ text: String) -> String {
        guard let comma = text.range(of: ", ", options: .backwards) else { return text }
        let tail = text[comma.upperBound...].trimmingCharacters(in: .whitespaces)
        let bare = tail.hasSuffix("'") || tail.hasSuffix("’") ? String(tail.dropLast()) : tail
        guard !bare.contains(" "), TitleText.articles.contains(TitleText.fold(bare)) else { return text }
        let separator = bare.count < tail.count ? "" : " "
        return tail + separator + text[..<comma.lowerBound]
    }

    /// Splits at subtitle separators: ":" and a spaced dash.
    static func splitSegments(_ text: String) -> [String] {
        text.replacingOccurrences(of: " - ", with: ":")
            .replacingOccurrences(of: " – ", with: ":")
            .split(separator: ":")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
