import ArgumentParser
import CurioEngine
import Foundation

/// `curio ask "TEXT"`: one turn, printed as a numbered list with one-line reasons.
struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask for recommendations once and print them.",
        discussion: """
            Example: curio ask "a funny 90s movie under two hours"
            With --json, prints the same answer object as `curio serve --stdio`.
            """)

    @Argument(help: "What you feel like watching.")
    var text: String

    @Flag(help: "Print the serve protocol's answer object instead of text.")
    var json = false

    @OptionGroup var engineOptions: EngineOptions

    func run() throws {
        let engine = try engineOptions.loadEngine()
        let profile = engineOptions.openProfile(catalog: engine.catalog)
        if json {
            var sessions = ServeSessions(engine: engine)
            sessions.use(profile)
            let request = ServeRequest(session: "ask", operation: .say(text))
            do { print(ServeLine.encode(try sessions.answer(request))) } catch let error as ServeError {
                print(ServeLine.encode(error))
            }
            return
        }
        var conversation = profile?.startingConversation() ?? Conversation()
        let reply = try engine.respond(to: text, in: &conversation)
        try reading { try profile?.save(conversation.state) }
        print((reply.explanation?.sentence ?? reply.text).sanitizedForTerminal)
        for (n, rec) in (reply.items ?? []).enumerated() {
            print(String(format: "%2d. ", n + 1) + engine.titleWithYear(rec.item).sanitizedForTerminal)
            print("    " + rec.reason.sanitizedForTerminal)
        }
        if let explanation = reply.explanation {
            for line in explanation.chart { print(line.sanitizedForTerminal) }
        }
        if let question = reply.question, question != reply.text { print(question.sanitizedForTerminal) }
    }
}
