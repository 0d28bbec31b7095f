import CurioKernels
import Foundation

/// A generator of item lists, one item at a time: the language model behind a prompt,
/// or any other generator that gives a distribution over items given a list prefix.
public protocol ListGenerator {
    /// Whatever the generator needs to continue a list (e.g. a KV cache).
    associatedtype Context
    /// The context before any item is emitted.
    func start() -> Context
    /// Unnormalised scores (logits) over all catalog items for the next position.
    func itemLogits(_ context: Context) -> [Float]
    /// The context after `item` was emitted.
    func extend(_ context: Context, with item: Int) -> Context
    /// `itemLogits` of every beam at once, in order: a generator whose steps are
    /// independent runs them side by side (the language model on every core).
    ///
    /// Only the items of `among` (ascending) need their true scores: the search gives
    /// every other item probability zero, so a generator may score only these (the
    /// language model does when they are few) and leave the rest at −∞.
    func itemLogits(_ contexts: [Context], among: [Int]) -> [[Float]]
    /// `extend` of every (beam, item) at once, in order.
    func extend(_ steps: [(context: Context, item: Int)]) -> [Context]
}

extension ListGenerator {
    public func itemLogits(_ contexts: [Context], among: [Int]) -> [[Float]] { contexts.map { itemLogits($0) } }
    public func extend(_ steps: [(context: Context, item: Int)]) -> [Context] {
        steps.map { extend($0.context, with: $0.item) }
    }
}

/// One generated list with its log-probability under the generator.
public struct ScoredList: Sendable, Equatable {
    public var items: [Int]
    /// Per item, log p(item | prompt, earlier items) after masking.
    public var stepLogProbabilities: [Float]
    public var logProbability: Float { stepLogProbabilities.reduce(0, +) }
}

/// Beam search over lists of distinct allowed items.
///
/// At each position the disallowed items and the items already in the beam's list are
/// set to -infinity *before* the softmax, so they get probability exactly zero; the
/// search can only ever emit allowed catalog items. Lists are ranked by their joint
/// log-probability. Deterministic: ties break towards the lower item index.
public struct ListBeamSearch: Sendable {
    /// Beams kept at each step.
    public var width: Int
    /// Items per list.
    public var length: Int

    public init(width: Int = 4, length: Int = 10) {
        precondition(width >= 1 && length >= 1)
        self.width = width
        self.length = length
    }

    /// The best list (first) and the other surviving beams, best first.
    ///
    /// Stops early when no allowed item is left. - Complexity: O(length × width × items).
    public func run<G: ListGenerator>(_ generator: G, allowed: [Bool]) -> [ScoredList] {
        run(generator, allowed: allowed, until: { _ in false })
    }

    /// `run(_:allowed:)`, stopped as soon as `done` holds for the surviving beams (best
    /// first), which are then returned, however short. Every final list extends one of
    /// the beams alive at any step, so a question about all the beams — "does every beam
    /// already hold item i?" — is answered for the final best list without decoding it.
    /// - Complexity: O(length × width × items) at most.
    public func run<G: ListGenerator>(_ generator: G, allowed: [Bool], until done: ([ScoredList]) -> Bool) -> [ScoredList] {
        var beams = [(list: ScoredList(items: [], stepLogProbabilities: []), context: generator.start())]
        let among = allowed.indices.filter { allowed[$0] }
        for _ in 0..<length {
            if done(beams.map(\.list)) { break }
            var candidates: [(beam: Int, item: Int, step: Float, total: Float)] = []
            let rows = generator.itemLogits(beams.map(\.context), among: among)
            for (b, beam) in beams.enumerated() {
                var logits = rows[b]
                precondition(logits.count == allowed.count, "generator and mask disagree on the catalog size")
                for (i, ok) in allowed.enumerated() where !ok { logits[i] = -.infinity }
                for item in beam.list.items { logits[item] = -.infinity }
                let logProbs = MaskedSoftmax.logProbabilities(logits)
                let base = beam.list.logProbability
                for (item, lp) in TopK.indices(of: logProbs, k: width) where lp > -.infinity {
                    candidates.append((b, item, lp, base + lp))
                }
            }
            if candidates.isEmpty { break }
            candidates.sort { $0.total != $1.total ? $0.total > $1.total : ($0.beam, $0.item) < ($1.beam, $1.item) }
            let chosen = candidates.prefix(width)
            let contexts = generator.extend(chosen.map { (context: beams[$0.beam].context, item: $0.item) })
            beams = zip(chosen, contexts).map { c, context in
                var list = beams[c.beam].list
                list.items.append(c.item)
                list.stepLogProbabilities.append(c.step)
                return (list: list, context: context)
            }
        }
        return beams.map { $0.list }
    }
}

/// Softmax over logits where -infinity means "not allowed": those get probability 0.
public enum MaskedSoftmax {
    /// log p for each entry; -infinity for masked entries (and all -infinity if every
    /// entry is masked).
    public static func logProbabilities(_ logits: [Float]) -> [Float] {
        let logZ = logSumExp(logits)
        guard logZ > -.infinity else { return [Float](repeating: -.infinity, count: logits.count) }
        return logits.map { $0 > -.infinity ? $0 - logZ : -.infinity }
    }
}

/// Selection of the k largest entries without sorting everything.
public enum TopK {
    /// Indices and values of the `k` largest finite-or-not entries, largest first;
    /// ties go to the lower index. - Complexity: O(n log k).
    public static func indices(of values: [Float], k: Int) -> [(Int, Float)] {
        guard k > 0 else { return [] }
        var heap: [(Int, Float)] = [] // min-heap by (value, -index) of the best k so far
        heap.reserveCapacity(k + 1)
        func worse(_ a: (Int, Float), _ b: (Int, Float)) -> Bool {
            a.1 != b.1 ? a.1 < b.1 : a.0 > b.0
        }
        for (i, v) in values.enumerated() {
            if heap.count < k {
                heap.append((i, v))
                var c = heap.count - 1
                while c > 0 { let p = (c - 1) / 2; if worse(heap[c], heap[p]) { heap.swapAt(c, p); c = p } else { break } }
            } else if worse(heap[0], (i, v)) {
                heap[0] = (i, v)
                var p = 0
                while true {
                    let l = 2 * p + 1, r = l + 1
                    var m = p
                    if l < heap.count && worse(heap[l], heap[m]) { m = l }
                    if r < heap.count && worse(heap[r], heap[m]) { m = r }
                    if m == p { break }
                    heap.swapAt(p, m); p = m
                }
            }
        }
        return heap.sorted { worse($1, $0) }
    }
}

private extension Float {
    var exp: Float { Float(Foundation.exp(Double(self))) }
    var log: Float { Float(Foundation.log(Double(self))) }
}
