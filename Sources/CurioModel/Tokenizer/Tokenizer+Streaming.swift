extension Tokenizer {
    /// Turns generated tokens into text one token at a time, for showing output as it
    /// is produced.
    ///
    /// A byte-level token can end in the middle of a UTF-8 character ("é" may be two
    /// tokens), and decoding each token alone would print two U+FFFD instead of "é".
    /// The decoder holds back the bytes of an unfinished character until the token
    /// that completes it arrives; `finish()` flushes what is left (as U+FFFD if the
    /// character never completed). Joining every `append` result and `finish()` gives
    /// `decode(tokens)`.
    public struct StreamingDecoder: Sendable {
        private let tokenizer: Tokenizer
        private var pending: [UInt8] = []

        public init(_ tokenizer: Tokenizer) {
            self.tokenizer = tokenizer
        }

        /// The text `token` completes: possibly empty (half a character), possibly
        /// more than the token itself (the earlier half of a character).
        public mutating func append(_ token: Int) -> String {
            if tokenizer.textRange.contains(token) {
                pending += tokenizer.bpe.bytes(of: token - tokenizer.textRange.lowerBound) ?? []
                let complete = Self.completePrefixLength(pending)
                let text = String(decoding: pending[..<complete], as: UTF8.self)
                pending.removeFirst(complete)
                return text
            }
            return finish() + (tokenizer.marker(for: token) ?? "\u{FFFD}")
        }

        /// Whatever is held back, decoded as is.
        public mutating func finish() -> String {
            defer { pending.removeAll() }
            return pending.isEmpty ? "" : String(decoding: pending, as: UTF8.self)
        }

        /// The length of `bytes` without a trailing, possibly unfinished UTF-8 sequence.
        /// Bytes that can never become valid are released so errors show up at once.
        static func completePrefixLength(_ bytes: [UInt8]) -> Int {
            // Look back at most 3 bytes for the lead byte of the last sequence.
            var i = bytes.count - 1
            while i >= 0, i >= bytes.count - 3, bytes[i] & 0xC0 == 0x80 { i -= 1 }
            guard i >= 0 else { return bytes.count }
            let lead = bytes[i]
            let needed: Int
            switch lead {
            case 0xC2...0xDF: needed = 2
            case 0xE0...0xEF: needed = 3
            case 0xF0...0xF4: needed = 4
            default: return bytes.count  // ASCII, or a byte that starts nothing valid
            }
            return bytes.count - i < needed ? i : bytes.count
        }
    }
}
