import ArgumentParser
import CurioCatalog
import CurioDialogue
import CurioEngine
import CurioEvaluation
import Foundation

extension EvalCommand {
    /// `curio eval --explanations [--count N] [--seed S]`: the faithfulness of "why"
    /// (`ExplanationFaithfulness`, docs/evaluation.md). Builds recommendation situations
    /// from held-out users, explains items #1, #5 and #10 of each real list, and checks
    /// by regenerating lists whether the cited causes are necessary and sufficient.
    /// Deterministic given the seed (one thread).
    func runExplanations() throws {
        let loaded = try catalog.loadCatalog()
        let directory = try CatalogLocator.resolve(explicit: catalog.directory)
        let path = model ?? Engine.defaultModelPath(catalogDirectory: directory)
        guard FileManager.default.fileExists(atPath: path) else { throw EngineError.missingModel(path) }
        let (languageModel, _) = try ModelFile.load(path, threads: 1)
        let prompts = try PromptsLocator.directory()
        let understanding = try Understanding.load(lexiconDirectory: prompts + "/lexicon", titles: TitleSearch(catalog: loaded))
        let split = LeaveOneOutSplit(catalog: loaded)
        let engine = try Engine(catalog: loaded, languageModel: languageModel, understanding: understanding, prompts: prompts)
            .heldOut(split)
        let started = Date()
        let report = try ExplanationFaithfulness(engine: engine).run(split: split, count: count, seed: seed) { done in
            let rate = Double(done) / max(1e-9, Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("\r  \(done)/\(count) explanations (\(String(format: "%.1f", rate))/s)".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        if json {
            let body = report.fields.map { "\"\($0.0)\": \(String(format: "%.4f", $0.1))" }.joined(separator: ", ")
            print("{" + body + "}")
        } else {
            print(report.table())
        }
    }
}
