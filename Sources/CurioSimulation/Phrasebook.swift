import CurioDialogue
import Foundation

/// How one language's simulated users talk: their phrasings for each kind of fact,
/// their answers to the engine's questions, and their words for genres and decades
/// (prompts/simulator/LANG.txt).
///
/// The phrasings are the simulator's own and never the training templates of
/// prompts/tasks/*.txt: a user who spoke the training templates would measure how well
/// the model remembers them, not whether curio understands people (a test enforces it).
public struct Phrasebook: Sendable {
    /// A kind of line in the file, one `[section]` each.
    public enum Section: String, Sendable, CaseIterable, Codable {
        case genre, decade, liked, runtime
        case answerYear = "answer.year", answerNumber = "answer.number"
        case answerEither = "answer.either", answerUnknown = "answer.unknown"

        /// Slots a line of this section must contain one of (all lines: no others).
        var slots: Set<String> {
            switch self {
            case .genre: ["genre"]
            case .decade: ["decade"]
            case .liked: ["title", "name"]
            case .runtime: ["minutes"]
            case .answerYear: ["year"]
            case .answerNumber: ["number"]
            case .answerEither, .answerUnknown: []
            }
        }
    }

    public let language: Language
    /// The file it was read from, for messages.
    public let path: String
    /// Phrasings per section, in file order.
    public let lines: [Section: [String]]
    /// Words for each catalog genre; a genre without words is never stated.
    public let genreWords: [String: [String]]
    /// Words for each decade, keyed by its first year (1980 → "the eighties", …).
    public let decadeWords: [Int: [String]]

    /// Reads and checks one phrasings file.
    ///
    /// - Throws: `SimulationError.phrasebook` naming the file and line of the first
    ///   problem: an unknown section, a line outside a section, a slot the section does
    ///   not allow or a missing one, a malformed word line, or an empty section.
    public static func load(path: String, language: Language) throws -> Phrasebook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SimulationError.phrasebook(file: path, line: 0, problem: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SimulationError.phrasebook(file: path, line: 0, problem: "not UTF-8 text")
        }
        return try parse(text, path: path, language: language)
    }

    /// Parses the text of a phrasings file (see `load(path:language:)`).
    public static func parse(_ text: String, path: String, language: Language) throws -> Phrasebook {
        var lines: [Section: [String]] = [:]
        var genres: [String: [String]] = [:]
        var decades: [Int: [String]] = [:]
        enum Place { case none, phrasing(Section), genreWords, decadeWords }
        var place = Place.none
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = n + 1
            func fail(_ problem: String) -> SimulationError {
                .phrasebook(file: path, line: lineNumber, problem: problem)
            }
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast())
                if name == "genre-words" { place = .genreWords } else if name == "decade-words" { place = .decadeWords }
                else if let section = Section(rawValue: name) { place = .phrasing(section) }
                else { throw fail("unknown section [\(name)]") }
                continue
            }
            switch place {
            case .none:
                throw fail("a line before any [section]")
            case .phrasing(let section):
                let slots = Self.slots(in: line)
                if let extra = slots.subtracting(section.slots).sorted().first {
                    throw fail("slot {\(extra)} does not belong in [\(section.rawValue)]")
                }
                if !section.slots.isEmpty, slots.isDisjoint(with: section.slots) {
                    throw fail("a [\(section.rawValue)] line needs " + section.slots.sorted().map { "{\($0)}" }.joined(separator: " or "))
                }
                lines[section, default: []].append(line)
            case .genreWords, .decadeWords:
                let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
                let words = cells.count == 2 ? cells[1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } : []
                guard cells.count == 2, !words.isEmpty, !words.contains(where: \.isEmpty) else {
                    throw fail("expected KEY<TAB>word|word|…")
                }
                let key = cells[0].trimmingCharacters(in: .whitespaces)
                if case .genreWords = place {
                    guard !key.isEmpty, genres[key] == nil else { throw fail("empty or repeated genre \"\(key)\"") }
                    genres[key] = words
                } else {
                    guard let decade = Int(key), decade % 10 == 0, decades[decade] == nil else {
                        throw fail("\"\(key)\" is not a new decade's first year (1980)")
                    }
                    decades[decade] = words
                }
            }
        }
        for section in Section.allCases where lines[section, default: []].isEmpty {
            throw SimulationError.phrasebook(file: path, line: 0, problem: "section [\(section.rawValue)] is missing or empty")
        }
        if genres.isEmpty { throw SimulationError.phrasebook(file: path, line: 0, problem: "no [genre-words]") }
        if decades.isEmpty { throw SimulationError.phrasebook(file: path, line: 0, problem: "no [decade-words]") }
        return Phrasebook(language: language, path: path, lines: lines, genreWords: genres, decadeWords: decades)
    }

    /// The phrasebooks under `prompts/simulator/`: English (required) and Chinese (when
    /// zh.txt exists), English first.
    public static func loadAll(prompts: String) throws -> [Phrasebook] {
        var books = [try load(path: prompts + "/simulator/en.txt", language: .english)]
        let chinese = prompts + "/simulator/zh.txt"
        if FileManager.default.fileExists(atPath: chinese) { books.append(try load(path: chinese, language: .chinese)) }
        return books
    }

    /// The names inside `{…}` in `line`.
    static func slots(in line: String) -> Set<String> {
        var names: Set<String> = []
        var rest = line[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// `line` with each `{slot}` replaced by its value.
    static func fill(_ line: String, _ values: [String: String]) -> String {
        values.reduce(line) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
