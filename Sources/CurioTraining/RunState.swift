import CurioEngine
import CurioModel
import Foundation

/// Everything needed to resume a training run after the last finished epoch: the
/// parameters, AdamW's moments and step, the best epoch so far and its parameters,
/// and the epoch reports. Written atomically after every epoch next to the output
/// (`<out>.resume`), as safetensors like the model itself.
struct RunState {
    var epoch: Int
    var stepCount: Int
    var stale: Int
    var elapsed: Double
    var reports: [EpochReport]
    var parameters: [Float]
    var firstMoment: [Float]
    var secondMoment: [Float]
    var best: (report: EpochReport, parameters: [Float])?
    /// What must match for a resume to make sense.
    var fingerprint: String

    struct Header: Codable {
        var epoch: Int
        var stepCount: Int
        var stale: Int
        var elapsed: Double
        var reports: [EpochReport]
        var best: EpochReport?
        var fingerprint: String
    }

    func write(to path: String) throws {
        let header = Header(epoch: epoch, stepCount: stepCount, stale: stale, elapsed: elapsed, reports: reports,
                            best: best?.report, fingerprint: fingerprint)
        var writer = SafeTensorsWriter(metadata: ["curio.run": String(decoding: try JSONEncoder().encode(header), as: UTF8.self)])
        try writer.add("parameters", values: parameters, shape: [parameters.count])
        try writer.add("adam_m", values: firstMoment, shape: [firstMoment.count])
        try writer.add("adam_v", values: secondMoment, shape: [secondMoment.count])
        if let best { try writer.add("best_parameters", values: best.parameters, shape: [best.parameters.count]) }
        try writer.write(to: path)
    }

    static func read(from path: String) throws -> RunState {
        let file = try SafeTensorsFile(path: path)
        guard let json = file.metadata["curio.run"],
              let header = try? JSONDecoder().decode(Header.self, from: Data(json.utf8)) else {
            throw TrainingError.resume("\(path) is not a curio training state")
        }
        var best: (EpochReport, [Float])?
        if let report = header.best { best = (report, try file.floats(named: "best_parameters")) }
        return RunState(epoch: header.epoch, stepCount: header.stepCount, stale: header.stale, elapsed: header.elapsed,
                        reports: header.reports, parameters: try file.floats(named: "parameters"),
                        firstMoment: try file.floats(named: "adam_m"), secondMoment: try file.floats(named: "adam_v"),
                        best: best, fingerprint: header.fingerprint)
    }
}
