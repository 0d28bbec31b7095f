/// The line-by-line chat used when standard input or output is not a terminal (or with
/// `--plain`): `echo "a funny 90s movie" | curio`.
///
/// Reads one message per line, prints each answer (sanitised, unwrapped) followed by a
/// blank line. Commands work as in the full-screen chat; errors go to `errors` and the
/// chat continues. Returns the exit status: 0, or 1 when the last line failed.
public struct PlainChat {
    public var backend: any ChatBackend
    /// Shown before each line when input is interactive; `nil` for no prompt.
    public var prompt: String?

    public init(backend: any ChatBackend, prompt: String? = nil) {
        self.backend = backend
        self.prompt = prompt
    }

    /// Runs until end of input or `/quit`.
    ///
    /// - Parameters:
    ///   - readLine: the next input line without its newline, `nil` at end of input.
    ///   - output: where answers go (standard output).
    ///   - errors: where prompts and errors go (standard error).
    public func run(readLine: () -> String?, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        var transcript: [TranscriptEntry] = []
        var listCount = 0
        var status: Int32 = 0
        while true {
            if let prompt { errors(prompt) }
            guard let line = readLine() else { break }
            status = 0
            let intent = ChatIntent.interpret(line, listCount: listCount)
            switch intent {
            case .nothing:
                continue
            case .invalid(let error):
                errors("curio: \(error)\n")
                status = 1
                continue
            case .command(.quit):
                return status
            case .command(.help):
                output(HelpText.text + "\n\n")
                continue
            case .command(.export(let destination)):
                let markdown = MarkdownExport.render(transcript, header: backend.header)
                switch destination {
                case .standardOutput: output(markdown + "\n")
                case .file(let path):
                    do {
                        try MarkdownExport.write(markdown, to: path)
                        errors("curio: exported the conversation to \(path)\n")
                    } catch {
                        errors("curio: \(error)\n")
                        status = 1
                    }
                }
                continue
            case .message, .command(.backend):
                transcript.append(.user(line))
                do {
                    let reply: ChatReply
                    if case .message(let text) = intent { reply = try backend.respond(to: text) }
                    else if case .command(.backend(let command)) = intent { reply = try backend.perform(command) }
                    else { continue }
                    if let items = reply.items { listCount = items.count }
                    transcript.append(.reply(reply))
                    output(Self.format(reply) + "\n")
                } catch {
                    transcript.append(.error("\(error)"))
                    errors("curio: \(error)\n")
                    status = 1
                }
            }
        }
        return status
    }

    /// One answer as plain text: the same lines as the transcript, unwrapped, with the
    /// state chips on the last line.
    public static func format(_ reply: ChatReply) -> String {
        TranscriptRenderer.lines(for: .reply(reply), width: 100_000, items: .full)
            .map { $0.plainText.replacingNoBreakSpaces() }.joined(separator: "\n")
    }
}

extension String {
    /// The no-break spaces the layout uses to keep facts together, as plain spaces.
    func replacingNoBreakSpaces() -> String {
        String(map { $0 == "\u{00A0}" ? " " : $0 })
    }
}
