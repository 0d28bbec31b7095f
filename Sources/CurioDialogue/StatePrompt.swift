import CurioCatalog

/// A parsed prompts/state.txt: how the dialogue state is written into the model's context.
///
/// Syntax: `#` lines are comments; the other lines form one line of text in which
/// `{name}` is a placeholder and `[ ... ]` an optional group, dropped when every
/// placeholder inside it renders empty (so no dangling `<|liked|>` marker). Anything
/// else — token markers such as `<|state|>` — is copied as is. Runs of white space
/// collapse to one space. Placeholders: see `StateTemplate.Field`.
public struct StateTemplate: Sendable, Equatable {
    /// What a placeholder stands for.
    public enum Field: String, Sendable, CaseIterable {
        case liked, disliked, seen, include, exclude, constraints, preferences, shown, language, avoid
    }

    enum Segment: Sendable, Equatable {
        case text(String)
        case field(Field)
        case group([Segment])
    }

    let segments: [Segment]

    /// Parses template text; `source` names it in errors.
    /// - Throws: `DialogueError.template` with the line of an unknown placeholder, an
    ///   unclosed `{` or `[`, or a nested group.
    public init(parsing text: String, source: String) throws {
        var top: [Segment] = []
        var group: [Segment]?
        var literal = ""
        func flush() {
            guard !literal.isEmpty else { return }
            if group != nil { group!.append(.text(literal)) } else { top.append(.text(literal)) }
            literal = ""
        }
        var groupLine = 0
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            if line.trimmingSpaces.hasPrefix("#") { continue }
            func fail(_ message: String) -> DialogueError { .template(source: source, line: number, message: message) }
            var chars = line.makeIterator()
            while let c = chars.next() {
                switch c {
                case "{":
                    var name = ""
                    var closed = false
                    while let d = chars.next() {
                        if d == "}" { closed = true; break }
                        name.append(d)
                    }
                    guard closed else { throw fail("'{' without '}'") }
                    guard let field = Field(rawValue: name) else {
                        throw fail("unknown placeholder {\(name)}; known: \(Field.allCases.map { "{\($0.rawValue)}" }.joined(separator: " "))")
                    }
                    flush()
                    if group != nil { group!.append(.field(field)) } else { top.append(.field(field)) }
                case "[":
                    guard group == nil else { throw fail("'[' inside an optional group: groups do not nest") }
                    flush()
                    group = []
                    groupLine = number
                case "]":
                    guard let g = group else { throw fail("']' without '['") }
                    flush()
                    top.append(.group(g))
                    group = nil
                case "}":
                    throw fail("'}' without '{'")
                default:
                    literal.append(c)
                }
            }
            literal.append(" ")
        }
        if group != nil { throw DialogueError.template(source: source, line: groupLine, message: "'[' is never closed") }
        flush()
        segments = top
    }

    /// Loads and parses a template file (prompts/state.txt).
    public static func load(path: String) throws -> StateTemplate {
        try StateTemplate(parsing: try FileList.read(path), source: path)
    }
}

/// Writes a dialogue state into the model's context, deterministically.
///
/// The same function serves training (synthetic conversations) and the chat at run
/// time, so the model sees at run time exactly what it learned from. Items appear as
/// `<|item=ID|>` (the catalog's own id), genres as `<|genres=Comedy|>`, MPAA ratings as
/// `<|mpaa=PG|>`; year, runtime and rating bounds as short text ("year 1990-1999") followed
/// by the attribute markers of the decades/bands they cover, named after the catalog's
/// facets (`<|year=1990s|>`, `<|runtime=90-119 min|>`). Lists are capped (`listLimit`,
/// most recent kept) to keep the context compact.
public enum StatePrompt {
    /// Most items rendered per list (liked, disliked, seen, shown, avoid).
    public static let listLimit = 20
    /// Year ranges covering more decades than this get no decade markers.
    public static let decadeMarkerLimit = 3

    /// The filled template.
    /// - Complexity: O(s + f) for s items in the state and f facet bands, plus one scan
    ///   of the catalog's years when a year range is set (which decades have a token).
    public static func render(_ state: DialogueState, catalog: Catalog, template: StateTemplate) -> String {
        var out = ""
        for segment in template.segments {
            switch segment {
            case .text(let t): out += t
            case .field(let f): out += " " + value(f, state, catalog) + " "
            case .group(let parts):
                let values = parts.map { part -> String in
                    switch part {
                    case .text(let t): return t
                    case .field(let f): return value(f, state, catalog)
                    case .group: return ""
                    }
                }
                let anyField = zip(parts, values).contains { part, value in
                    if case .field = part { return !value.isEmpty }
                    return false
                }
                if anyField { out += " " + values.joined(separator: " ") + " " }
            }
        }
        return out.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    static func value(_ field: StateTemplate.Field, _ s: DialogueState, _ catalog: Catalog) -> String {
        let genreColumn = catalog.manifest.facets.first { $0.kind == .list }?.column ?? "genres"
        let mpaaColumn = catalog.manifest.facets.first { $0.column == "mpaa" }?.column ?? "mpaa"
        func items(_ list: [Int]) -> String {
            list.suffix(listLimit).compactMap { catalog.items.indices.contains($0) ? "<|item=\(catalog.items[$0].id)|>" : nil }
                .joined(separator: " ")
        }
        switch field {
        case .liked: return items(s.liked)
        case .disliked: return items(s.disliked)
        case .seen: return items(s.seen)
        case .shown: return items(s.lastShown)
        case .avoid: return items(s.avoid)
        case .language: return s.language.rawValue
        case .include:
            return (s.constraints.includeGenres.map { "<|\(genreColumn)=\($0)|>" }
                + s.constraints.mpaaAllowed.map { "<|\(mpaaColumn)=\($0)|>" }).joined(separator: " ")
        case .exclude:
            return (s.constraints.excludeGenres.map { "<|\(genreColumn)=\($0)|>" }
                + s.constraints.mpaaExcluded.map { "<|\(mpaaColumn)=\($0)|>" }).joined(separator: " ")
        case .constraints: return constraints(s.constraints, catalog.manifest, items: catalog.items)
        case .preferences:
            guard !s.preferences.isEmpty else { return "" }
            return "prefer " + s.preferences.map { p in
                let anchor = p.anchor.flatMap { catalog.items.indices.contains($0) ? " <|item=\(catalog.items[$0].id)|>" : nil } ?? ""
                return p.kind.phrase + anchor
            }.joined(separator: " ")
        }
    }

    static func range(_ b: Bounds<Int>) -> String {
        switch (b.min, b.max) {
        case let (a?, c?): a == c ? "\(a)" : "\(a)-\(c)"
        case let (a?, nil): "≥\(a)"
        case let (nil, c?): "≤\(c)"
        case (nil, nil): ""
        }
    }

    static func constraints(_ c: HardConstraints, _ manifest: CatalogManifest, items: [Item]) -> String {
        var parts: [String] = []
        if !c.year.isUnbounded {
            parts.append("year " + range(c.year))
            if let facet = manifest.facets.first(where: { $0.kind == .decade }) {
                let lo = (c.year.min ?? Int.min / 2), hi = (c.year.max ?? Int.max / 2)
                if c.year.min != nil, c.year.max != nil, hi / 10 - lo / 10 < decadeMarkerLimit {
                    // Only decades some item is from have a token (CurioCatalog.FacetLabels).
                    for d in stride(from: lo / 10 * 10, through: hi / 10 * 10, by: 10)
                    where items.contains(where: { $0.year.map { $0 >= d && $0 < d + 10 } ?? false }) {
                        parts.append("<|\(facet.column)=\(d)s|>")
                    }
                }
            }
        }
        if !c.runtime.isUnbounded {
            parts.append("runtime " + range(c.runtime))
            parts += bandMarkers(manifest, column: "runtime", min: c.runtime.min.map(Double.init), max: c.runtime.max.map(Double.init))
        }
        if let r = c.minimumRating {
            parts.append("imdb ≥\(r.formatted1)")
            parts += bandMarkers(manifest, column: "imdb_rating", min: r, max: nil)
        }
        if !c.strictFacets.isEmpty { parts.append("strict " + c.strictFacets.sorted().map(\.rawValue).joined(separator: " ")) }
        return parts.joined(separator: " ")
    }

    /// Markers of the bands of `column` that overlap [min, max].
    static func bandMarkers(_ manifest: CatalogManifest, column: String, min: Double?, max: Double?) -> [String] {
        guard let facet = manifest.facets.first(where: { $0.column == column && $0.kind == .bands }),
              let cuts = facet.cuts, let labels = facet.labels, labels.count == cuts.count + 1 else { return [] }
        var out: [String] = []
        for (i, label) in labels.enumerated() {
            let lo = i == 0 ? -Double.infinity : cuts[i - 1]
            let hi = i == cuts.count ? Double.infinity : cuts[i]
            if let max, lo > max { continue }
            if let min, hi <= min { continue }
            out.append("<|\(column)=\(label)|>")
        }
        return out.count == labels.count ? [] : out
    }
}

extension Preference {
    /// How a preference reads in the state prompt.
    var phrase: String {
        switch self {
        case .lessViolent: "less-violent"
        case .hiddenGem: "hidden-gem"
        default: rawValue
        }
    }
}

extension Double {
    var formatted1: String {
        let tenths = (self * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(Int(tenths) / 10).\(abs(Int(tenths)) % 10)"
    }
}
