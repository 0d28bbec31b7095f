/// Lays out the line being edited: the prompt, then the text broken at line breaks and
/// at the width (by character, so every cursor position maps to one cell), with
/// continuation lines indented under the text.
public enum InputLayout {
    /// The input's lines and the cursor's (row, column) among them.
    public struct Result: Hashable, Sendable {
        public var lines: [StyledLine]
        public var cursorRow: Int
        public var cursorColumn: Int
    }

    /// - Complexity: O(length of the input).
    public static func lines(for input: InputLine, width: Int) -> Result {
        let width = max(2, width)
        let prompt = TextWrap.truncate(input.prompt, width: width - 1)
        let promptWidth = DisplayWidth.of(prompt)
        let indent = promptWidth <= width / 2 ? promptWidth : 0
        var lines: [StyledLine] = []
        var line: StyledLine = [StyledRun(prompt, .accent), StyledRun("", .normal)]
        var used = promptWidth
        var cursor: (row: Int, column: Int)?
        var offset = 0

        func newLine() {
            lines.append(line)
            line = [StyledRun(String(repeating: " ", count: indent), .normal), StyledRun("", .normal)]
            used = indent
        }
        for character in input.text {
            let atCursor = cursor == nil && offset >= input.cursorByteOffset
            offset += character.utf8.count
            if character == "\n" || character == "\r\n" {
                if atCursor { cursor = (lines.count, min(used, width - 1)) }
                newLine()
                continue
            }
            // Each character is cleaned on its own so the cursor mapping survives.
            let safe = character == "\t" ? " " : String(character).cellSafe
            let w = DisplayWidth.of(safe)
            if w > 0 && used + w > width { newLine() }
            if atCursor { cursor = (lines.count, used) }
            line[line.count - 1].text += safe
            used += w
        }
        if cursor == nil {
            if used >= width { newLine() }
            cursor = (lines.count, used)
        }
        lines.append(line)
        return Result(lines: lines, cursorRow: cursor!.row, cursorColumn: cursor!.column)
    }
}
