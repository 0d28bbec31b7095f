import CurioKernels
import Foundation
import Testing
@testable import CurioModel

/// Saving and loading whole models.
@Suite struct CheckpointTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("curio-\(name)-\(getpid()).safetensors").path
    }

    @Test func roundTripIsExactInF32AndKeepsCallerMetadata() throws {
        let model = try Tiny.model(seed: 12)
        let path = temporaryPath("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.save(model, to: path, metadata: ["tokenizer": "{\"merges\":[]}", "step": "42"])
        let (loaded, metadata) = try Checkpoint.load(from: path)
        #expect(loaded.config == model.config)
        #expect(loaded.parameters.array == model.parameters.array)
        #expect(metadata == ["tokenizer": "{\"merges\":[]}", "step": "42"])
        let cache = try KVCache(model: loaded)
        try cache.prefill([1, 2, 3])
        let original = try KVCache(model: model)
        try original.prefill([1, 2, 3])
        #expect(try cache.nextTokenLogits() == original.nextTokenLogits())
    }

    @Test(arguments: [SafeTensorsDType.f16, .bf16])
    func halfPrecisionRoundsEachWeight(dtype: SafeTensorsDType) throws {
        let model = try Tiny.model(seed: 12)
        let path = temporaryPath("half-\(dtype.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.save(model, to: path, dtype: dtype)
        let loaded = try Checkpoint.load(from: path).model
        let bound: Float = dtype == .bf16 ? 1 / 128 : 1 / 1024  // relative rounding of 8 / 11 significant bits
        let worst = zip(loaded.parameters.array, model.parameters.array).map { abs($0 - $1) / max(abs($1), 1e-3) }.max() ?? 0
        #expect(worst <= bound, "\(dtype): worst relative rounding \(worst)")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func mismatchedCheckpointsFailWithTheReason() throws {
        let path = temporaryPath("bad")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A plain safetensors file without curio's metadata.
        var writer = SafeTensorsWriter(metadata: [:])
        try writer.add("tok_emb", values: [Float](repeating: 0, count: 4), shape: [2, 2])
        try writer.write(to: path)
        do {
            _ = try Checkpoint.load(from: path)
            Issue.record("a file without curio metadata loaded")
        } catch {
            #expect("\(error)".contains("format"), "message was: \(error)")
        }
        // A checkpoint whose configuration disagrees with its tensors.
        let model = try Tiny.model()
        var config = model.config
        config.ffnHidden = 48
        var mismatched = SafeTensorsWriter(metadata: [Checkpoint.formatKey: Checkpoint.formatValue,
                                                      Checkpoint.configKey: String(decoding: try JSONEncoder().encode(config), as: UTF8.self)])
        for tensor in model.layout.tensors {
            try mismatched.add(tensor.name, values: model.parameters.slice(tensor.offset, tensor.count).array, shape: tensor.shape)
        }
        try mismatched.write(to: path)
        do {
            _ = try Checkpoint.load(from: path)
            Issue.record("a checkpoint with wrong shapes loaded")
        } catch {
            #expect("\(error)".contains("layers.0.w_gate"), "message was: \(error)")
        }
        #expect(throws: ModelError.self) { try Checkpoint.save(model, to: path, metadata: ["model_config": "{}"]) }
    }
}
