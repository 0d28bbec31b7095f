/// Item-based k-nearest-neighbour recommendation with cosine similarity on the binary
/// user×item training matrix (Sarwar et al., WWW 2001; Deshpande & Karypis, TOIS 2004).
///
/// sim(i, j) = |U_i ∩ U_j| / √(|U_i|·|U_j|). Each item keeps only its `neighbors` most
/// similar items; a user's score for item i is the sum of sim(j, i) over the history
/// items j that have i among their neighbours (RecBole's `ItemKNN`, shrink 0).
/// Neighbour lists are stored sorted, so `limited(to:)` gives the model for any smaller
/// neighbourhood without recomputing: tuning k on validation costs one build.
public struct ItemKNN: ItemScorer {
    public var name: String { "item-kNN" }
    /// Neighbourhood size in use.
    public let neighbors: Int
    /// Per item j, its neighbours i (best first) and sim(j, i), flattened; item j's
    /// list is `offsets[j] ..< offsets[j + 1]`.
    let neighborItems: [Int32]
    let similarities: [Float]
    let offsets: [Int]

    /// Builds neighbour lists of up to `neighbors` items from the co-occurrence matrix.
    ///
    /// - Parameters:
    ///   - gram: G = XᵀX, n×n row-major (see `cooccurrenceMatrix`).
    ///   - itemCount: n.
    ///   - neighbors: the largest neighbourhood that will be used.
    /// - Complexity: O(n² log k) time, O(n·k) memory.
    public init(gram: [Float], itemCount n: Int, neighbors: Int) {
        let k = max(1, neighbors)
        let chunk = 256
        let chunks = (n + chunk - 1) / chunk
        let lists = parallelMap(count: chunks) { c -> [[(item: Int32, similarity: Float)]] in
            var out: [[(item: Int32, similarity: Float)]] = []
            var row = [Float](repeating: 0, count: n)
            for j in (c * chunk)..<min((c + 1) * chunk, n) {
                let own = gram[j * n + j]
                for i in 0..<n {
                    let both = gram[j * n + i], other = gram[i * n + i]
                    row[i] = (i == j || both == 0) ? -.infinity : both / (own * other).squareRoot()
                }
                out.append(Ranking.topK(row, k: k).map { (Int32($0), row[$0]) })
            }
            return out
        }.flatMap { $0 }
        var offsets = [0]
        offsets.reserveCapacity(n + 1)
        for list in lists { offsets.append(offsets.last! + list.count) }
        self.offsets = offsets
        self.neighborItems = lists.flatMap { $0.map(\.item) }
        self.similarities = lists.flatMap { $0.map(\.similarity) }
        self.neighbors = k
    }

    private init(neighbors: Int, items: [Int32], similarities: [Float], offsets: [Int]) {
        self.neighbors = neighbors
        self.neighborItems = items
        self.similarities = similarities
        self.offsets = offsets
    }

    /// The same model with each neighbour list cut to its first `k` entries
    /// (`k` must not exceed the size it was built with).
    public func limited(to k: Int) -> ItemKNN {
        precondition(k >= 1 && k <= neighbors, "neighbourhood \(k) outside 1...\(neighbors)")
        return ItemKNN(neighbors: k, items: neighborItems, similarities: similarities, offsets: offsets)
    }

    /// - Complexity: O(n + |history|·k).
    public func score(history: [Int], into scores: inout [Float]) {
        for i in scores.indices { scores[i] = 0 }
        for j in history {
            let start = offsets[j], end = min(offsets[j + 1], start + neighbors)
            for p in start..<end { scores[Int(neighborItems[p])] += similarities[p] }
        }
    }
}
