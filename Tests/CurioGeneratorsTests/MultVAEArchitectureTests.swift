import Testing
@testable import CurioGenerators

@Suite struct MultVAEArchitectureTests {
    @Test func layoutCarvesOneBufferWithoutGapsOrOverlaps() {
        let architecture = MultVAEArchitecture(itemCount: 9066, hiddenSizes: [256], latentSize: 128)
        #expect(architecture.summary == "[9066-256-128-256-9066]")
        let layout = MultVAELayout(architecture)
        #expect(layout.tensors.map(\.name) == [
            "encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias",
            "decoder.0.weight", "decoder.0.bias", "decoder.1.weight", "decoder.1.bias",
        ])
        #expect(layout.tensors.map(\.shape) == [[256, 9066], [256], [256, 256], [256], [256, 128], [256],
                                                [9066, 256], [9066]])
        var next = 0
        for tensor in layout.tensors {
            #expect(tensor.offset == next, "\(tensor.name)")
            next += tensor.count
        }
        // The encoder's last layer outputs μ and log σ² (2 × 128).
        let expected = (9066 * 256 + 256) + (256 * 256 + 256) + (128 * 256 + 256) + (256 * 9066 + 9066)
        #expect(next == layout.totalCount && architecture.parameterCount == expected)
    }

    @Test func sizesThatCannotWorkAreRefused() {
        #expect(throws: MultVAEError.invalidArchitecture("latent size 0 must be at least 1")) {
            try MultVAEArchitecture(itemCount: 10, hiddenSizes: [4], latentSize: 0).validate()
        }
        #expect(throws: MultVAEError.invalidArchitecture("3 item ids for 10 items")) {
            try MultVAE(architecture: MultVAEArchitecture(itemCount: 10, hiddenSizes: [4], latentSize: 2),
                        itemIDs: ["a", "b", "c"], seed: 1)
        }
    }
}
