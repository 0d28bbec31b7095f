/// A generator whose items the user has already been shown and passed over count for
/// less: their scores drop by `penalty` nats before the search's softmax.
///
/// Every list a person refines ("older", "no horror", "like Heat") is a list they did
/// not take anything from, so its items are weak negatives (Lei et al., EAR, WSDM 2020,
/// remove rejected items from the candidates outright). Outright removal would also drop
/// the strongest matches of the refined request, so here they are only demoted: an item
/// that still fits far better than anything new can come back. "More" excludes every
/// shown item instead (`Engine.more(in:language:)`).
public struct PassedOverListGenerator<Base: ListGenerator>: ListGenerator {
    public let base: Base
    /// `Item.index` of every item passed over.
    public let passedOver: [Int]
    /// How many nats a passed-over item loses.
    public let penalty: Float

    public init(base: Base, passedOver: [Int], penalty: Float) {
        self.base = base
        self.passedOver = passedOver
        self.penalty = penalty
    }

    public func start() -> Base.Context { base.start() }

    public func itemLogits(_ context: Base.Context) -> [Float] {
        var logits = base.itemLogits(context)
        for item in passedOver where logits.indices.contains(item) { logits[item] -= penalty }
        return logits
    }

    public func extend(_ context: Base.Context, with item: Int) -> Base.Context { base.extend(context, with: item) }
}
