import CurioCatalog

/// Which catalog items may be emitted at an item position: the hard constraints,
/// compiled once per turn into one flag per item.
///
/// The constrained decoder applies it to the logits *before* the softmax, so a
/// disallowed item has probability exactly zero — it is never generated and then
/// filtered. When no item passes, `ConstraintMask.relaxed` drops constraints in
/// `HardConstraints.Facet` order until some do, and says which it dropped.
public struct ConstraintMask: Sendable {
    /// `allowed[i]` for item index i.
    public private(set) var allowed: [Bool]
    /// How many items pass.
    public private(set) var allowedCount: Int
    /// How many items failed only because a constrained fact about them is unknown.
    public private(set) var unknownExcluded: Int
    /// The constraints the mask was built from (after any relaxation).
    public let constraints: HardConstraints

    /// - Complexity: O(items × constraints).
    public init(catalog: Catalog, constraints: HardConstraints) {
        self.constraints = constraints
        var allowed = [Bool](repeating: false, count: catalog.items.count)
        var count = 0, unknown = 0
        for item in catalog.items {
            switch constraints.violation(of: item) {
            case nil:
                allowed[item.index] = true
                count += 1
            case .facet(_, unknown: true)?:
                unknown += 1
            default:
                break
            }
        }
        self.allowed = allowed
        self.allowedCount = count
        self.unknownExcluded = unknown
    }

    /// Forbids one more item (e.g. one just added to the list).
    public mutating func forbid(_ item: Int) {
        if allowed[item] {
            allowed[item] = false
            allowedCount -= 1
        }
    }

    /// A mask with at least `minimum` allowed items, relaxing the least important
    /// constraints first; returns the mask and the facets that were relaxed, in order.
    /// Excluded items (seen, liked, disliked) are never relaxed.
    public static func relaxed(catalog: Catalog, constraints: HardConstraints,
                               minimum: Int) -> (mask: ConstraintMask, relaxed: [HardConstraints.Facet]) {
        var current = constraints
        var mask = ConstraintMask(catalog: catalog, constraints: current)
        var dropped: [HardConstraints.Facet] = []
        for facet in HardConstraints.Facet.allCases where mask.allowedCount < minimum {
            guard current.isSet(facet) else { continue }
            current = current.relaxing(facet)
            dropped.append(facet)
            mask = ConstraintMask(catalog: catalog, constraints: current)
        }
        return (mask, dropped)
    }
}
