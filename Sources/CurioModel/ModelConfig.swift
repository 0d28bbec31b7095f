/// The shape of a curio language model. Stored in every checkpoint's header.
public struct ModelConfig: Sendable, Codable, Equatable {
    /// Vocabulary size: special + attribute + text (BPE) + item tokens.
    public var vocabSize: Int
    /// Width of the residual stream (d_model).
    public var dModel: Int
    /// Number of transformer blocks.
    public var layers: Int
    /// Attention heads; must divide dModel into an even head width.
    public var heads: Int
    /// Hidden width of the MLP.
    public var ffnHidden: Int
    /// Longest sequence the model attends over.
    public var contextLength: Int
    /// Base of the rotary position embedding.
    public var ropeTheta: Float
    /// Added to the mean square inside every RMSNorm.
    public var normEpsilon: Float

    /// A configuration; `ffnHidden` defaults to 3·dModel (SwiGLU's three [F×C] matrices then
    /// hold 9·C² weights, close to a classic 4·C two-matrix MLP's 8·C²). Not validated here:
    /// `validate()` (run by `TransformerModel.init`) names any unusable field.
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
