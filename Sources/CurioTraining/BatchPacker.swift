import CurioEngine
import CurioModel

/// Packs examples into fixed-size `TrainingBatch`es of B rows × T tokens.
///
/// Short examples (grounding) share a row, one after another, as in GPT pre-training;
/// each starts with `<|bos|>`, so the model learns where a new one begins. The rest of
/// a row is padding that carries no loss. An example longer than T is cut to its last
/// T tokens (the ones that carry the most recent history).
public struct BatchPacker: Sendable {
    public let batchSize: Int
    public let sequenceLength: Int
    public let padToken: Int32
    public let itemRange: Range<Int>

    public init(batchSize: Int, sequenceLength: Int, padToken: Int, itemRange: Range<Int>) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.padToken = Int32(padToken)
        self.itemRange = itemRange
    }

    /// Rows in the given order, first fit; then batches of `batchSize` rows (the last
    /// batch is padded with empty rows). Rows without any loss are dropped.
    public func batches(_ examples: [TrainingExample]) throws -> [TrainingBatch] {
        let T = sequenceLength
        var rows: [(tokens: [Int32], targets: [Int32], subsets: [SoftmaxSubset])] = []
        var current = (tokens: [Int32](), targets: [Int32](), subsets: [SoftmaxSubset]())
        func flush() {
            if current.targets.contains(where: { $0 >= 0 }) { rows.append(current) }
            current = ([], [], [])
        }
        for example in examples {
            var tokens = example.tokens, targets = example.targets, subsets = example.subsets
            if tokens.count > T {
                tokens = Array(tokens.suffix(T)); targets = Array(targets.suffix(T)); subsets = Array(subsets.suffix(T))
            }
            if current.tokens.count + tokens.count > T { flush() }
            current.tokens += tokens
            current.targets += targets
            current.subsets += subsets
        }
        flush()

        var batches: [TrainingBatch] = []
        var start = 0
        while start < rows.count {
            let end = min(start + batchSize, rows.count)
            var tokens = [Int32](repeating: padToken, count: batchSize * T)
            var targets = [Int32](repeating: -1, count: batchSize * T)
            var subsets = [SoftmaxSubset](repeating: .fullVocabulary, count: batchSize * T)
            for (b, row) in rows[start..<end].enumerated() {
                tokens.replaceSubrange(b * T ..< b * T + row.tokens.count, with: row.tokens)
                targets.replaceSubrange(b * T ..< b * T + row.targets.count, with: row.targets)
                subsets.replaceSubrange(b * T ..< b * T + row.subsets.count, with: row.subsets)
            }
            batches.append(try TrainingBatch(batchSize: batchSize, sequenceLength: T, tokens: tokens,
                                             targets: targets, subsets: subsets, itemRange: itemRange))
            start = end
        }
        return batches
    }
}
