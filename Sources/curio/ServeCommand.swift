import ArgumentParser
import CurioEngine
import Foundation

/// `curio serve --stdio`: JSON lines for programs (docs/protocol.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer JSON-lines requests on standard input (see docs/protocol.md).",
        discussion: #"Example: echo '{"session":"a","say":"a funny 90s movie"}' | curio serve --stdio"#)

    @Flag(help: "Read requests from standard input and answer on standard output (the only transport).")
    var stdio = false

    @OptionGroup var engineOptions: EngineOptions

    func validate() throws {
        guard stdio else { throw ValidationError("curio serve needs --stdio (the only transport for now)") }
    }

    func run() throws {
        let engine = try engineOptions.loadEngine()
        var sessions = ServeSessions(engine: engine)
        sessions.use(engineOptions.openProfile(catalog: engine.catalog))
        var reader = LineReader(maximumLength: 65_536)
        let out = FileHandle.standardOutput
        while let line = reader.next() {
            out.write(Data((sessions.answer(line) + "\n").utf8)) // unbuffered: one flushed line per request
        }
    }
}
