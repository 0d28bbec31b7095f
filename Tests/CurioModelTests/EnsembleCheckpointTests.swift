import CurioKernels
import Foundation
import Testing
@testable import CurioModel

/// An ensemble is one file: every member's tensors under `member.k.`, the member count
/// in the header, and a single model written exactly as before ensembles existed.
@Suite struct EnsembleCheckpointTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("curio-ens-\(name)-\(getpid()).safetensors").path
    }

    @Test func membersRoundTripInOrderAndASingleModelKeepsItsPlainNames() throws {
        let members = try [12, 13, 14].map { try Tiny.model(seed: UInt64($0)) }
        let path = temporaryPath("three")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.save(members: members, to: path, metadata: ["note": "three seeds"])
        let (loaded, metadata) = try Checkpoint.load(membersFrom: path)
        #expect(loaded.map(\.parameters.array) == members.map(\.parameters.array))
        #expect(metadata == ["note": "three seeds"])
        #expect(try SafeTensorsFile(path: path).names.contains("member.2.tok_emb"))
        // Where one model is expected, an ensemble is refused with the reason.
        do {
            _ = try Checkpoint.load(from: path)
            Issue.record("an ensemble loaded as one model")
        } catch {
            #expect("\(error)".contains("ensemble of 3"), "message was: \(error)")
        }

        try Checkpoint.save(members: [members[0]], to: path)
        let file = try SafeTensorsFile(path: path)
        #expect(file.names.contains("tok_emb") && file.metadata[Checkpoint.membersKey] == nil)
        #expect(try Checkpoint.load(from: path).model.parameters.array == members[0].parameters.array)
    }

    @Test func aMissingMemberTensorOrABadCountIsNamed() throws {
        let members = try [12, 13].map { try Tiny.model(seed: UInt64($0)) }
        let path = temporaryPath("bad")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = String(decoding: try JSONEncoder().encode(members[0].config), as: UTF8.self)
        func write(members count: String, skipping skipped: String?) throws {
            var writer = SafeTensorsWriter(metadata: [Checkpoint.formatKey: Checkpoint.formatValue,
                                                      Checkpoint.configKey: config, Checkpoint.membersKey: count])
            for (k, model) in members.enumerated() {
                for tensor in model.layout.tensors where "member.\(k).\(tensor.name)" != skipped {
                    try writer.add("member.\(k).\(tensor.name)", values: model.parameters.slice(tensor.offset, tensor.count).array,
                                   shape: tensor.shape)
                }
            }
            try writer.write(to: path)
        }
        try write(members: "2", skipping: "member.1.layers.0.wq")
        #expect(throws: ModelError.self) { _ = try Checkpoint.load(membersFrom: path) }
        do { _ = try Checkpoint.load(membersFrom: path) } catch { #expect("\(error)".contains("member.1.layers.0.wq")) }
        try write(members: "two", skipping: nil)
        do {
            _ = try Checkpoint.load(membersFrom: path)
            Issue.record("a member count of \"two\" loaded")
        } catch {
            #expect("\(error)".contains("\"members\""), "message was: \(error)")
        }
        #expect(throws: ModelError.self) { try Checkpoint.save(members: [], to: path) }
    }
}
