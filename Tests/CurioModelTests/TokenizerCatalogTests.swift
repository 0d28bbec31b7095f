import CurioCatalog
import Foundation
import Testing
@testable import CurioModel

/// The vocabulary of the default catalog, built the way training builds it.
@Suite struct TokenizerCatalogTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalogPath = root.appendingPathComponent("catalogs/movielens").path
    static let catalogPresent = FileManager.default.fileExists(atPath: catalogPath + "/items.tsv")

    /// Titles, facet values and template text, as training assembles them.
    static func corpus(_ catalog: Catalog, _ labels: FacetLabels) throws -> [String] {
        let prompts = root.appendingPathComponent("prompts")
        let files = try FileManager.default.contentsOfDirectory(atPath: prompts.path).sorted()
        let templates = try files.filter { $0.hasSuffix(".txt") && $0 != "special_tokens.txt" }.map {
            try String(contentsOfFile: prompts.appendingPathComponent($0).path, encoding: .utf8)
        }
        return Tokenizer.trainingCorpus(titles: catalog.items.map(\.title), attributes: labels.all,
                                        templates: templates)
    }

    @Test(.enabled(if: catalogPresent, "catalogs/movielens has not been imported"))
    func movieLensVocabularyHasTheDocumentedShape() throws {
        let catalog = try Catalog.load(from: Self.catalogPath)
        let labels = try FacetLabels(manifest: catalog.manifest, items: catalog.items)
        let specials = try Tokenizer.specials(fromFile: Self.root.appendingPathComponent("prompts/special_tokens.txt").path)
        let corpus = try Self.corpus(catalog, labels)

        let clock = ContinuousClock()
        var tokenizer: Tokenizer?
        let trainingTime = try clock.measure {
            tokenizer = try Tokenizer.train(specials: specials, attributes: labels.all, corpus: corpus,
                                            itemIDs: catalog.items.map(\.id))
        }
        let vocab = try #require(tokenizer)

        #expect(vocab.specialRange.count == specials.count)
        #expect(vocab.attributeRange.count == labels.count)
        #expect(vocab.textRange.count == 256 + BPETrainer().mergeCount)
        #expect(vocab.itemRange.count == catalog.items.count)
        #expect(vocab.vocabSize == specials.count + labels.count + 256 + 2_000 + catalog.items.count)
        for item in catalog.items {
            let token = vocab.token(forItemIndex: item.index)
            #expect(vocab.itemIndex(forToken: token) == item.index)
            #expect(vocab.marker(for: token) == "<|item=\(item.id)|>")
        }
        for label in labels.all {
            #expect(try vocab.encode(template: "<|\(label)|>") == [vocab.token(attribute: label)!])
        }

        // Every title round-trips, and the catalog's own words are cheap.
        var tokensPerTitle: [Int] = []
        var lowerTokens = 0
        for item in catalog.items {
            let tokens = vocab.encode(text: " " + item.title)
            #expect(vocab.decode(tokens) == " " + item.title)
            tokensPerTitle.append(tokens.count)
            lowerTokens += vocab.encode(text: " " + item.title.lowercased()).count
        }
        tokensPerTitle.sort()
        let mean = Double(tokensPerTitle.reduce(0, +)) / Double(tokensPerTitle.count)
        let bytesPerTitle = Double(catalog.items.map(\.title.utf8.count).reduce(0, +)) / Double(catalog.items.count)
        #expect(mean < bytesPerTitle / 2.5, "titles take \(mean) tokens for \(bytesPerTitle) bytes")
        print("""
            movielens vocabulary: \(vocab.vocabSize) tokens = \(vocab.specialRange.count) specials + \
            \(vocab.attributeRange.count) attributes + \(vocab.textRange.count) text + \(vocab.itemRange.count) items; \
            itemBase \(vocab.itemBase); BPE trained in \(trainingTime) on \(corpus.count) strings; \
            tokens per title: mean \(mean), median \(tokensPerTitle[tokensPerTitle.count / 2]), \
            p90 \(tokensPerTitle[tokensPerTitle.count * 9 / 10]), max \(tokensPerTitle.last!); \
            bytes per title \(bytesPerTitle); lower-cased: mean \(Double(lowerTokens) / Double(catalog.items.count))
            """)

        let json = try vocab.jsonString()
        let restored = try Tokenizer(json: json)
        #expect(restored == vocab)
        #expect(BPETrainer().train(on: corpus.reversed()).merges == vocab.bpe.merges)
    }
}
