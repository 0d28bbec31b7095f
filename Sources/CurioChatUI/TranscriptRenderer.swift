/// Turns transcript entries into styled lines for a given width.
///
/// The same rendering serves the full-screen transcript (wrapped), the plain-mode chat
/// (an effectively unlimited width) and the recommendations panel (items only).
public enum TranscriptRenderer {
    /// How numbered items are shown inside the transcript.
    public enum ItemStyle: Hashable, Sendable {
        /// Both lines per item (title line, reason): narrow screens and plain mode.
        case full
        /// One line per item ("1. Title (1997)"): the panel beside shows the details.
        case compact
    }

    /// The lines of one entry, ending with one blank separator line.
    ///
    /// - Complexity: O(length of the entry's text).
    public static func lines(for entry: TranscriptEntry, width: Int, items: ItemStyle) -> [StyledLine] {
        var out: [StyledLine] = []
        switch entry {
        case .user(let text):
            // A multi-line message keeps its line breaks.
            for (i, part) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                out += TextWrap.wrap([StyledRun(i == 0 ? "› " : "  ", .accent), StyledRun(String(part), .accent)],
                                     width: width, indent: 2)
            }
        case .reply(let reply):
            out += replyLines(reply, width: width, items: items)
        case .notice(let text):
            for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
                out += part.isEmpty ? [[]] : TextWrap.wrap(String(part), role: .dim, width: width)
            }
        case .error(let text):
            out += TextWrap.wrap([StyledRun("! ", .error), StyledRun(text, .error)], width: width, indent: 2)
        }
        out.append([])
        return out
    }

    static func replyLines(_ reply: ChatReply, width: Int, items: ItemStyle) -> [StyledLine] {
        var out: [StyledLine] = []
        if !reply.text.isEmpty {
            for part in reply.text.split(separator: "\n", omittingEmptySubsequences: false) {
                out += part.isEmpty ? [[]] : TextWrap.wrap(String(part), width: width)
            }
        }
        if let list = reply.items, !list.isEmpty {
            for item in list {
                switch items {
                case .full: out += itemLines(item, width: width)
                case .compact:
                    out += TextWrap.wrap([StyledRun("\(item.number). ", .accent), StyledRun(item.titleWithYear, .title)],
                                         width: width, indent: 3)
                }
            }
        } else if reply.items != nil {
            out += TextWrap.wrap("(no recommendations)", role: .dim, width: width)
        }
        if let question = reply.question {
            out += TextWrap.wrap("? " + question.text, role: .accent, width: width, indent: 2)
            if !question.suggestedAnswers.isEmpty {
                out += TextWrap.wrap("  e.g. " + question.suggestedAnswers.map { "“\($0)”" }.joined(separator: " · "),
                                     role: .dim, width: width, indent: 7)
            }
        }
        if let explanation = reply.explanation { out += explanationLines(explanation, width: width) }
        if let details = reply.details { out += detailLines(details, width: width) }
        if let chips = reply.chips, items == .full, width >= 10_000 {
            // Plain mode has no chips line; show the state in the text instead.
            out.append([StyledRun(chips.isEmpty ? "[no constraints]" : chips.map { "[\($0)]" }.joined(separator: " "), .dim)])
        }
        return out
    }

    /// An item's two lines: "1. Title (1997) · Comedy, Sci-Fi · 98 min · ★ 7.3", then
    /// its reason indented; both wrapped with a hanging indent.
    public static func itemLines(_ item: ChatItem, width: Int) -> [StyledLine] {
        let number = "\(item.number). "
        let indent = DisplayWidth.of(number)
        var first: StyledLine = [StyledRun(number, .accent), StyledRun(item.titleWithYear, .title)]
        let facts = item.factParts(space: "\u{00A0}").joined(separator: " · ")
        if !facts.isEmpty { first.append(StyledRun(" · " + facts, .dim)) }
        var out = TextWrap.wrap(first, width: width, indent: indent)
        if !item.reason.isEmpty {
            out += TextWrap.wrap(String(repeating: " ", count: indent) + item.reason, role: .dim,
                                 width: width, indent: indent)
        }
        return out
    }

    /// Cause weights as a bar chart: `Men in Black   ████████░░ 0.42`. Bars are scaled
    /// to the largest weight; labels are cut to fit the width.
    public static func explanationLines(_ explanation: Explanation, width: Int) -> [StyledLine] {
        var out = TextWrap.wrap([StyledRun("Why ", .normal), StyledRun(explanation.subject, .title), StyledRun(":", .normal)],
                                width: width)
        let barWidth = 10
        let numberWidth = 6
        let labelWidth = max(4, min(24, min(width - barWidth - numberWidth - 3,
                                            explanation.causes.map { DisplayWidth.of($0.label.cellSafe) }.max() ?? 0)))
        let largest = explanation.causes.map(\.weight).max() ?? 0
        for cause in explanation.causes {
            let share = largest > 0 ? max(0, cause.weight) / largest : 0
            let filled = Int((share * Double(barWidth)).rounded())
            out.append([
                StyledRun("  " + TextWrap.pad(cause.label, width: labelWidth) + " ", .normal),
                StyledRun(String(repeating: "█", count: filled), .accent),
                StyledRun(String(repeating: "░", count: barWidth - filled), .dim),
                StyledRun(" " + formatDecimal(cause.weight, places: 2), .normal),
            ])
        }
        return out
    }

    /// An item's details: the title, then "Label: value" rows, then the summary.
    public static func detailLines(_ details: ItemDetails, width: Int) -> [StyledLine] {
        var out = TextWrap.wrap([StyledRun(details.year.map { "\(details.title) (\($0))" } ?? details.title, .title)],
                                width: width)
        let labelWidth = min(14, details.fields.map { DisplayWidth.of($0.label.cellSafe) }.max() ?? 0)
        for field in details.fields {
            out += TextWrap.wrap([StyledRun("  " + TextWrap.pad(field.label, width: labelWidth) + "  ", .dim),
                                  StyledRun(field.value, .normal)], width: width, indent: labelWidth + 4)
        }
        if let summary = details.summary, !summary.isEmpty {
            out += TextWrap.wrap("  " + summary, width: width, indent: 2)
        }
        return out
    }
}
