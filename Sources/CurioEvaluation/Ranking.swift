/// Top-K selection and the rank of one item, without sorting the whole catalog.
///
/// Both use the same total order: higher score first, and among equal scores the
/// lower item index first. So the held-out item is in the top-K list exactly when its
/// rank is at most K, and results never depend on sort stability. Items whose score
/// is `-infinity` are excluded (the evaluator masks the user's history that way).
public enum Ranking {
    /// The `k` best items, best first.
    ///
    /// - Complexity: O(n·log k) worst case, O(n) typical (most items lose to the
    ///   current k-th score with one comparison).
    public static func topK(_ scores: [Float], k: Int) -> [Int] {
        guard k > 0 else { return [] }
        var best: [Int] = []   // ascending by quality: best.last is the best item
        best.reserveCapacity(k + 1)
        for item in scores.indices {
            let s = scores[item]
            if s == -.infinity { continue }
            if best.count == k {
                let worst = best[0]
                // Ties lose to the earlier (lower-index) item already held.
                if !(s > scores[worst]) { continue }
                best.removeFirst()
            }
            // Insert keeping ascending quality (k is small: linear insertion is fastest).
            var position = best.count
            while position > 0, isBetter(item, than: best[position - 1], scores) == false {
                position -= 1
            }
            best.insert(item, at: position)
        }
        return best.reversed()
    }

    /// The 1-based rank of `target` among all items not masked with `-infinity`.
    ///
    /// - Complexity: O(n), one pass, no allocation.
    public static func rank(of target: Int, in scores: [Float]) -> Int {
        let t = scores[target]
        var better = 0
        for item in scores.indices {
            let s = scores[item]
            if s > t || (s == t && item < target) { better += 1 }
        }
        return better + 1
    }

    @inline(__always)
    static func isBetter(_ a: Int, than b: Int, _ scores: [Float]) -> Bool {
        scores[a] > scores[b] || (scores[a] == scores[b] && a < b)
    }
}
