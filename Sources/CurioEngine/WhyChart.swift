import CurioCatalog
import CurioDialogue

/// The weights of an explanation as a small text bar chart, one line per cause:
///
///     • you liked Toy Story (1995)   ████████░░ 0.62
///       you asked for Comedy         ██░░░░░░░░ 0.21
///
/// A bullet marks the causes the explanation cites (a cited hard constraint can have a
/// small or negative weight: it decides through the mask, which the weights do not see).
/// Worded through the `why.bar` template of prompts/replies.*.txt. A bar's filled cells
/// are the cause's weight (its share of the drops; the helping shares add up to 1), so
/// bars compare across explanations; a cause that hurts gets an empty bar and a negative
/// number. Labels are sanitised, cut to `labelWidth` terminal cells and padded so the
/// bars line up (CJK characters take two cells).
public enum WhyChart {
    /// Cells of a full bar.
    public static let barWidth = 10
    /// Widest label, in terminal cells.
    public static let labelWidth = 32
    /// Most causes drawn: the cited ones always, then the heaviest of the others.
    public static let lineLimit = 6

    /// The chart lines of `causes` (ordered largest weight first): every cited cause and
    /// the heaviest others, at most `lineLimit` lines unless more are cited, in order.
    public static func lines(_ causes: [WhyCause], replies: ReplyTemplates, language: Language) -> [String] {
        let drawn = shown(causes)
        let labels = drawn.map { cut($0.label.sanitizedForTerminal, to: labelWidth) }
        let width = labels.map(cells).max() ?? 0
        return zip(drawn, labels).map { cause, label in
            replies.text("why.bar", language, ["mark": cause.cited ? "•" : " ",
                                               "label": label + String(repeating: " ", count: width - cells(label)),
                                               "bar": bar(cause.weight), "weight": number(cause.weight)])
        }
    }

    /// The causes a chart draws: every cited cause and the heaviest others, at most
    /// `lineLimit` unless more are cited, in their order.
    public static func shown(_ causes: [WhyCause]) -> [WhyCause] {
        var others = max(0, lineLimit - causes.filter(\.cited).count)
        return causes.filter { cause in
            if cause.cited { return true }
            others -= 1
            return others >= 0
        }
    }

    /// "████████░░" for 0.8: the weight in tenths of a full bar, clamped to 0...1.
    public static func bar(_ weight: Double) -> String {
        let filled = weight.isFinite ? max(0, min(barWidth, Int((weight * Double(barWidth)).rounded()))) : 0
        return String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
    }

    /// "0.62", "-0.05": two decimals.
    static func number(_ weight: Double) -> String {
        guard weight.isFinite else { return "?" }
        let hundredths = Int((weight * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Terminal cells of `text`: two for East Asian wide characters, none for
    /// combining marks, one otherwise.
    static func cells(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + cells($1) }
    }

    private static func cells(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return 0 }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    /// `text` cut to at most `limit` cells, with "…" when cut.
    static func cut(_ text: String, to limit: Int) -> String {
        guard cells(text) > limit else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = cells(String(character))
            if used + w > limit - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }
}
