import ArgumentParser
import CurioCatalog
import CurioEngine
import CurioEvaluation
import CurioModel
import CurioSimulation
import Foundation

/// `curio eval --conversations`: seeded simulated users look for their held-out test
/// item by telling curio what they know of it, one fact per turn, in phrasings of their
/// own (prompts/simulator/); MostPopular and item-kNN get the same facts as filters.
/// Prints SR@1…SR@5, turns to success, invalid ids, violations and repeats.
extension EvalCommand {
    func runConversations() throws {
        let catalogDirectory: String
        do { catalogDirectory = try CatalogLocator.resolve(explicit: catalog.directory) } catch {
            FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let engine: Engine
        let evaluation: ConversationEvaluation
        let split: LeaveOneOutSplit
        do {
            let prompts = try PromptsLocator.directory()
            let loaded = try Engine.load(catalogDirectory: catalogDirectory,
                                         modelPath: model ?? Engine.defaultModelPath(catalogDirectory: catalogDirectory),
                                         prompts: prompts)
            split = LeaveOneOutSplit(catalog: loaded.catalog)
            var heldOut = loaded.heldOut(split)
            if let coWatchWeight { heldOut.coWatchWeight = coWatchWeight }
            if let historyWeight { heldOut.historyWeight = historyWeight }
            if let informativeBits { heldOut.informativeRequestBits = informativeBits }
            engine = heldOut
            evaluation = try ConversationEvaluation(catalog: engine.catalog, split: split, prompts: prompts,
                                                    target: self.split)
        } catch let error as CatalogError {
            FileHandle.standardError.write(Data("curio: catalog \(catalogDirectory): \(error)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("curio: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let simulated = try evaluation.simulator.users(count: users, seed: seed)
        conversationNote("\(simulated.count) simulated users (seed \(seed)); fitting the references on "
             + "\(split.training.count) training interactions")
        let building = Date()
        let references = ReferenceCounterpart.standard(catalog: engine.catalog, split: split,
                                                       neighbors: neighbors ?? ReferenceCounterpart.defaultNeighbors)
        conversationNote(String(format: "references ready in %.1f s", Date().timeIntervalSince(building)))
        // The diagnostic row gives the model the state the facts mean: the gap to curio's
        // row is what understanding the sentences costs, the gap to the references is ranking.
        let systems: [(any Counterpart, Role)] = [(EngineCounterpart(engine: engine), .system)]
            + references.map { ($0, .reference) } + [(StatedFactsCounterpart(engine: engine), .diagnostic)]
            // The references again, never repeating a shown item while a new one fits, as
            // curio does: how much of the gap is that policy, how much ranking.
            + references.map { reference -> (any Counterpart, Role) in
                var demoting = reference
                demoting.demotesShown = true
                return (demoting, .diagnostic)
            }
        var records: [String: [ConversationRecord]] = [:]
        let report = try evaluation.run(users: simulated, systems: systems, seed: seed, resamples: resamples,
                                        progress: { name, done, all in
            if done % 100 == 0 || done == all { conversationNote("  \(name): \(done)/\(all) users") }
        }, records: { name, list in records[name] = list })
        if let transcripts {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = Transcripts(users: simulated, conversations: records)
            try AtomicFile.write(Array(try encoder.encode(body)), to: transcripts)
            conversationNote("transcripts written to \(transcripts)")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table(), terminator: "")
        }
    }

    private func conversationNote(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// What `--transcripts FILE` writes: each simulated user and every system's conversation with it.
private struct Transcripts: Encodable {
    var users: [SimulatedUser]
    var conversations: [String: [ConversationRecord]]
}
