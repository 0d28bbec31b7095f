import CurioCatalog

/// One item a piece of text may name, with how well it matches (0...1, 1 = exact).
public struct TitleCandidate: Sendable, Equatable {
    /// `Item.index`.
    public var item: Int
    public var score: Double
    public init(item: Int, score: Double) {
        self.item = item
        self.score = score
    }
}

/// A stretch of a text that may be a title, with its candidates, best first.
public struct TitleSpan: Sendable {
    public var range: Range<String.Index>
    public var candidates: [TitleCandidate]
    public init(range: Range<String.Index>, candidates: [TitleCandidate]) {
        self.range = range
        self.candidates = candidates
    }
}

/// Typo-tolerant title lookup, as `Understanding` needs it.
///
/// CurioCatalog's `TitleSearch` is the real implementation (an extension makes it
/// conform once it is merged); tests use a hand-made catalog. Kept to two calls so the
/// gating of "is this really a title?" stays here, in the dialogue layer.
public protocol TitleResolving: Sendable {
    /// The items whose title best matches all of `query`, best first, at most `limit`.
    func resolveTitle(_ query: String, limit: Int) -> [TitleCandidate]
    /// Stretches of `text` that look like titles, each with candidates best first.
    func titleSpans(in text: String, limit: Int) -> [TitleSpan]
    /// The item whose title, as curio shows it, `text` ends with, among the items of
    /// `year`, and that title's length in Unicode scalars (the longest if several).
    /// `text` is lowercased and folded as `UtteranceTokenizer` folds it. This is what
    /// recognises "Léon: The Professional (a.k.a. The Professional) (Léon) (1994)"
    /// pasted from a list, punctuation and all; nil when no title matches exactly.
    func displayedTitle(endingWith text: [Unicode.Scalar], year: Int) -> (item: Int, length: Int)?
    /// How many people interacted with `item`: among titles judged equal, the one a
    /// person most likely means comes first ("Heat" is the 1995 film before the 2013 one).
    func popularity(of item: Int) -> Int
}

extension TitleResolving {
    public func displayedTitle(endingWith text: [Unicode.Scalar], year: Int) -> (item: Int, length: Int)? { nil }
    /// Without counts, ties keep the resolver's order.
    public func popularity(of item: Int) -> Int { 0 }
}

/// The facts about items that the tracker needs to turn an anchored critique into a
/// bound ("like #1 but newer" → year ≥ #1's year + 1) or to pick "the 1997 one".
public protocol ItemFacts {
    func year(of item: Int) -> Int?
    func runtime(of item: Int) -> Int?
}

extension Catalog: ItemFacts {
    public func year(of item: Int) -> Int? { items.indices.contains(item) ? items[item].year : nil }
    public func runtime(of item: Int) -> Int? { items.indices.contains(item) ? items[item].runtime : nil }
}

/// Item facts from a plain array of items (tests, synthetic dialogues).
public struct ItemList: ItemFacts, Sendable {
    public var items: [Item]
    public init(_ items: [Item]) { self.items = items }
    public func year(of item: Int) -> Int? { items.indices.contains(item) ? items[item].year : nil }
    public func runtime(of item: Int) -> Int? { items.indices.contains(item) ? items[item].runtime : nil }
}
