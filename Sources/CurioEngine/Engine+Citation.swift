import CurioCatalog
import CurioDialogue

/// Which causes an explanation cites: a set of parts of the state whose removal takes
/// the item off the list (necessary) and that alone keep it on (sufficient), confirmed
/// on the list the user would really get. (Counterfactual explanations after PRINCE,
/// Ghazimatin et al., WSDM 2020 — the smallest set whose removal changes the
/// recommendation — and CountER, Tan et al., CIKM 2021 — explanations that are both
/// necessary and sufficient.)
struct Citation {
    /// The cited parts; empty when no part helps the item.
    var parts: [StatePart]
    /// Removing `parts` was checked to take the item off the regenerated list.
    var necessary: Bool
    /// Keeping only `parts` was checked to keep the item on the regenerated list.
    var sufficient: Bool
}

extension Engine {
    /// The citation of step 2 of `explain`.
    ///
    /// Candidates, smallest first: the state's hard constraints together, and the 1, 2, …
    /// heaviest helping parts (`helping`), each also joined with every hard constraint
    /// (a constraint works through the mask, which the weights do not see, so it can
    /// decide an item even when removing it from the prompt alone would not lower the
    /// item's score). Every candidate's removal and its
    /// keep-only state are scored in ONE batched forward (reusing `scores`: the rows of
    /// step 1, whose single ablations are the one-part removals), and the item's rank among the
    /// items each state allows — never an item the full state excludes: a removed liked
    /// item is no longer a reason, but the user has still seen it — predicts necessity (rank no longer within the top
    /// `listLength`, nor at its own rank under the full state) and sufficiency (still
    /// within them). Candidates predicted both, then those predicted necessary, then
    /// the largest prefix, are confirmed by regenerating lists (`listHolds`: the search
    /// stopped once every beam holds the item, which answers for the whole list), at most
    /// `verificationLimit` lists in all. The first candidate confirmed necessary and
    /// sufficient is cited; else the first confirmed necessary; else the heaviest
    /// helping parts, confirmed nothing — as for an item the state's own list does not
    /// hold, for which no claim is checked.
    /// - Complexity: one batched forward of 2 × candidates states, O(items) per state for
    ///   its mask, and up to `verificationLimit` list generations (one more when `listed`
    ///   is nil).
    func cite(item: Int, state: DialogueState, helping: [StatePart], fullRow: [Float], listed: Bool?,
              scores: inout ContextScores) throws -> Citation {
        let constraints = state.removableParts(explaining: item).filter {
            switch $0 { case .includeGenre, .anyGenres, .excludeGenre, .bound: true; case .liked, .preference: false }
        }
        guard !helping.isEmpty || !constraints.isEmpty else { return Citation(parts: [], necessary: false, sufficient: false) }
        // "It would drop out" is only true of an item that is in: one the state excludes
        // or that its own list does not hold ("why Galaxy Quest", an item from "more")
        // gets the heaviest parts and no claim.
        guard try listed ?? listHolds(item, state: state, alsoExcluded: [], coWatchRows: &scores.coWatchRows) else {
            return Citation(parts: helping, necessary: false, sufficient: false)
        }
        var candidates: [[StatePart]] = constraints.isEmpty ? [] : [constraints]
        for k in helping.indices.map({ $0 + 1 }) {
            let prefix = Array(helping.prefix(k))
            for candidate in [prefix, prefix + constraints.filter { !prefix.contains($0) }] where !candidates.contains(candidate) {
                candidates.append(candidate)
            }
        }
        candidates = candidates.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
        let removed = candidates.map { state.removing($0) }
        let kept = candidates.map { state.keepingOnly($0, explaining: item) }
        // A one-part removal is an ablation of step 1: its prompts' rows are reused, not recomputed.
        let rows = try itemLogProbabilities(states: removed + kept, reusing: &scores)
        // A removed liked item stops being a reason, not something the user has seen:
        // every edited state keeps the full state's exclusions.
        let seen = ConstraintMask.exclusions(of: state)
        let fullRank = rank(of: item, in: fullRow, state: state, excluding: seen)
        let bar = max(listLength, fullRank + 1)
        let predictedNecessary = candidates.indices.map { rank(of: item, in: rows[$0], state: removed[$0], excluding: seen) >= bar }
        let predictedSufficient = candidates.indices.map { rank(of: item, in: rows[candidates.count + $0], state: kept[$0], excluding: seen) < bar }

        var order = candidates.indices.filter { predictedNecessary[$0] && predictedSufficient[$0] }
        order += candidates.indices.filter { predictedNecessary[$0] && !predictedSufficient[$0] }
        if let largest = candidates.firstIndex(of: helping.isEmpty ? constraints : helping), !order.contains(largest) {
            order.append(largest)
        }

        var budget = Self.verificationLimit
        var fallback: Citation?
        for k in order where budget > 0 {
            budget -= 1
            guard try !listHolds(item, state: removed[k], alsoExcluded: seen, coWatchRows: &scores.coWatchRows) else { continue }
            // Necessary. Sufficient too? Only worth a list if the prediction says so.
            if predictedSufficient[k], budget > 0 {
                budget -= 1
                if try listHolds(item, state: kept[k], alsoExcluded: seen, coWatchRows: &scores.coWatchRows) {
                    return Citation(parts: candidates[k], necessary: true, sufficient: true)
                }
            }
            if fallback == nil { fallback = Citation(parts: candidates[k], necessary: true, sufficient: false) }
        }
        return fallback ?? Citation(parts: helping, necessary: false, sufficient: false)
    }

    /// The item's 0-based rank among the items `state` allows (and `excluding` does
    /// not hold), by `row`.
    /// - Complexity: O(items) for the mask and the count.
    func rank(of item: Int, in row: [Float], state: DialogueState, excluding: Set<Int>) -> Int {
        let mask = ConstraintMask.relaxed(catalog: catalog, state: state, alsoExcluded: excluding, minimum: 1,
                                          genres: genreIndex).mask
        let score = row[item]
        var above = 0
        for j in row.indices where mask.allowed[j] && j != item && row[j] > score { above += 1 }
        return above
    }
}
