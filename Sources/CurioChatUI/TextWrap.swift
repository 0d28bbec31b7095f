/// Word wrapping of styled text by display width.
public enum TextWrap {
    /// Breaks `runs` into lines at most `width` columns wide, at spaces where possible
    /// (a word longer than a line is broken by character). Lines after the first start
    /// with `indent` spaces. Text is made cell-safe first; the result's widths are exact.
    ///
    /// - Complexity: O(n) in the text's length.
    public static func wrap(_ runs: StyledLine, width: Int, indent: Int = 0) -> [StyledLine] {
        let width = max(1, width)
        let indent = indent < width ? max(0, indent) : 0
        // Alternating runs of spaces and words, as (character, role, width) glyphs. Spaces
        // inside a line are kept as typed (padding, indentation); at a break they vanish.
        typealias Glyph = (character: Character, role: CellRole, width: Int)
        var tokens: [(isSpace: Bool, glyphs: [Glyph])] = []
        for run in runs {
            for character in run.text.cellSafe {
                let isSpace = character == " "
                let glyph: Glyph = (character, run.role, DisplayWidth.of(character))
                if let last = tokens.last, last.isSpace == isSpace {
                    tokens[tokens.count - 1].glyphs.append(glyph)
                } else {
                    tokens.append((isSpace, [glyph]))
                }
            }
        }

        var lines: [StyledLine] = []
        var line: [Glyph] = []
        var used = 0
        var hasContent = false
        var pendingSpace: [Glyph] = []
        func flush() {
            lines.append(merge(line))
            line = Array(repeating: (" ", .normal, 1), count: indent)
            used = indent
            hasContent = false
        }
        for token in tokens {
            if token.isSpace {
                // Leading spaces of the first line are kept; elsewhere they wait for a word.
                pendingSpace = (hasContent || !lines.isEmpty) ? token.glyphs : []
                if !hasContent && lines.isEmpty { line += token.glyphs; used += token.glyphs.count }
                continue
            }
            let word = token.glyphs
            let wordWidth = word.reduce(0) { $0 + $1.width }
            let spaceWidth = hasContent ? pendingSpace.count : 0
            if used + spaceWidth + wordWidth <= width {
                if hasContent { line += pendingSpace }
                line += word
                used += spaceWidth + wordWidth
            } else {
                if hasContent { flush() }
                for glyph in word {
                    if used + glyph.width > width && used > indent { flush() }
                    line.append(glyph)
                    used += glyph.width
                }
            }
            hasContent = true
            pendingSpace = []
        }
        if hasContent || lines.isEmpty { lines.append(merge(line)) }
        return lines

        func merge(_ glyphs: [Glyph]) -> StyledLine {
            var out: StyledLine = []
            for g in glyphs {
                if let last = out.last, last.role == g.role {
                    out[out.count - 1].text.append(g.character)
                } else {
                    out.append(StyledRun(String(g.character), g.role))
                }
            }
            return out
        }
    }

    /// Plain-text convenience: wraps one string in one role.
    public static func wrap(_ text: String, role: CellRole = .normal, width: Int, indent: Int = 0) -> [StyledLine] {
        wrap([StyledRun(text, role)], width: width, indent: indent)
    }

    /// `text` cut to at most `width` columns, with "…" when something was cut.
    public static func truncate(_ text: String, width: Int) -> String {
        let safe = text.cellSafe
        guard DisplayWidth.of(safe) > width else { return safe }
        guard width > 0 else { return "" }
        var out = ""
        var used = 0
        for character in safe {
            let w = DisplayWidth.of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces (or truncated) to exactly `width` columns.
    public static func pad(_ text: String, width: Int) -> String {
        let cut = truncate(text, width: width)
        return cut + String(repeating: " ", count: max(0, width - DisplayWidth.of(cut)))
    }
}

extension StyledLine {
    /// The line's text without roles.
    public var plainText: String { map(\.text).joined() }
}
