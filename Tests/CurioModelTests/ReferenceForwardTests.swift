import Foundation
import Testing
@testable import CurioModel

/// The Swift forward pass against an independent numpy implementation
/// (Reference/reference_forward.py) reading the checkpoint curio saved.
@Suite struct ReferenceForwardTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference/reference_forward.py").path

    /// Output of `python3 args…`, or nil when python3 cannot be started.
    static func python(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self) + String(decoding: message, as: UTF8.self)
        return (process.terminationStatus, text)
    }

    static let numpyAvailable = python(["-c", "import numpy"])?.status == 0

    @Test(.enabled(if: numpyAvailable, "python3 with numpy is not installed; the numpy cross-check is skipped"))
    func swiftLogitsMatchNumpyReference() throws {
        let config = ModelConfig(vocabSize: 50, dModel: 32, layers: 2, heads: 4, ffnHidden: 48, contextLength: 16)
        let model = try TransformerModel(config: config, seed: 21, threads: 2)
        // Perturb every weight (norm gains included) so no tensor is at its trivial init.
        var random = ModelRandom(seed: 4)
        for i in 0..<model.parameterCount { model.parameters[i] += Float(random.nextGaussian() * 0.1) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("curio-reference-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.save(model, to: path)

        let tokens: [Int32] = [3, 41, 7, 7, 0, 49, 12, 30, 25, 8, 16]
        let run = try #require(Self.python([Self.script, path, tokens.map(String.init).joined(separator: ",")]))
        try #require(run.status == 0, "reference_forward.py failed: \(run.output)")
        let numpy = try JSONDecoder().decode([[Double]].self, from: Data(run.output.utf8))
        let swift = try Tiny.fullForwardLogits(model, tokens)
        try #require(numpy.count == tokens.count)
        var worst: Double = 0
        for (a, b) in zip(swift, numpy) {
            worst = max(worst, zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0)
        }
        print("Swift vs numpy reference: worst logit difference \(worst) over \(tokens.count)×\(config.vocabSize) logits")
        #expect(worst < 1e-4)
    }
}
