import CurioCatalog
import CurioDialogue
import CurioEvaluation
import CurioGenerators
import Foundation
import Testing
@testable import CurioEngine

/// An engine whose generator is not the language model but a real `ItemScorer`:
/// item-kNN (CurioEvaluation) fitted on the first 1,500 MovieLens items and their
/// interactions. A dense co-occurrence matrix of the whole catalog would be 380 MB;
/// this one is 9 MB and builds in well under a second, and every engine path a
/// Mult-VAE or IRGAN takes (`EngineGenerator.scorer`) is exercised the same way.
enum ScorerEngineFixture {
    static let itemCount = 1_500
    static let neighbors = 50

    /// The first `itemCount` items of the MovieLens catalog with the interactions on them.
    static let catalog: Catalog? = EngineFixture.catalog.map { full in
        let items = Array(full.items.prefix(itemCount))
        let source = full.interactions
        var kept = Interactions(userIDs: source.userIDs)
        for row in 0..<source.count where Int(source.items[row]) < itemCount {
            kept.users.append(source.users[row])
            kept.items.append(source.items[row])
            kept.ratings.append(source.ratings[row])
            kept.timestamps.append(source.timestamps[row])
        }
        return Catalog(manifest: full.manifest, items: items, interactions: kept)
    }

    /// Item-kNN on the small catalog's user histories.
    static let scorer: ItemKNN? = catalog.map { catalog in
        var histories = [[Int]](repeating: [], count: catalog.interactions.userCount)
        for (user, item) in zip(catalog.interactions.users, catalog.interactions.items) {
            histories[Int(user)].append(Int(item))
        }
        let gram = cooccurrenceMatrix(sequences: histories, itemCount: catalog.items.count)
        return ItemKNN(gram: gram, itemCount: catalog.items.count, neighbors: neighbors)
    }

    /// The engine over the small catalog recommending with `scorer`, labelled as the
    /// VAE family (the label only names the family in the header and in `info`).
    static let engine: Engine? = {
        guard let catalog, let scorer else { return nil }
        do {
            let understanding = try Understanding.load(lexiconDirectory: EngineFixture.prompts + "/lexicon",
                                                       titles: TitleSearch(catalog: catalog))
            return try Engine(catalog: catalog, generator: .scorer(.vae, scorer), understanding: understanding,
                              prompts: EngineFixture.prompts)
        } catch {
            Issue.record("could not build the scorer engine: \(error)")
            return nil
        }
    }()

    /// What the engine's list for liked items `liked` must be, computed without the
    /// engine: the scorer's scores, the allowed items only, best first (ties to the
    /// lower index), `count` of them.
    static func maskedTopK(_ scorer: some ItemScorer, liked: [Int], allowed: [Bool], count: Int) -> [Int] {
        var scores = [Float](repeating: 0, count: allowed.count)
        scorer.score(history: liked, into: &scores)
        let order = allowed.indices.filter { allowed[$0] }.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return Array(order.prefix(count))
    }
}
