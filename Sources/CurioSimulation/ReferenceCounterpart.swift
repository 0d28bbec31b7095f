import CurioCatalog
import CurioDialogue
import CurioEvaluation

/// A reference recommender given the stated facts directly, with no language to
/// understand: the genres, decade and length bound as hard filters over the catalog
/// (`HardConstraints.verdict`, the same rule curio's mask applies), the liked items as
/// its history, and those items excluded. Its top 10 after each turn is its list.
///
/// Equal scores are broken by training popularity, then by the lower item index: with
/// no liked item yet item-kNN scores everything 0 and so falls back to popularity
/// instead of catalog order (a stronger, fairer reference).
public struct ReferenceCounterpart: Counterpart, Sendable {
    public let catalog: Catalog
    public let scorer: any ItemScorer
    public let setting: String
    /// Training interactions per item, for breaking ties.
    let popularity: [Float]
    public var listLength = 10
    /// A diagnostic variant: items shown earlier in the conversation rank after every
    /// item not shown yet, the policy curio's engine follows (`Engine.listBias`),
    /// so a report can show how much of a difference is that policy and how much ranking.
    public var demotesShown = false
    var shown: Set<Int> = []
    public var name: String { demotesShown ? "\(scorer.name), shown demoted" : scorer.name }

    /// - Parameters:
    ///   - scorer: MostPopular or item-kNN fitted on the training interactions.
    ///   - popularity: training interactions per item (`MostPopular.counts`).
    public init(catalog: Catalog, scorer: any ItemScorer, popularity: [Float], setting: String = "") {
        self.catalog = catalog
        self.scorer = scorer
        self.popularity = popularity
        self.setting = setting
    }

    public mutating func startConversation() { shown = [] }

    /// - Complexity: one `score(history:into:)` plus O(items × filters) and a sort of
    ///   the items that pass.
    public mutating func respond(to turn: SimulatedTurn) throws -> TurnReply {
        let constraints = turn.stated.constraints
        let history = turn.stated.likedItems
        let excluded = Set(history)
        var scores = [Float](repeating: 0, count: catalog.items.count)
        scorer.score(history: history, into: &scores)
        let candidates = catalog.items.indices.filter { i in
            !excluded.contains(i) && (constraints.isEmpty || constraints.verdict(for: catalog.items[i]).passes)
        }
        let shown = demotesShown ? self.shown : []
        let top = candidates.sorted { a, b in
            if shown.contains(a) != shown.contains(b) { return shown.contains(b) }
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            if popularity[a] != popularity[b] { return popularity[a] > popularity[b] }
            return a < b
        }.prefix(listLength)
        self.shown.formUnion(top)
        return TurnReply(items: Array(top), constraints: constraints, excluded: excluded)
    }
}

extension ReferenceCounterpart {
    /// item-kNN's neighbourhood in the conversational comparison: the size `curio eval`
    /// tunes on the validation items for this catalog (docs/evaluation.md), fixed here so
    /// a conversational run does not re-tune.
    public static let defaultNeighbors = 500

    /// The two references fitted on the split's training interactions: MostPopular and
    /// item-kNN (cosine, `neighbors` per item).
    ///
    /// - Complexity: O(n²) memory and O(n² log k) time for the n×n co-occurrence matrix
    ///   and the neighbour lists (seconds for 9,066 items).
    public static func standard(catalog: Catalog, split: LeaveOneOutSplit,
                                neighbors: Int = defaultNeighbors) -> [ReferenceCounterpart] {
        let popular = MostPopular(training: split.training, itemCount: split.itemCount)
        let gram = cooccurrenceMatrix(sequences: split.trainingSequences, itemCount: split.itemCount)
        let knn = ItemKNN(gram: gram, itemCount: split.itemCount, neighbors: neighbors)
        return [
            ReferenceCounterpart(catalog: catalog, scorer: popular, popularity: popular.counts),
            ReferenceCounterpart(catalog: catalog, scorer: knn, popularity: popular.counts, setting: "k=\(neighbors)"),
        ]
    }
}
