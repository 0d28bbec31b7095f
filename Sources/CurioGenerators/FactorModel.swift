// The history-folded factor model both halves of IRGAN use (and its MF initialisation).
//
// A chat user is nobody curio trained on, so a per-user embedding table (plain MF) cannot
// score them. Instead the user vector is folded from the items they liked, as in FISM
// (Kabbur, Ning & Karypis, "FISM: Factored Item Similarity Models for Top-N Recommender
// Systems", KDD 2013) and Koren's asymmetric SVD (KDD 2008):
//
//     u(H) = |H|^(−α) · Σ_{j∈H} q_j,        score(i | H) = u(H)·p_i + b_i
//
// Dimensions, used throughout this module's factor files: n items, d factors, B users in
// a batch. Q and P are [n×d] row-major, b is [n], U is [B×d], scores are [B×n].

import CurioKernels
import CurioModel
import Foundation

/// The parameters of a history-folded factor model: history factors Q, item factors P
/// and item biases b, each a flat row-major array.
///
/// The scorer can rank items for any list of liked items, including an empty one (then
/// every item scores its bias, a learned popularity). Duplicate items in a history count
/// once, and item indices outside `0..<itemCount` are ignored, so a stale or hostile
/// history can never crash scoring.
public struct FactorModel: Sendable, Equatable {
    /// n, the number of catalog items.
    public let itemCount: Int
    /// d, the number of factors.
    public let dimension: Int
    /// The exponent α of the history-length normalisation |H|^(−α) (FISM's α; 0.5 keeps
    /// long and short histories on one scale).
    public let alpha: Float
    /// Q, [n×d]: what liking item j adds to the user vector.
    public var historyFactors: [Float]
    /// P, [n×d]: the item side of the dot product.
    public var itemFactors: [Float]
    /// b, [n]: per-item bias.
    public var biases: [Float]

    /// A model with small random factors (normal, standard deviation `scale`) and zero
    /// biases, fixed entirely by `seed`.
    public init(itemCount: Int, dimension: Int, alpha: Float = 0.5, seed: UInt64, scale: Float = 0.05) {
        precondition(itemCount > 0 && dimension > 0, "a factor model needs items and factors")
        var random = ModelRandom(seed: seed)
        let count = itemCount * dimension
        self.itemCount = itemCount
        self.dimension = dimension
        self.alpha = alpha
        self.historyFactors = (0..<count).map { _ in Float(random.nextGaussian()) * scale }
        self.itemFactors = (0..<count).map { _ in Float(random.nextGaussian()) * scale }
        self.biases = [Float](repeating: 0, count: itemCount)
    }

    /// A model with the given parameters (shapes as documented on each property).
    ///
    /// - Throws: `IRGANError.invalidParameters` when a shape does not match or a value is
    ///   not finite.
    public init(itemCount: Int, dimension: Int, alpha: Float, historyFactors: [Float],
                itemFactors: [Float], biases: [Float]) throws(IRGANError) {
        guard itemCount > 0, dimension > 0 else {
            throw .invalidParameters("\(itemCount) items × \(dimension) factors is empty")
        }
        let count = itemCount * dimension
        guard historyFactors.count == count, itemFactors.count == count, biases.count == itemCount else {
            throw .invalidParameters("factor shapes do not match \(itemCount) items × \(dimension) factors")
        }
        guard alpha.isFinite, historyFactors.allSatisfy(\.isFinite), itemFactors.allSatisfy(\.isFinite),
              biases.allSatisfy(\.isFinite) else {
            throw .invalidParameters("a parameter is not a finite number")
        }
        self.itemCount = itemCount
        self.dimension = dimension
        self.alpha = alpha
        self.historyFactors = historyFactors
        self.itemFactors = itemFactors
        self.biases = biases
    }

    /// The items of `history` that count: valid indices, each once, in first-seen order
    /// (a fixed order keeps the folded sum, and so training, bit-for-bit reproducible).
    public func distinctItems(_ history: [Int]) -> [Int] {
        var seen = Set<Int>()
        return history.filter { $0 >= 0 && $0 < itemCount && seen.insert($0).inserted }
    }

    /// The normalisation |H|^(−α) for a history of `count` distinct items (1 when empty).
    public func foldScale(count: Int) -> Float {
        count == 0 ? 1 : Float(Foundation.pow(Double(count), Double(-alpha)))
    }

    /// U, [B×d]: row b is u(histories[b]), the folded user vector. Histories must already
    /// be `distinctItems`.
    ///
    /// - Complexity: O(Σ|H|·d).
    public func userVectors(_ histories: [[Int]]) -> [Float] {
        let d = dimension
        var users = [Float](repeating: 0, count: histories.count * d)
        for (b, history) in histories.enumerated() {
            let scale = foldScale(count: history.count)
            let row = b * d
            for j in history {
                let q = j * d
                for k in 0..<d { users[row + k] += historyFactors[q + k] }
            }
            for k in 0..<d { users[row + k] *= scale }
        }
        return users
    }

    /// Scores, [B×n]: every item for every user vector in `users` ([B×d]), as one GEMM
    /// U·Pᵀ plus the biases.
    ///
    /// - Complexity: O(B·n·d).
    public func scores(users: [Float], rows: Int) -> [Float] {
        let n = itemCount, d = dimension
        var scores = [Float](repeating: 0, count: rows * n)
        guard rows > 0 else { return scores }
        users.withUnsafeBufferPointer { u in
            itemFactors.withUnsafeBufferPointer { p in
                scores.withUnsafeMutableBufferPointer { s in
                    gemm(transposeA: false, transposeB: true, m: rows, n: n, k: d,
                         a: u.baseAddress!, lda: d, b: p.baseAddress!, ldb: d, c: s.baseAddress!, ldc: n)
                }
            }
        }
        for b in 0..<rows {
            let row = b * n
            for i in 0..<n { scores[row + i] += biases[i] }
        }
        return scores
    }

    /// The score of one item for one user vector (row `row` of `users`).
    ///
    /// - Complexity: O(d).
    public func score(item: Int, users: [Float], row: Int) -> Float {
        let d = dimension
        var total = biases[item]
        let p = item * d, u = row * d
        for k in 0..<d { total += users[u + k] * itemFactors[p + k] }
        return total
    }
}
