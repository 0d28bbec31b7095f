extension String {
    /// This text with every control character and terminal escape sequence removed,
    /// safe to print or draw: catalog and user text never reaches the terminal raw.
    ///
    /// Turns tabs and line breaks into spaces (callers lay out lines themselves) and
    /// removes the other C0 controls, DEL, C1 controls (U+0080–U+009F, which some terminals honour as
    /// CSI/OSC), whole ESC/CSI/OSC sequences, and bidirectional overrides that could
    /// make text display differently from what it is.
    public var sanitizedForTerminal: String {
        var out = String.UnicodeScalarView()
        var scalars = unicodeScalars.makeIterator()
        while let s = scalars.next() {
            switch s.value {
            case 0x1B: // ESC: skip the whole sequence it starts
                guard let next = scalars.next() else { break }
                if next == "[" { // CSI: parameters until a final byte 0x40–0x7E
                    while let p = scalars.next(), !(0x40...0x7E).contains(p.value) {}
                } else if next == "]" || next == "P" || next == "_" || next == "^" {
                    // OSC/DCS/APC/PM: until BEL or ESC \
                    while let p = scalars.next() {
                        if p.value == 0x07 { break }
                        if p.value == 0x1B { _ = scalars.next(); break }
                    }
                }
            case 0x09, 0x0A, 0x0D:
                out.append(" ")
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                continue
            case 0x202A...0x202E, 0x2066...0x2069:
                continue
            default:
                out.append(s)
            }
        }
        return String(out)
    }
}
