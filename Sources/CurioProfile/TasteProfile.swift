/// What one person told curio about items, across runs: catalog ids as strings, oldest first.
///
/// Ids are the catalog's own (`Item.id`), not vocabulary indices, so a profile survives a
/// retrained model and a reordered catalog; ids a catalog lacks are skipped by the caller.
public struct TasteProfile: Sendable, Equatable, Codable {
    /// Items the person liked: "more like these".
    public var liked: [String]
    /// Items the person disliked: never recommended, "less like these".
    public var disliked: [String]
    /// Items the person has seen: never recommended again.
    public var seen: [String]

    public init(liked: [String] = [], disliked: [String] = [], seen: [String] = []) {
        self.liked = liked
        self.disliked = disliked
        self.seen = seen
    }

    /// True when nothing is recorded.
    public var isEmpty: Bool { liked.isEmpty && disliked.isEmpty && seen.isEmpty }

    /// The ids in `kind`'s list.
    public subscript(kind: ProfileEntryKind) -> [String] {
        get {
            switch kind {
            case .liked: return liked
            case .disliked: return disliked
            case .seen: return seen
            }
        }
        set {
            switch kind {
            case .liked: liked = newValue
            case .disliked: disliked = newValue
            case .seen: seen = newValue
            }
        }
    }

    /// The entries to add and remove to turn `self` into `other`, per kind, in `other`'s order.
    ///
    /// Writing only the difference (not the whole profile) is what lets two curio processes
    /// share one profile: each adds and removes what its own user said, and neither
    /// overwrites the other's additions.
    /// - Complexity: O(n) in the sizes of both profiles.
    public func changes(to other: TasteProfile) -> (added: [ProfileEntry], removed: [ProfileEntry]) {
        var added: [ProfileEntry] = []
        var removed: [ProfileEntry] = []
        for kind in ProfileEntryKind.allCases {
            let old = Set(self[kind]), new = Set(other[kind])
            added += other[kind].filter { !old.contains($0) }.map { ProfileEntry(itemID: $0, kind: kind) }
            removed += self[kind].filter { !new.contains($0) }.map { ProfileEntry(itemID: $0, kind: kind) }
        }
        return (added, removed)
    }
}

/// Which list an entry belongs to.
public enum ProfileEntryKind: String, Sendable, Codable, CaseIterable {
    case liked, disliked, seen
}

/// One item in one list of a profile.
public struct ProfileEntry: Sendable, Equatable, Hashable, Codable {
    public var itemID: String
    public var kind: ProfileEntryKind
    public init(itemID: String, kind: ProfileEntryKind) {
        self.itemID = itemID
        self.kind = kind
    }
}
