/// The shape of a curio language model. Stored in every checkpoint's header.
public struct ModelConfig: Sendable, Codable, Equatable {
    /// Vocabulary size: special + attribute + text (BPE) + item tokens.
    public var vocabSize: Int
    /// Width of the residual stream (d_model).
    public var dModel: Int
    public var layers: Int
    public var heads: Int
    /// Hidden width of the MLP.
    public var ffnHidden: Int
    /// Longest sequence the model attends over.
    public var contextLength: Int
    /// Base of the rotary position embedding.
    public var ropeTheta: Float
    public var normEpsilon: Float

    public init(vocabSize: Int, dModel: Int = 128, layers: Int = 2, heads: Int = 4,
                ffnHidden: Int? = nil, contextLength: Int = 128,
                ropeTheta: Float = 10_000, normEpsilon: Float = 1e-5) {
        self.vocabSize = vocabSize
        self.dModel = dModel
        self.layers = layers
        self.heads = heads
        self.ffnHidden = ffnHidden ?? dModel * 3
        self.contextLength = contextLength
        self.ropeTheta = ropeTheta
        self.normEpsilon = normEpsilon
    }

    /// Width of one attention head.
    public var headDim: Int { dModel / heads }
}
