import Foundation

/// The conversation as Markdown, for `/export`.
public enum MarkdownExport {
    /// Renders the transcript: the user's lines as quotes, replies as text with numbered
    /// lists, explanations as tables. Every string is sanitised and Markdown-escaped
    /// where it could change the structure (a title starting with "#", pipes in tables).
    ///
    /// - Complexity: O(transcript length).
    public static func render(_ transcript: [TranscriptEntry], header: ChatHeader) -> String {
        var out = "# curio conversation\n\n"
        out += "*Catalog:* \(inline(header.catalogName)) · *model:* \(inline(header.modelName))"
            + " · *profile:* \(inline(header.profileName))\n"
        for entry in transcript {
            out += "\n"
            switch entry {
            case .user(let text):
                out += text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "> " + inline(String($0)) }.joined(separator: "\n") + "\n"
            case .notice(let text):
                out += "*" + inline(text) + "*\n"
            case .error(let text):
                out += "**Error:** " + inline(text) + "\n"
            case .reply(let reply):
                out += replyMarkdown(reply)
            }
        }
        return out
    }

    static func replyMarkdown(_ reply: ChatReply) -> String {
        var out = ""
        if !reply.text.isEmpty { out += inline(reply.text) + "\n" }
        if let items = reply.items, !items.isEmpty {
            out += "\n"
            for item in items {
                var line = "\(item.number). **\(inline(item.title))**"
                if let year = item.year { line += " (\(year))" }
                let facts = item.factsLine
                if !facts.isEmpty { line += " · " + inline(facts) }
                out += line + "\n"
                if !item.reason.isEmpty { out += "   " + inline(item.reason) + "\n" }
            }
        }
        if let q = reply.question {
            out += "\n**" + inline(q.text) + "**"
            if !q.suggestedAnswers.isEmpty {
                out += " (e.g. " + q.suggestedAnswers.map { "“\(inline($0))”" }.joined(separator: ", ") + ")"
            }
            out += "\n"
        }
        if let e = reply.explanation {
            out += "\nWhy **\(inline(e.subject))**:\n\n| cause | weight |\n| --- | ---: |\n"
            for cause in e.causes { out += "| \(inline(cause.label)) | \(formatDecimal(cause.weight, places: 2)) |\n" }
        }
        if let d = reply.details {
            out += "\n**\(inline(d.title))**" + (d.year.map { " (\($0))" } ?? "") + "\n\n"
            for field in d.fields { out += "- *\(inline(field.label)):* \(inline(field.value))\n" }
            if let summary = d.summary, !summary.isEmpty { out += "\n" + inline(summary) + "\n" }
        }
        if let chips = reply.chips, !chips.isEmpty {
            out += "\n*Understood:* " + chips.map { "`\($0.sanitizedForTerminal.replacingOccurrences(of: "`", with: "'"))`" }
                .joined(separator: " ") + "\n"
        }
        return out
    }

    /// One line of user or catalog text, safe inside Markdown: sanitised, with the
    /// characters that start structure escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        for character in text.sanitizedForTerminal {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Writes the Markdown to `path` atomically (temp file + rename); "~/" is expanded.
    ///
    /// - Throws: `ChatUIError.exportFailed` naming the path and the reason.
    public static func write(_ markdown: String, to path: String) throws {
        let target = StateFiles.expandingTilde(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ChatUIError.exportFailed(path: path, reason: "it is a directory")
        }
        do {
            try StateFiles.writeAtomically(Data(markdown.utf8), to: target)
        } catch ChatUIError.stateFileFailed(_, let reason) {
            throw ChatUIError.exportFailed(path: path, reason: reason)
        }
    }
}
