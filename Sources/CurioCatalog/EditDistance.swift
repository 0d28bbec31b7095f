/// Optimal string alignment distance between two byte strings: insertions,
/// deletions, substitutions and swaps of adjacent bytes each cost 1, so "matirx" is
/// one edit from "matrix" (Damerau 1964, "A technique for computer detection and
/// correction of spelling errors", CACM 7(3); the restricted variant described in
/// Navarro 2001, "A guided tour to approximate string matching", ACM Comput. Surv. 33(1)).
///
/// `rows` is scratch space reused across calls so a search allocates nothing per pair.
/// - Complexity: O(a.count × b.count).
func optimalStringAlignmentDistance(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>,
                                    rows: inout [Int32]) -> Int {
    let n = a.count, m = b.count
    if n == 0 { return m }
    if m == 0 { return n }
    let width = m + 1
    if rows.count < 3 * width { rows = [Int32](repeating: 0, count: 3 * width) }
    // Three rolling rows: two back (for swaps), previous, current.
    var back2 = 0, back1 = width, cur = 2 * width
    for j in 0...m { rows[back1 + j] = Int32(j) }
    let a0 = a.startIndex, b0 = b.startIndex
    for i in 1...n {
        rows[cur] = Int32(i)
        let ai = a[a0 + i - 1]
        for j in 1...m {
            let bj = b[b0 + j - 1]
            let cost: Int32 = ai == bj ? 0 : 1
            var d = min(rows[back1 + j] + 1, rows[cur + j - 1] + 1, rows[back1 + j - 1] + cost)
            if i > 1, j > 1, ai == b[b0 + j - 2], a[a0 + i - 2] == bj {
                d = min(d, rows[back2 + j - 2] + 1)
            }
            rows[cur + j] = d
        }
        (back2, back1, cur) = (back1, cur, back2)
    }
    return Int(rows[back1 + m])
}

/// 1 − distance / longer length: 1 for equal strings, 0 for nothing in common.
func editSimilarity(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, rows: inout [Int32]) -> Double {
    let longest = max(a.count, b.count)
    guard longest > 0 else { return 1 }
    return 1 - Double(optimalStringAlignmentDistance(a, b, rows: &rows)) / Double(longest)
}

/// Whether two folded words are the same word up to a typo: equal, or one edit apart
/// when both have at least 5 letters ("heat" is not "beat"), or two when both have at least 8.
func wordsMatch(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, rows: inout [Int32]) -> Bool {
    wordSimilarity(a, b, rows: &rows) > 0
}

/// 1 for equal words, the edit similarity for words that are the same up to a typo
/// (see `wordsMatch`), 0 otherwise.
func wordSimilarity(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, rows: inout [Int32],
                    prepared: PreparedPattern? = nil) -> Double {
    if a.elementsEqual(b) { return 1 }
    let shorter = min(a.count, b.count)
    guard shorter >= minimumTypoLength, abs(a.count - b.count) <= 2 else { return 0 }
    let allowed = shorter >= 8 ? 2 : 1
    // Digits must match exactly: "toy story 2" is not "toy story 3".
    if a.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) || b.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
        return 0
    }
    let distance = prepared?.distance(to: b, rows: &rows) ?? optimalStringAlignmentDistance(a, b, rows: &rows)
    return distance <= allowed ? 1 - Double(distance) / Double(max(a.count, b.count)) : 0
}

/// A query prepared for many `optimalStringAlignmentDistance` computations against
/// different texts, with Hyyrö's bit-parallel algorithm: one pass over the text and a
/// handful of 64-bit operations per byte instead of a full DP row
/// (H. Hyyrö 2003, "A bit-vector algorithm for computing Levenshtein and Damerau edit
/// distances", Nordic J. Computing 10(1); the same formulation as RapidFuzz's OSA).
///
/// Queries longer than 64 bytes fall back to the dynamic programme.
struct PreparedPattern {
    let pattern: ArraySlice<UInt8>
    /// Bit i of `matchMask[c]` is set when pattern[i] == c.
    private var matchMask: [UInt64]

    init(_ pattern: ArraySlice<UInt8>) {
        self.pattern = pattern
        matchMask = [UInt64](repeating: 0, count: pattern.count <= 64 ? 256 : 0)
        if pattern.count <= 64 {
            for (i, b) in pattern.enumerated() { matchMask[Int(b)] |= 1 << UInt64(i) }
        }
    }

    /// The optimal string alignment distance from the pattern to `text`.
    /// - Complexity: O(text.count) for patterns up to 64 bytes.
    func distance(to text: ArraySlice<UInt8>, rows: inout [Int32]) -> Int {
        let m = pattern.count
        if m == 0 { return text.count }
        if text.isEmpty { return m }
        guard m <= 64 else { return optimalStringAlignmentDistance(pattern, text, rows: &rows) }
        var vp = ~UInt64(0), vn: UInt64 = 0, d0: UInt64 = 0, previousMatch: UInt64 = 0
        var distance = m
        let last = UInt64(1) << UInt64(m - 1)
        for c in text {
            let match = matchMask[Int(c)]
            let transposition = (((~d0) & match) << 1) & previousMatch
            d0 = (((match & vp) &+ vp) ^ vp) | match | vn | transposition
            var hp = vn | ~(d0 | vp)
            var hn = d0 & vp
            if hp & last != 0 { distance += 1 }
            if hn & last != 0 { distance -= 1 }
            hp = (hp << 1) | 1
            hn = hn << 1
            vp = hn | ~(d0 | hp)
            vn = hp & d0
            previousMatch = match
        }
        return distance
    }

    /// 1 − distance / longer length.
    func similarity(to text: ArraySlice<UInt8>, rows: inout [Int32]) -> Double {
        let longest = max(pattern.count, text.count)
        guard longest > 0 else { return 1 }
        return 1 - Double(distance(to: text, rows: &rows)) / Double(longest)
    }
}

/// Words shorter than this must match exactly: among short words one edit turns a
/// word into another real one ("heat", "beat", "hear").
let minimumTypoLength = 5
