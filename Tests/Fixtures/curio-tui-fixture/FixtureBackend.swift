// TEST FIXTURE, not part of curio: a deterministic ChatBackend over a dozen films so
// the real terminal front end can be driven under tmux before the engine exists.
import CurioChatUI
#if canImport(Glibc)
import Glibc
#endif

final class FixtureBackend: ChatBackend {
    struct Film {
        let title: String, year: Int, genres: [String], minutes: Int, rating: Double
    }
    struct Request: Equatable {
        var genres: [String] = []
        var decade: Int?
        var excluded: [String] = []
        var maxMinutes: Int?
        var liked: [String] = []
        var seen: [String] = []
        var page = 0

        var chips: [String] {
            genres + (decade.map { ["\($0)s"] } ?? []) + (maxMinutes.map { ["≤ \($0) min"] } ?? [])
                + excluded.map { "no \($0)" } + liked.map { "like: \($0)" }
        }
    }

    static let films: [Film] = [
        Film(title: "Men in Black", year: 1997, genres: ["Comedy", "Sci-Fi"], minutes: 98, rating: 7.3),
        Film(title: "Men in Black II", year: 2002, genres: ["Comedy", "Sci-Fi"], minutes: 88, rating: 6.2),
        Film(title: "Groundhog Day", year: 1993, genres: ["Comedy", "Romance"], minutes: 101, rating: 8.0),
        Film(title: "The Big Lebowski", year: 1998, genres: ["Comedy", "Crime"], minutes: 117, rating: 8.1),
        Film(title: "Galaxy Quest", year: 1999, genres: ["Comedy", "Sci-Fi"], minutes: 102, rating: 7.4),
        Film(title: "Toy Story", year: 1995, genres: ["Animation", "Comedy"], minutes: 81, rating: 8.3),
        Film(title: "Mrs. Doubtfire", year: 1993, genres: ["Comedy", "Drama"], minutes: 125, rating: 7.1),
        Film(title: "Scream", year: 1996, genres: ["Comedy", "Horror"], minutes: 111, rating: 7.4),
        Film(title: "卧虎藏龙", year: 2000, genres: ["Action", "Drama"], minutes: 120, rating: 7.9),
        Film(title: "千と千尋の神隠し", year: 2001, genres: ["Animation"], minutes: 125, rating: 8.6),
        Film(title: "Alien", year: 1979, genres: ["Horror", "Sci-Fi"], minutes: 117, rating: 8.5),
        Film(title: "Fargo", year: 1996, genres: ["Crime", "Drama"], minutes: 98, rating: 8.1),
        Film(title: "Heat", year: 1995, genres: ["Crime", "Drama"], minutes: 170, rating: 8.3),
    ]
    static let genreWords = ["funny": "Comedy", "comedy": "Comedy", "comedies": "Comedy", "horror": "Horror",
                             "sci-fi": "Sci-Fi", "crime": "Crime", "animated": "Animation", "drama": "Drama"]

    var request = Request()
    var undoStack: [Request] = []
    var shown: [Film] = []

    var header: ChatHeader { ChatHeader(catalogName: "fixture films", modelName: "fixture", profileName: "test") }

    func respond(to text: String) throws -> ChatReply {
        let lower = text.lowercased()
        if lower.contains("slowly") { usleep(3_000_000) }
        if lower.contains("fail") { throw FixtureError.refused(text) }
        undoStack.append(request)
        for (word, genre) in Self.genreWords where lower.contains(word) {
            if lower.contains("no " + word) { if !request.excluded.contains(genre) { request.excluded.append(genre) } }
            else if !request.genres.contains(genre) { request.genres.append(genre) }
        }
        if lower.contains("90s") || lower.contains("1990s") { request.decade = 1990 }
        if lower.contains("shorter") || lower.contains("short") { request.maxMinutes = 120 }
        request.page = 0
        if request.chips.isEmpty {
            return ChatReply(text: "What are you in the mood for?",
                             question: ClarifyingQuestion(text: "Something light or something tense?",
                                                          suggestedAnswers: ["a funny 90s movie", "crime drama"]),
                             chips: [])
        }
        return list("Here is what I found:")
    }

    func perform(_ command: ChatCommand) throws -> ChatReply {
        switch command {
        case .why(let n):
            let film = shown[n - 1]
            var causes = request.genres.filter(film.genres.contains).map { Explanation.Cause(label: $0, weight: 0.42) }
            if let decade = request.decade { causes.append(.init(label: "\(decade)s", weight: 0.21)) }
            causes.append(.init(label: "rating \(film.rating)", weight: 0.12))
            return ChatReply(text: "", explanation: Explanation(subject: film.title, causes: causes))
        case .more:
            request.page += 1
            return list("More:")
        case .details(let n):
            let f = shown[n - 1]
            return ChatReply(text: "", details: ItemDetails(title: f.title, year: f.year, fields: [
                .init(label: "Genres", value: f.genres.joined(separator: ", ")),
                .init(label: "Runtime", value: "\(f.minutes) min"),
            ]))
        case .like(let n):
            undoStack.append(request)
            request.liked.append(shown[n - 1].title)
            return ChatReply(text: "Noted: you like \(shown[n - 1].title).", chips: request.chips)
        case .seen(let n):
            undoStack.append(request)
            request.seen.append(shown[n - 1].title)
            return list("Without \(shown[n - 1].title):")
        case .undo:
            guard let previous = undoStack.popLast() else { return ChatReply(text: "Nothing to undo.") }
            request = previous
            return list("Undone.")
        case .reset:
            undoStack.append(request)
            request = Request()
            return ChatReply(text: "Starting over.", items: [], chips: [])
        case .state:
            return ChatReply(text: "Understood: " + (request.chips.isEmpty ? "nothing yet" : request.chips.joined(separator: ", ")))
        case .profile:
            return ChatReply(text: "Likes: " + (request.liked.isEmpty ? "none" : request.liked.joined(separator: ", ")))
        }
    }

    func completions(forTitlePrefix prefix: String, limit: Int) -> [String] {
        Array(Self.films.map(\.title).filter { $0.lowercased().hasPrefix(prefix.lowercased()) }.prefix(limit))
    }

    private func list(_ text: String) -> ChatReply {
        let matching = Self.films.filter { f in
            request.genres.allSatisfy(f.genres.contains)
                && !f.genres.contains(where: request.excluded.contains)
                && request.decade.map { f.year / 10 * 10 == $0 } ?? true
                && request.maxMinutes.map { f.minutes <= $0 } ?? true
                && !request.seen.contains(f.title)
        }.sorted { $0.rating > $1.rating }
        shown = Array(matching.dropFirst(request.page * 5).prefix(5))
        let items = shown.enumerated().map { i, f in
            ChatItem(number: i + 1, title: f.title, year: f.year, genres: f.genres, runtimeMinutes: f.minutes,
                     rating: f.rating, reason: "Because you asked for " + request.chips.joined(separator: ", "))
        }
        return ChatReply(text: text, items: items, chips: request.chips)
    }
}

enum FixtureError: Error, CustomStringConvertible {
    case refused(String)
    var description: String { "The fixture refuses \"\(caseText)\"." }
    private var caseText: String { if case .refused(let t) = self { return t } else { return "" } }
}
