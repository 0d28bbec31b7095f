// The shape of a Mult-VAE and the one flat parameter buffer it is carved from.

/// Layer sizes of a Mult-VAE: [I → h₁ → … → h_k → d] for the encoder and the mirror
/// [d → h_k → … → h₁ → I] for the decoder (Liang et al. 2018 use [I-600-200-600-I]:
/// `hiddenSizes` [600], `latentSize` 200).
///
/// The encoder's last layer outputs 2d numbers per user, the mean and the log-variance
/// of the Gaussian posterior q(z | x). Every other layer but the decoder's last is
/// followed by tanh; the decoder's last gives one logit per item.
public struct MultVAEArchitecture: Sendable, Equatable, Codable {
    /// I, the number of catalog items (width of the input and of the logits).
    public var itemCount: Int
    /// Encoder hidden widths from the input side; the decoder uses them in reverse.
    public var hiddenSizes: [Int]
    /// d, the dimension of the latent code z.
    public var latentSize: Int

    public init(itemCount: Int, hiddenSizes: [Int] = [600], latentSize: Int = 200) {
        self.itemCount = itemCount
        self.hiddenSizes = hiddenSizes
        self.latentSize = latentSize
    }

    /// - Throws: `MultVAEError.invalidArchitecture` for a non-positive size.
    public func validate() throws(MultVAEError) {
        guard itemCount >= 1 else { throw .invalidArchitecture("the catalog has no items") }
        guard latentSize >= 1 else { throw .invalidArchitecture("latent size \(latentSize) must be at least 1") }
        if let bad = hiddenSizes.first(where: { $0 < 1 }) {
            throw .invalidArchitecture("hidden size \(bad) must be at least 1")
        }
    }

    /// Printed form, as in the paper: "[9066-600-200-600-9066]".
    public var summary: String {
        let sizes = [itemCount] + hiddenSizes + [latentSize] + hiddenSizes.reversed() + [itemCount]
        return "[" + sizes.map(String.init).joined(separator: "-") + "]"
    }

    /// (inputs, outputs) of each encoder layer, input side first.
    var encoderShapes: [(inputs: Int, outputs: Int)] {
        let widths = [itemCount] + hiddenSizes + [2 * latentSize]
        return (0..<(widths.count - 1)).map { (widths[$0], widths[$0 + 1]) }
    }

    /// (inputs, outputs) of each decoder layer, latent side first.
    var decoderShapes: [(inputs: Int, outputs: Int)] {
        let widths = [latentSize] + hiddenSizes.reversed() + [itemCount]
        return (0..<(widths.count - 1)).map { (widths[$0], widths[$0 + 1]) }
    }

    /// The widest activation row (for sizing scratch buffers).
    var widestLayer: Int { max(itemCount, 2 * latentSize, hiddenSizes.max() ?? 0) }

    /// Total number of parameters (weights and biases).
    public var parameterCount: Int { MultVAELayout(self).totalCount }
}

/// Where each tensor lives in the flat parameter buffer (house style: one buffer each for
/// parameters, gradients and optimizer moments, carved by one table).
///
/// Tensors, in buffer order: `encoder.L.weight` [out, in] and `encoder.L.bias` [out] for
/// each encoder layer L, then the same for `decoder.L`. Weights are stored [out × in],
/// PyTorch's convention, which is what `linearForward` multiplies by.
struct MultVAELayout: Sendable, Equatable {
    struct Tensor: Sendable, Equatable {
        var name: String
        var shape: [Int]
        var offset: Int
        var count: Int { shape.reduce(1, *) }
        /// Weights decay under AdamW; biases do not.
        var decays: Bool { shape.count == 2 }
    }

    /// One linear layer: where its weight and bias are.
    struct Layer: Sendable, Equatable {
        var inputs: Int
        var outputs: Int
        var weight: Int
        var bias: Int
    }

    var tensors: [Tensor] = []
    var encoder: [Layer] = []
    var decoder: [Layer] = []
    var totalCount = 0

    init(_ architecture: MultVAEArchitecture) {
        for (prefix, shapes) in [("encoder", architecture.encoderShapes), ("decoder", architecture.decoderShapes)] {
            for (index, shape) in shapes.enumerated() {
                let weight = totalCount
                tensors.append(Tensor(name: "\(prefix).\(index).weight", shape: [shape.outputs, shape.inputs],
                                      offset: weight))
                totalCount += shape.outputs * shape.inputs
                let bias = totalCount
                tensors.append(Tensor(name: "\(prefix).\(index).bias", shape: [shape.outputs], offset: bias))
                totalCount += shape.outputs
                let layer = Layer(inputs: shape.inputs, outputs: shape.outputs, weight: weight, bias: bias)
                if prefix == "encoder" { encoder.append(layer) } else { decoder.append(layer) }
            }
        }
    }
}
