import Foundation
import CurioCatalog
import CurioDialogue

/// Chooses the clarifying question whose answer is expected to tell most about which
/// of the model's top candidates the user wants.
///
/// The model: the user's target item I is drawn from the candidates' (renormalised)
/// probabilities p. Asked a question with answers a₁…aₙ, the user names, uniformly,
/// one of the answers their target satisfies; a target that satisfies none gets the
/// answer "none of these". The expected information gain is the mutual information
///
///     IG = H(I) − Σₐ P(a) · H(I | a),   H(X) = −Σ p log₂ p,
///
/// with P(a) = Σᵢ p(i) · [i satisfies a] / n(i), n(i) the number of answers i satisfies,
/// and P(i | a) ∝ p(i) · [i satisfies a] / n(i) — the question-selection criterion of
/// active learning and 20-questions style recommenders (Lindley 1956, "On a measure of
/// the information provided by an experiment"; Christakopoulou, Radlinski & Hofmann,
/// KDD 2016, "Towards conversational recommender systems").
///
/// Unknown facet values are *spread*: an item without a runtime satisfies every runtime
/// answer (the constraint the answer becomes lets it through, see `ClarifyingAnswer`),
/// so its mass is shared evenly and the question earns nothing from it — a question
/// about a facet most candidates do not know is worth little, as it should be.
public enum ClarifyingPlanner {
    /// No offered answer may cover less than this share of the candidate mass.
    public static let minimumAnswerShare = 0.1
    /// MPAA is considered only when this share of the candidate mass has a rating.
    public static let minimumMPAACoverage = 0.5
    /// Genre answers are drawn from this many genres, heaviest first.
    static let genrePool = 8

    /// Entropy in bits of a distribution (zeros ignored; `p` need not be normalised).
    public static func entropy(_ p: [Double]) -> Double {
        let total = p.reduce(0, +)
        guard total > 0 else { return 0 }
        return p.reduce(0) { h, x in x > 0 ? h - (x / total) * log2(x / total) : h }
    }

    /// The expected information gain in bits of asking a question whose answer `a`
    /// admits item `i` iff `admits[a][i]`, over candidates with probabilities `p`.
    /// Also returns each answer's probability P(a) (the "none of these" answer last).
    /// - Complexity: O(answers × candidates).
    public static func informationGain(_ p: [Double], admits: [[Bool]]) -> (gain: Double, shares: [Double]) {
        let total = p.reduce(0, +)
        guard total > 0 else { return (0, admits.map { _ in 0 } + [0]) }
        let q = p.map { $0 / total }
        let counts = q.indices.map { i in admits.reduce(0) { $0 + ($1[i] ? 1 : 0) } }
        var rows = admits.map { row in q.indices.map { i in row[i] ? q[i] / Double(counts[i]) : 0 } }
        rows.append(q.indices.map { i in counts[i] == 0 ? q[i] : 0 })
        let shares = rows.map { $0.reduce(0, +) }
        let conditional = zip(shares, rows).reduce(0.0) { $0 + $1.0 * entropy($1.1) }
        return (entropy(q) - conditional, shares)
    }

    /// The best question over `candidates` (items with probabilities) among `facets`:
    /// highest gain; on a tie, fewer answers, then the earlier facet. Nil when no facet
    /// splits the candidates (every possible answer set leaves one answer below
    /// `minimumAnswerShare`).
    /// - Complexity: O(F × S × K) for K candidates, F facets and at most a few hundred
    ///   answer sets S per facet; independent of the catalog size.
    public static func best(candidates: [Item], probabilities: [Double], facets: [Facet]) -> ClarifyingPlan? {
        let plans = facets.compactMap { plan(for: $0, candidates: candidates, probabilities: probabilities) }
        return plans.max { a, b in
            if abs(a.gain - b.gain) > 1e-9 { return a.gain < b.gain }
            if a.answers.count != b.answers.count { return a.answers.count > b.answers.count }
            return a.facet > b.facet
        }
    }

    /// The answer set for `facet` with the highest gain, or nil.
    public static func plan(for facet: Facet, candidates: [Item], probabilities: [Double]) -> ClarifyingPlan? {
        var best: ClarifyingPlan?
        var admitted: [ClarifyingAnswer: [Bool]] = [:]  // an answer recurs in many sets
        for answers in answerSets(for: facet, candidates: candidates, probabilities: probabilities) {
            let admits = answers.map { a in
                if let known = admitted[a] { return known }
                let row = candidates.map(a.admits)
                admitted[a] = row
                return row
            }
            let (gain, shares) = informationGain(probabilities, admits: admits)
            guard shares.prefix(answers.count).allSatisfy({ $0 >= minimumAnswerShare }) else { continue }
            if let b = best {
                let better = gain > b.gain + 1e-9 || (abs(gain - b.gain) <= 1e-9 && answers.count < b.answers.count)
                if !better { continue }
            }
            best = ClarifyingPlan(facet: facet, answers: answers, gain: gain)
        }
        return best
    }

    /// Every answer set worth scoring for `facet`, with boundaries taken from the
    /// candidates' own values (decades, 10-minute steps, half IMDb points, genres).
    static func answerSets(for facet: Facet, candidates: [Item], probabilities: [Double]) -> [[ClarifyingAnswer]] {
        switch facet {
        case .year:
            return ranges(values: candidates.compactMap(\.year), step: 10).map { $0.map { .years(min: $0.0, max: $0.1) } }
        case .runtime:
            return ranges(values: candidates.compactMap(\.runtime), step: 10).map { $0.map { .runtime(min: $0.0, max: $0.1) } }
        case .genre:
            var mass: [String: Double] = [:]
            for (item, p) in zip(candidates, probabilities) { for g in item.genres { mass[g, default: 0] += p } }
            let pool = mass.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(genrePool).map(\.key)
            var sets: [[ClarifyingAnswer]] = []
            for i in pool.indices {
                for j in pool.indices where j > i {
                    sets.append([.genre(pool[i]), .genre(pool[j])])
                    for k in pool.indices where k > j { sets.append([.genre(pool[i]), .genre(pool[j]), .genre(pool[k])]) }
                }
            }
            return sets
        case .rating:
            let known = candidates.compactMap(\.imdbRating)
            guard let lo = known.min(), let hi = known.max() else { return [] }
            return stride(from: 5.0, through: 9.0, by: 0.5).filter { $0 > lo && $0 <= hi }.map { [.ratingAtLeast($0), .anyRating] }
        case .mpaa:
            let covered = zip(candidates, probabilities).reduce(0.0) { $0 + ($1.0.mpaa != nil ? $1.1 : 0) }
            guard covered >= minimumMPAACoverage * probabilities.reduce(0, +) else { return [] }
            let scale = ["G", "PG", "PG-13", "R", "NC-17"]
            return (1..<scale.count).map { k in [.mpaa(Array(scale[..<k])), .mpaa(Array(scale[k...]))] }
        }
    }

    /// Two- and three-way splits of the value range at multiples of `step` lying inside
    /// the candidates' range: [..< b], [b ...] and [..< b₁], [b₁ ..< b₂], [b₂ ...] as
    /// inclusive (min, max) pairs.
    static func ranges(values: [Int], step: Int) -> [[(Int?, Int?)]] {
        guard let lo = values.min(), let hi = values.max() else { return [] }
        let first = (lo / step + 1) * step
        guard first <= hi else { return [] }
        let cuts = Array(stride(from: first, through: hi, by: step))
        var sets: [[(Int?, Int?)]] = cuts.map { [(nil, $0 - 1), ($0, nil)] }
        for i in cuts.indices {
            for j in cuts.indices where j > i { sets.append([(nil, cuts[i] - 1), (cuts[i], cuts[j] - 1), (cuts[j], nil)]) }
        }
        return sets
    }
}
