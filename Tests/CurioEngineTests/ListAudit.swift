import CurioCatalog
import CurioDialogue
@testable import CurioEngine

/// The faults a generated list can have, counted over many states: the property tests
/// of the language model (`ConstraintPropertyTests`) and of the other generators
/// (`ScorerGeneratorTests`) audit lists the same way, because the guarantees — only real,
/// distinct, allowed items — do not depend on which generator ranks them.
struct ListAudit {
    /// Items failing the constraints the list claims (or the state's, when nothing was relaxed).
    var violations = 0
    /// Lists holding an item twice.
    var repeats = 0
    /// Liked, disliked, seen or shown-before items back in a list.
    var excludedBack = 0
    /// Item indices outside the catalog.
    var outside = 0
    /// Facets relaxed although some item satisfied them all.
    var needlessRelax = 0
    /// Lists shorter than the mask allows.
    var short = 0
    /// Lists with at least one item: how often the audit saw something.
    var lists = 0

    /// Generates the list for `state` with `engine` (the items of `shownBefore` shown
    /// earlier) and counts what is wrong with it.
    mutating func audit(_ engine: Engine, state: DialogueState, shownBefore: Set<Int>) throws {
        let catalog = engine.catalog
        let (list, relaxed, constraints) = try engine.generate(state: state, utterance: "", alsoExcluded: shownBefore)
        let excluded = ConstraintMask.exclusions(of: state).union(shownBefore)
        if Set(list.items).count != list.items.count { repeats += 1 }
        for item in list.items {
            guard catalog.items.indices.contains(item) else { outside += 1; continue }
            if excluded.contains(item) { excludedBack += 1 }
            if !constraints.verdict(for: catalog.items[item]).passes { violations += 1 }
            if relaxed.isEmpty, !state.constraints.verdict(for: catalog.items[item]).passes { violations += 1 }
        }
        if !relaxed.isEmpty, ConstraintMask(catalog: catalog, state: state, alsoExcluded: shownBefore,
                                            genres: engine.genreIndex).allowedCount > 0 {
            needlessRelax += 1
        }
        let allowed = ConstraintMask(catalog: catalog, constraints: constraints, excluded: excluded,
                                     genres: engine.genreIndex).allowedCount
        if list.items.count != min(engine.listLength, allowed) { short += 1 }
        if !list.items.isEmpty { lists += 1 }
    }

    /// Every fault seen, by name; empty when every list was sound.
    var faults: [String: Int] {
        let all = ["violations": violations, "repeats": repeats, "excludedBack": excludedBack, "outside": outside,
                   "needlessRelax": needlessRelax, "short": short]
        return all.filter { $0.value > 0 }
    }
}

/// Up to 10 random catalog items, as if shown in earlier turns.
func randomShownBefore(_ catalog: Catalog, using g: inout some RandomNumberGenerator) -> Set<Int> {
    Set((0..<Int.random(in: 0...10, using: &g)).map { _ in Int.random(in: 0..<catalog.items.count, using: &g) })
}
