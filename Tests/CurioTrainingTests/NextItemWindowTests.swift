import CurioEngine
import CurioModel
import Testing
@testable import CurioTraining

/// How a long history becomes next-item windows: every item is learnt, the most recent
/// window ends at the last item, and overlapping windows also predict each item late in
/// a window, after a long context.
@Suite struct NextItemWindowTests {
    func task(stride: Double) throws -> NextItemTask {
        let catalog = tinyCatalog()
        let tokenizer = try CatalogTokenizer.build(catalog: catalog, prompts: promptsDirectory, merges: 16)
        return NextItemTask(template: try TaskTemplate.load("next_item", prompts: promptsDirectory),
                            tokenizer: tokenizer, contextLength: 12, stride: stride)
    }

    /// The items each window learns (targets that are item tokens), with the number of
    /// history items before each in its window.
    func learnt(_ examples: [TrainingExample], _ tokenizer: Tokenizer) -> [(item: Int, context: Int)] {
        examples.flatMap { example in
            let items = example.tokens.compactMap { tokenizer.itemIndex(forToken: Int($0)) }
            return example.targets.compactMap { tokenizer.itemIndex(forToken: Int($0)) }.map { item in
                (item, items.firstIndex(of: item) ?? 0)
            }
        }
    }

    @Test func endToEndWindowsLearnEveryItemOnceAndOverlappingOnesTwiceWithLongerContext() throws {
        let history = Array(0..<40)
        let plain = try task(stride: 1), overlapping = try task(stride: 0.5)
        let once = learnt(try plain.examples(histories: [history]), plain.tokenizer)
        let twice = learnt(try overlapping.examples(histories: [history]), overlapping.tokenizer)
        // Every item is learnt (the first from the history marker alone); end to end exactly once.
        #expect(Set(once.map(\.item)) == Set(0..<40))
        #expect(once.count == Set(once.map(\.item)).count)
        // Half-overlapping windows learn the same items, most of them twice.
        #expect(Set(twice.map(\.item)) == Set(0..<40))
        #expect(twice.count > once.count * 3 / 2)
        // …so an item cut off from its past at the start of one window is also learnt late in another:
        // the longest context each item is learnt with is longer on average.
        func meanLongest(_ x: [(item: Int, context: Int)]) -> Double {
            let longest = Dictionary(x.map { ($0.item, $0.context) }, uniquingKeysWith: max)
            return Double(longest.values.reduce(0, +)) / Double(longest.count)
        }
        #expect(meanLongest(twice) > meanLongest(once) + 1)
        // The most recent window always ends at the last item.
        #expect(twice.contains { $0.item == 39 } && once.contains { $0.item == 39 })
    }
}
