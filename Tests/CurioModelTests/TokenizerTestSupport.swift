@testable import CurioModel

/// SplitMix64 (Steele et al. 2014): a tiny seeded generator, so every random test
/// sees the same strings on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random text mixing what users and catalogs actually write with what breaks
/// naive tokenizers: CJK, emoji sequences, combining marks, control characters,
/// odd whitespace, right-to-left scripts and marker look-alikes.
func randomText(_ rng: inout SeededRandom, maxPieces: Int = 12) -> String {
    let scalarPools: [ClosedRange<UInt32>] = [
        0x20...0x7E,        // ASCII printable
        0x00...0x1F,        // C0 controls, including \t \n \r and NUL
        0x7F...0xFF,        // DEL, C1 controls, Latin-1
        0x300...0x36F,      // combining diacritics
        0x4E00...0x9FFF,    // Han
        0x3040...0x30FF,    // kana
        0xAC00...0xD7A3,    // Hangul
        0x600...0x6FF,      // Arabic
        0x1F300...0x1FAFF,  // emoji
        0x2000...0x206F,    // general punctuation, odd spaces, ZWJ, bidi controls
        0xE000...0xF8FF,    // private use
        0x10000...0x10FFFF, // anything astral
    ]
    let fragments = ["<|item=1|>", "<|bos|>", "<|", "|>", "'s", "'LL", "  ", " \n", "1994",
                     "The Matrix", "👨‍👩‍👧", "❤️", "é", "e\u{301}", "\r\n", "電影", ""]
    var text = ""
    for _ in 0..<Int.random(in: 0...maxPieces, using: &rng) {
        if Bool.random(using: &rng) {
            text += fragments.randomElement(using: &rng)!
        } else {
            let pool = scalarPools.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &rng)) {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
    }
    return text
}

/// A small English-and-more corpus to learn merges from in tests.
let sampleCorpus: [String] = [
    "The Matrix", "The Matrix Reloaded", "The Matrix Revolutions", "Toy Story", "Toy Story 2",
    "Star Wars: Episode IV - A New Hope", "Star Wars: Episode V - The Empire Strikes Back",
    "Amélie", "Crouching Tiger, Hidden Dragon (Wo hu cang long)", "千と千尋の神隠し", "臥虎藏龍",
    "Something like Toy Story but funnier", "I loved The Matrix, don't show me horror",
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
    "Recommend me a movie from the 1990s under two hours", "What's a good comedy?",
]

let sampleSpecials = ["pad", "bos", "eos", "user", "sep", "items"]
let sampleAttributes = ["genres=Action", "genres=Comedy", "year=1990s", "runtime=90-119 min", "mpaa=PG-13"]
let sampleItemIDs = ["1", "2", "2571", "318"]

func sampleTokenizer(merges: Int = 200) throws -> Tokenizer {
    try Tokenizer.train(specials: sampleSpecials, attributes: sampleAttributes, corpus: sampleCorpus,
                        itemIDs: sampleItemIDs, trainer: BPETrainer(mergeCount: merges))
}
