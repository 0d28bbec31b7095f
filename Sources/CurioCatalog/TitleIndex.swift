import Foundation

/// The precomputed lookup structures behind `TitleSearch`, built once per catalog.
///
/// Every item gets several *aliases*, each a folded word sequence with a weight: the
/// display title and the source title, with and without a leading article, alternate
/// titles found in parentheses, and the parts before and after a subtitle colon. Two
/// indexes point at the aliases: character trigrams (for typo-tolerant lookup of whole
/// queries) and words (for spotting titles inside sentences). Everything is stored in
/// flat arrays so building takes milliseconds and lookups allocate little.
struct TitleIndex: Sendable {
    // Aliases, in flat arrays: alias a is keyBytes[keyStart[a]..<keyStart[a+1]].
    var aliasItem: [Int32] = []
    var aliasWeight: [Double] = []
    var keyStart: [Int32] = [0]
    var keyBytes: [UInt8] = []
    var aliasWordStart: [Int32] = [0]
    var aliasWords: [Int32] = []
    /// Trigram postings (CSR): aliases containing gram g are
    /// gramAliases[gramStart[g]..<gramStart[g+1]].
    var gramStart: [Int32] = []
    var gramAliases: [Int32] = []
    // Words: id → folded bytes, rarity weight, aliases starting with it.
    var wordIDs: [String: Int32] = [:]
    var wordStart: [Int32] = [0]
    var wordBytes: [UInt8] = []
    var wordWeight: [Double] = []
    /// The weight of a word no title contains: as rare as the rarest.
    var rarestWordWeight = 1.0
    var firstWordStart: [Int32] = []
    var firstWordAliases: [Int32] = []
    /// Single-deletion neighbourhood of every word (and the word itself), for finding
    /// a word up to a typo (Garbe's SymSpell idea): an open-addressing table whose
    /// entries hold a hash in the high bits and word id + 1 in the low `wordIDBits`
    /// (0 = empty slot).
    var deleteTable: [UInt64] = []
    /// Interactions per item: ties between equally good matches go to the popular one.
    var popularity: [Int32] = []
    var years: [Int32] = []
    /// The articles an item's aliases start with ("the" for "The Matrix"; "the" and
    /// "la" for "The City of Lost Children (La Cité des enfants perdus)").
    var leadingArticles: [[String]] = []

    var aliasCount: Int { aliasItem.count }

    func key(_ alias: Int) -> ArraySlice<UInt8> {
        keyBytes[Int(keyStart[alias])..<Int(keyStart[alias + 1])]
    }

    func words(ofAlias alias: Int) -> ArraySlice<Int32> {
        aliasWords[Int(aliasWordStart[alias])..<Int(aliasWordStart[alias + 1])]
    }

    func word(_ id: Int32) -> ArraySlice<UInt8> {
        wordBytes[Int(wordStart[Int(id)])..<Int(wordStart[Int(id) + 1])]
    }

    /// Builds the index for `items`; `popularity[i]` is item i's interaction count.
    /// - Complexity: O(total title length); ~40 ms of CPU for 9,066 movies (release build).
    init(items: [Item], popularity: [Int]) {
        self.popularity = popularity.map { Int32(clamping: $0) }
        years = items.map { Int32($0.year ?? -1) }
        leadingArticles = [[String]](repeating: [], count: items.count)
        var documentFrequency: [Int32] = []
        var lastItemWithWord: [Int32] = [] // counts each word once per item
        var slots = [Int32](repeating: -1, count: 1 << 14)
        for item in items {
            for (words, weight) in TitleIndex.aliases(of: item) {
                if words.count > 1, TitleText.isArticle(words[0]), !leadingArticles[item.index].contains(words[0]) {
                    leadingArticles[item.index].append(words[0])
                }
                for (k, w) in words.enumerated() {
                    if k > 0 { keyBytes.append(0x20) }
                    keyBytes.append(contentsOf: w.utf8)
                    let id = wordID(w, frequency: &documentFrequency, slots: &slots)
                    if Int(id) == lastItemWithWord.count { lastItemWithWord.append(-1) }
                    aliasWords.append(id)
                    if lastItemWithWord[Int(id)] != Int32(item.index) {
                        lastItemWithWord[Int(id)] = Int32(item.index)
                        documentFrequency[Int(id)] += 1
                    }
                }
                keyStart.append(Int32(keyBytes.count))
                aliasWordStart.append(Int32(aliasWords.count))
                aliasItem.append(Int32(item.index))
                aliasWeight.append(weight)
            }
        }
        let n = Double(max(items.count, 1))
        wordWeight = documentFrequency.map { log(1 + n / Double($0)) }
        rarestWordWeight = wordWeight.max() ?? 1
        buildTrigrams()
        buildFirstWords()
        buildDeletes()
    }

    /// The id of `word`, adding it when new. While building, an open-addressing
    /// table over FNV hashes (`slots`) answers the ~100k lookups several times faster
    /// than hashing Strings into `wordIDs`, which is filled once per distinct word.
    private mutating func wordID(_ word: String, frequency: inout [Int32], slots: inout [Int32]) -> Int32 {
        var h = 0xcbf2_9ce4_8422_2325 as UInt64
        for b in word.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[slot] >= 0 {
            if self.word(slots[slot]).elementsEqual(word.utf8) { return slots[slot] }
            slot = (slot + 1) & mask
        }
        let id = Int32(frequency.count)
        wordIDs[word] = id
        wordBytes.append(contentsOf: word.utf8)
        wordStart.append(Int32(wordBytes.count))
        frequency.append(0)
        if 2 * (Int(id) + 1) > slots.count { // keep the table at most half full
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for other in 0...id { insert(other, into: &slots, mask: mask) }
        } else {
            slots[slot] = id
        }
        return id
    }

    private func insert(_ id: Int32, into slots: inout [Int32], mask: Int) {
        var h = 0xcbf2_9ce4_8422_2325 as UInt64
        for b in word(id) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = id
    }

    // MARK: Trigrams

    /// 6 bits per byte: space 0, a–z 1–26, 0–9 27–36, anything else (non-ASCII
    /// bytes) folded into 37–63. Collisions only add candidates, which scoring rejects.
    static func gramCode(_ b: UInt8) -> Int {
        switch b {
        case 0x20: return 0
        case 0x61...0x7A: return Int(b) - 0x60
        case 0x30...0x39: return Int(b) - 0x30 + 27
        default: return 37 + Int(b) % 27
        }
    }

    static let gramSpace = 1 << 18

    /// The trigrams of " key " (padded so word starts and ends count), as codes.
    static func grams(of key: ArraySlice<UInt8>, into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        guard let first = key.first else { return }
        var a = 0, b = gramCode(first)
        for byte in key.dropFirst() {
            let c = gramCode(byte)
            out.append(Int32(a << 12 | b << 6 | c))
            (a, b) = (b, c)
        }
        out.append(Int32(a << 12 | b << 6))
    }

    private mutating func buildTrigrams() {
        var counts = [Int32](repeating: 0, count: TitleIndex.gramSpace + 1)
        var grams: [Int32] = []
        for a in 0..<aliasCount {
            TitleIndex.grams(of: key(a), into: &grams)
            for g in grams { counts[Int(g) + 1] += 1 }
        }
        for g in 0..<TitleIndex.gramSpace { counts[g + 1] += counts[g] }
        gramStart = counts
        var fill = Array(counts.dropLast())
        gramAliases = [Int32](repeating: 0, count: Int(counts[TitleIndex.gramSpace]))
        for a in 0..<aliasCount {
            TitleIndex.grams(of: key(a), into: &grams)
            for g in grams {
                gramAliases[Int(fill[Int(g)])] = Int32(a)
                fill[Int(g)] += 1
            }
        }
    }

    // MARK: Words

    private mutating func buildFirstWords() {
        var counts = [Int32](repeating: 0, count: wordWeight.count + 1)
        for a in 0..<aliasCount { if let w = words(ofAlias: a).first { counts[Int(w) + 1] += 1 } }
        for w in 0..<wordWeight.count { counts[w + 1] += counts[w] }
        firstWordStart = counts
        var fill = Array(counts.dropLast())
        firstWordAliases = [Int32](repeating: 0, count: Int(counts[wordWeight.count]))
        for a in 0..<aliasCount {
            guard let w = words(ofAlias: a).first else { continue }
            firstWordAliases[Int(fill[Int(w)])] = Int32(a)
            fill[Int(w)] += 1
        }
    }

    func aliases(startingWith word: Int32) -> ArraySlice<Int32> {
        firstWordAliases[Int(firstWordStart[Int(word)])..<Int(firstWordStart[Int(word) + 1])]
    }

    static func hash(_ bytes: ArraySlice<UInt8>, skipping skip: Int = -1) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (k, b) in bytes.enumerated() where k != skip {
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        return h
    }

    /// Bits of a deletion-neighbourhood entry holding the word id; the hash keeps the rest.
    static let wordIDBits: UInt64 = 24

    private mutating func buildDeletes() {
        var count = 0
        for id in 0..<Int32(wordWeight.count) {
            let length = Int(wordStart[Int(id) + 1] - wordStart[Int(id)])
            count += length >= minimumTypoLength ? length + 1 : 1
        }
        var size = 1
        while size < 2 * count { size <<= 1 } // at most half full
        deleteTable = [UInt64](repeating: 0, count: size)
        let idMask = (UInt64(1) << TitleIndex.wordIDBits) - 1
        // A hash collision only adds a candidate that `wordsMatch` then rejects.
        func insert(_ hash: UInt64, _ id: Int32) {
            var slot = Int(truncatingIfNeeded: hash >> TitleIndex.wordIDBits) & (size - 1)
            while deleteTable[slot] != 0 { slot = (slot + 1) & (size - 1) }
            deleteTable[slot] = hash & ~idMask | UInt64(id + 1)
        }
        for id in 0..<Int32(wordWeight.count) {
            let w = word(id)
            insert(TitleIndex.hash(w), id)
            guard w.count >= minimumTypoLength else { continue }
            for k in 0..<w.count { insert(TitleIndex.hash(w, skipping: k), id) }
        }
    }

    /// Ids of catalog words equal to `word` up to a typo (see `wordsMatch`).
    func fuzzyWordIDs(_ word: ArraySlice<UInt8>, rows: inout [Int32]) -> [Int32] {
        guard !deleteTable.isEmpty else { return [] }
        let idMask = (UInt64(1) << TitleIndex.wordIDBits) - 1
        var hashes = [TitleIndex.hash(word)]
        if word.count >= minimumTypoLength { for k in 0..<word.count { hashes.append(TitleIndex.hash(word, skipping: k)) } }
        var found: [Int32] = []
        let mask = deleteTable.count - 1
        for h in hashes {
            var slot = Int(truncatingIfNeeded: h >> TitleIndex.wordIDBits) & mask
            while deleteTable[slot] != 0 {
                let entry = deleteTable[slot]
                if entry & ~idMask == h & ~idMask {
                    let id = Int32(truncatingIfNeeded: entry & idMask) - 1
                    if !found.contains(id), wordsMatch(word, self.word(id), rows: &rows) { found.append(id) }
                }
                slot = (slot + 1) & mask
            }
        }
        return found
    }
}
