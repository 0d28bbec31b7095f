import Foundation

/// A byte-level byte-pair encoding: 256 byte tokens plus learned merges.
///
/// Text token `b < 256` is the byte `b`; token `256 + k` is merge `k`, the
/// concatenation of its two parts. Any UTF-8 therefore encodes without an unknown
/// token, and decoding concatenates bytes, so `decode(encode(s)) == s` for every
/// string. Merges apply within the words of `PreTokenizer`, lowest rank (earliest
/// learned) first, which reproduces the segmentation the trainer saw
/// (Sennrich et al. 2016, "Neural Machine Translation of Rare Words with Subword
/// Units"; byte-level as in GPT-2, Radford et al. 2019).
///
/// Token ids here are local (`0..<count`); `Tokenizer` offsets them into its text range.
public struct BPE: Sendable {
    /// The merges in the order learned: merge `k` makes token `256 + k` from `left` and `right`.
    public let merges: [Merge]
    /// The bytes each token stands for.
    private let tokenBytes: [[UInt8]]
    /// Rank of each mergeable pair, keyed by `left << 32 | right`.
    private let ranks: [UInt64: Int32]
    private let cache = WordCache()

    /// One learned merge: two existing tokens that become one.
    public struct Merge: Sendable, Hashable, Codable {
        public var left: Int
        public var right: Int
        public init(left: Int, right: Int) {
            self.left = left
            self.right = right
        }
    }

    /// The number of tokens: 256 byte tokens plus one per merge.
    public var count: Int { 256 + merges.count }

    /// A BPE with no merges: every byte its own token.
    public init() {
        try! self.init(merges: [])  // no merges cannot be invalid
    }

    /// A BPE from a list of merges, as `BPETrainer` learns them or a checkpoint stores them.
    ///
    /// - Throws: `TokenizerError.invalidMerge` when a merge names a token that does not
    ///   exist yet (each merge may only use bytes and earlier merges) or repeats a pair.
    public init(merges: [Merge]) throws {
        var tokenBytes = (0..<256).map { [UInt8($0)] }
        var ranks: [UInt64: Int32] = [:]
        ranks.reserveCapacity(merges.count)
        for (k, merge) in merges.enumerated() {
            let known = 0..<(256 + k)
            guard known.contains(merge.left), known.contains(merge.right) else {
                throw TokenizerError.invalidMerge(
                    index: k, reason: "(\(merge.left), \(merge.right)) uses a token not defined before it")
            }
            let key = Self.key(merge.left, merge.right)
            guard ranks[key] == nil else {
                throw TokenizerError.invalidMerge(index: k, reason: "(\(merge.left), \(merge.right)) repeats an earlier merge")
            }
            ranks[key] = Int32(k)
            tokenBytes.append(tokenBytes[merge.left] + tokenBytes[merge.right])
        }
        self.merges = merges
        self.tokenBytes = tokenBytes
        self.ranks = ranks
    }

    /// The local token ids of `text`. Never fails: every byte has a token.
    ///
    /// - Complexity: O(n) words; each word not seen before costs O(w²) in its byte
    ///   length w, then is cached.
    public func encode(_ text: String) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(text.utf8.count / 3 + 1)
        for word in PreTokenizer.words(in: text) {
            if let cached = cache.lookup(word) {
                out += cached
            } else {
                let ids = encodeWord(word)
                cache.store(word, ids)
                out += ids
            }
        }
        return out
    }

    /// The bytes `token` stands for, or nil when it is not a token of this BPE.
    public func bytes(of token: Int) -> [UInt8]? {
        tokenBytes.indices.contains(token) ? tokenBytes[token] : nil
    }

    /// The text of a sequence of local token ids.
    ///
    /// Bytes that do not form valid UTF-8 (a model can emit half a character) become
    /// U+FFFD; ids outside `0..<count` are skipped.
    public func decode(_ tokens: some Sequence<Int>) -> String {
        var bytes: [UInt8] = []
        for token in tokens where tokenBytes.indices.contains(token) {
            bytes += tokenBytes[token]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Merges one word, lowest-ranked pair first, all its occurrences left to right:
    /// the same order the trainer applied them in.
    func encodeWord(_ word: ArraySlice<UInt8>) -> [Int] {
        var ids = word.map(Int.init)
        while ids.count > 1 {
            var best = Int32.max
            for i in 0..<(ids.count - 1) {
                if let rank = ranks[Self.key(ids[i], ids[i + 1])], rank < best { best = rank }
            }
            guard best != .max else { break }
            let merge = merges[Int(best)]
            let merged = 256 + Int(best)
            var out: [Int] = []
            out.reserveCapacity(ids.count - 1)
            var i = 0
            while i < ids.count {
                if i + 1 < ids.count, ids[i] == merge.left, ids[i + 1] == merge.right {
                    out.append(merged)
                    i += 2
                } else {
                    out.append(ids[i])
                    i += 1
                }
            }
            ids = out
        }
        return ids
    }

    static func key(_ left: Int, _ right: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: left)) << 32 | UInt64(UInt32(truncatingIfNeeded: right))
    }
}

extension BPE: Equatable {
    public static func == (a: BPE, b: BPE) -> Bool { a.merges == b.merges }
}

/// Words already encoded, shared by copies of one `BPE` and safe across threads.
///
/// Bounded: when full it starts over, so a long chat cannot grow it without limit.
/// (An `NSLock` rather than `Mutex`: the package still supports macOS 14.)
final class WordCache: @unchecked Sendable {
    private static let capacity = 50_000
    private let lock = NSLock()
    private var words: [ArraySlice<UInt8>: [Int]] = [:]

    func lookup(_ word: ArraySlice<UInt8>) -> [Int]? {
        lock.withLock { words[word] }
    }

    func store(_ word: ArraySlice<UInt8>, _ ids: [Int]) {
        // Copy the key out of the caller's text so the cache does not keep the whole text alive.
        let key = ArraySlice(Array(word))
        lock.withLock {
            if words.count >= Self.capacity { words.removeAll(keepingCapacity: true) }
            words[key] = ids
        }
    }
}
