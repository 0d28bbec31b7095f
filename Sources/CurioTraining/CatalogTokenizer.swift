import Foundation
import CurioCatalog
import CurioEngine
import CurioModel

/// Builds the tokenizer for a catalog: prompts/special_tokens.txt, one attribute token
/// per facet label, byte-level BPE learnt from the titles, labels and every template
/// under prompts/, and one token per item.
///
/// Deterministic: the same catalog and prompts give the same vocabulary.
public enum CatalogTokenizer {
    public static func build(catalog: Catalog, prompts: String, merges: Int = 2_000) throws -> Tokenizer {
        let specials = try Tokenizer.specials(fromFile: prompts + "/special_tokens.txt")
        let labels = try FacetLabels(manifest: catalog.manifest, items: catalog.items)
        var templates: [String] = []
        for folder in [prompts, prompts + "/tasks", prompts + "/lexicon"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".tsv") {
                if let text = readTextFile(folder + "/" + name) { templates.append(text) }
            }
        }
        let corpus = Tokenizer.trainingCorpus(titles: catalog.items.map(\.title), attributes: labels.all,
                                              templates: templates)
        return try Tokenizer.train(specials: specials, attributes: labels.all, corpus: corpus,
                                   itemIDs: catalog.items.map(\.id), trainer: BPETrainer(mergeCount: merges))
    }
}
