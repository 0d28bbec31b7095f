import CurioCatalog
import CurioEngine
import Foundation
import Testing
@testable import CurioSimulation

/// The real MovieLens catalog, its split, the simulator's phrasebooks and the shipped
/// model: loaded once for every test of the target.
enum SimulationFixture {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let prompts = root + "/prompts"
    static let catalogPath = root + "/catalogs/movielens"
    static let modelPath = catalogPath + "/model.safetensors"
    static let catalogPresent = FileManager.default.fileExists(atPath: catalogPath + "/items.tsv")
    static let modelPresent = FileManager.default.fileExists(atPath: modelPath)

    static let catalog: Catalog? = try? Catalog.load(from: catalogPath)
    static let split: LeaveOneOutSplit? = catalog.map(LeaveOneOutSplit.init(catalog:))
    static let phrasebooks: [Phrasebook]? = try? Phrasebook.loadAll(prompts: prompts)

    static let simulator: UserSimulator? = {
        guard let catalog, let split, let phrasebooks else { return nil }
        return UserSimulator(catalog: catalog, split: split, phrasebooks: phrasebooks)
    }()

    static let engine: Engine? = modelPresent
        ? try? Engine.load(catalogDirectory: catalogPath, modelPath: modelPath, prompts: prompts) : nil

    /// Small neighbourhoods keep the item-kNN build to about a second in tests.
    static let references: [ReferenceCounterpart]? = {
        guard let catalog, let split else { return nil }
        return ReferenceCounterpart.standard(catalog: catalog, split: split, neighbors: 50)
    }()
}
