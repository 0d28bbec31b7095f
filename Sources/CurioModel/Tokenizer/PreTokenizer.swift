/// Splits text into the words byte-level BPE merges within, GPT-2 style.
///
/// BPE never merges across these boundaries, so a title's "Matrix" and a request's
/// "Matrix" get the same tokens whatever precedes them, and one word's tokens can be
/// cached. The rules follow GPT-2's pattern (Radford et al. 2019,
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`),
/// written by hand over Unicode general categories instead of with a regex engine,
/// with three changes for text GPT-2's English-heavy data did not need:
/// - combining marks (Mn/Mc/Me) continue the word before them, so "é" written as
///   "e" + U+0301 and an emoji with a variation selector stay in one word;
/// - Han ideographs and kana are one word each (CJK writes no spaces, so a run of
///   them would be one huge, never-repeated word);
/// - contraction suffixes also match in upper case ("DON'T").
///
/// Words are byte ranges of the text's UTF-8, and together they cover every byte in
/// order, so joining them gives back the text exactly, whatever it holds. A word
/// longer than `maxWordBytes` (a pasted hash, a line of dashes) is cut into pieces at
/// character boundaries: merging inside a word costs time quadratic in its length.
enum PreTokenizer {
    /// The longest word BPE sees, in bytes.
    static let maxWordBytes = 64

    /// The UTF-8 bytes of `text`, and its words as slices of them, in order.
    ///
    /// - Complexity: O(n) in the length of `text`.
    static func words(in text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var classes: [ScalarClass] = []
        var offsets: [Int] = []          // byte offset of each scalar; one extra at the end
        var scalars: [UInt32] = []
        classes.reserveCapacity(bytes.count)
        offsets.reserveCapacity(bytes.count + 1)
        scalars.reserveCapacity(bytes.count)
        var offset = 0
        for scalar in text.unicodeScalars {
            classes.append(ScalarClass(scalar))
            scalars.append(scalar.value)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)

        var words: [ArraySlice<UInt8>] = []
        var i = 0
        let n = classes.count
        while i < n {
            let end = wordEnd(from: i, classes: classes, scalars: scalars)
            while offsets[end] - offsets[i] > maxWordBytes {
                var cut = i + 1
                while offsets[cut + 1] - offsets[i] <= maxWordBytes { cut += 1 }
                words.append(bytes[offsets[i]..<offsets[cut]])
                i = cut
            }
            words.append(bytes[offsets[i]..<offsets[end]])
            i = end
        }
        return words
    }

    /// Where the word starting at scalar `i` ends (exclusive).
    private static func wordEnd(from i: Int, classes: [ScalarClass], scalars: [UInt32]) -> Int {
        let n = classes.count
        if let length = contractionLength(at: i, scalars: scalars) { return i + length }

        // A single space joins the word after it (" Matrix"), unless that is more space.
        var start = i
        if scalars[i] == 0x20, i + 1 < n, classes[i + 1] != .space { start = i + 1 }

        var j = start
        switch classes[start] {
        case .letter:
            j += 1
            while j < n, classes[j] == .letter || classes[j] == .mark { j += 1 }
        case .number:
            j += 1
            while j < n, classes[j] == .number { j += 1 }
        case .ideograph:
            j += 1
            while j < n, classes[j] == .mark { j += 1 }
        case .other, .mark:
            j += 1
            while j < n, classes[j] == .other || classes[j] == .mark { j += 1 }
        case .space:
            while j < n, classes[j] == .space { j += 1 }
            // `\s+(?!\S)`: leave a final plain space to start the next word.
            if j < n, j - start > 1, scalars[j - 1] == 0x20 { j -= 1 }
        }
        return j
    }

    /// The length of a contraction suffix ('s 't 're 've 'm 'll 'd) starting at `i`.
    private static func contractionLength(at i: Int, scalars: [UInt32]) -> Int? {
        guard scalars[i] == 0x27, i + 1 < scalars.count else { return nil }
        func lower(_ k: Int) -> UInt32? {
            guard k < scalars.count else { return nil }
            let s = scalars[k]
            return (0x41...0x5A).contains(s) ? s + 0x20 : s
        }
        switch lower(i + 1) {
        case 0x73, 0x74, 0x6D, 0x64: return 2           // s t m d
        case 0x72, 0x76: return lower(i + 2) == 0x65 ? 3 : nil  // re ve
        case 0x6C: return lower(i + 2) == 0x6C ? 3 : nil        // ll
        default: return nil
        }
    }
}

/// What a scalar is, as far as word boundaries care.
enum ScalarClass: UInt8 {
    case letter, mark, number, ideograph, space, other

    init(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        if v < 0x80 {  // ASCII without a Unicode property lookup: the common case
            switch v {
            case 0x41...0x5A, 0x61...0x7A: self = .letter
            case 0x30...0x39: self = .number
            case 0x09...0x0D, 0x20: self = .space
            default: self = .other
            }
            return
        }
        switch v {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0x20000...0x3FFFF:
            self = .ideograph
            return
        default:
            break
        }
        if scalar.properties.isWhitespace { self = .space; return }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            self = .letter
        case .nonspacingMark, .spacingMark, .enclosingMark:
            self = .mark
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .number
        default:
            self = .other
        }
    }
}
