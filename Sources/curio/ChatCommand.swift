import ArgumentParser
import CurioChatUI
import CurioTerminal
import Foundation

/// `curio` / `curio chat`: the conversation in the terminal (full screen on a capable
/// terminal, line by line otherwise or with --plain, e.g. `echo "a funny 90s movie" | curio`).
struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat about what to watch (the default command).")

    @Flag(help: "Line-by-line chat without the full-screen interface.")
    var plain = false

    @Flag(help: "Let the mouse wheel scroll the conversation.")
    var mouse = false

    @Flag(help: "Continue the previous conversation.")
    var resume = false

    @OptionGroup var engineOptions: EngineOptions

    func run() throws {
        let engine = try engineOptions.loadEngine()
        let backend = EngineChatBackend(engine: engine, profile: engineOptions.openProfile(catalog: engine.catalog))
        let status = ChatApp.run(backend: backend, options: ChatOptions(forcePlain: plain, mouse: mouse, resume: resume))
        if status != 0 { throw ExitCode(status) }
    }
}
