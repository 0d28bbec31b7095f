/// A generator whose item scores are shifted by a fixed amount per item before the
/// search's softmax: evidence the generator itself does not see.
///
/// The engine uses it twice (`Engine.listBias(state:passedOver:coWatchRows:)`): items the catalog's
/// users watched together with the liked ones gain (the co-watch expert), and items the
/// user was shown and passed over lose.
public struct ItemBiasListGenerator<Base: ListGenerator>: ListGenerator {
    public let base: Base
    /// Nats added to each item's score, in `Item.index` order.
    public let bias: [Float]

    public init(base: Base, bias: [Float]) {
        self.base = base
        self.bias = bias
    }

    public func start() -> Base.Context { base.start() }

    public func itemLogits(_ context: Base.Context) -> [Float] {
        var logits = base.itemLogits(context)
        for i in logits.indices where i < bias.count { logits[i] += bias[i] }
        return logits
    }

    public func extend(_ context: Base.Context, with item: Int) -> Base.Context { base.extend(context, with: item) }

    public func itemLogits(_ contexts: [Base.Context], among: [Int]) -> [[Float]] {
        base.itemLogits(contexts, among: among).map { row in
            var logits = row
            for i in logits.indices where i < bias.count { logits[i] += bias[i] }
            return logits
        }
    }

    public func extend(_ steps: [(context: Base.Context, item: Int)]) -> [Base.Context] { base.extend(steps) }
}
