import CurioChatUI
import Foundation
import Testing

/// Shared sample data: the same conversation in several layouts.
enum Sample {
    static let header = ChatHeader(catalogName: "MovieLens latest-small", modelName: "curio-tiny", profileName: "default")

    static let items: [ChatItem] = [
        ChatItem(number: 1, title: "Men in Black", year: 1997, genres: ["Comedy", "Sci-Fi"], runtimeMinutes: 98,
                 rating: 7.3, reason: "Because you liked Galaxy Quest and asked for a 90s comedy"),
        ChatItem(number: 2, title: "Groundhog Day", year: 1993, genres: ["Comedy", "Romance"], runtimeMinutes: 101,
                 rating: 8.0, reason: "A light 90s comedy people who liked your picks also watched"),
        ChatItem(number: 3, title: "The Big Lebowski", year: 1998, genres: ["Comedy", "Crime"], runtimeMinutes: 117,
                 rating: 8.1, reason: "Comedy from the 1990s under two hours"),
    ]

    static let cjkItems: [ChatItem] = [
        ChatItem(number: 1, title: "卧虎藏龙", year: 2000, genres: ["Action"], runtimeMinutes: 120, rating: 7.9,
                 reason: "武侠 classic"),
        ChatItem(number: 2, title: "千と千尋の神隠し", year: 2001, genres: ["Animation"], runtimeMinutes: 125, rating: 8.6,
                 reason: "Studio Ghibli"),
        ChatItem(number: 3, title: "Amélie", year: 2001, genres: ["Comedy"], runtimeMinutes: 122, rating: 8.3,
                 reason: "Because you liked Chungking Express"),
    ]

    static let reply = ChatReply(text: "Here are three light comedies from the 90s:", items: items,
                                 chips: ["Comedy", "1990s", "≤ 120 min", "no Horror"])

    /// A state after one exchange, at a given size.
    static func state(columns: Int, rows: Int, reply: ChatReply = reply) -> ScreenState {
        var s = ScreenState(header: header, size: ScreenSize(columns: columns, rows: rows))
        s = ScreenReducer.reduce(s, .submit("a funny 90s movie"))
        s = ScreenReducer.reduce(s, .turnStarted)
        s = ScreenReducer.reduce(s, .turnFinished(reply))
        return s
    }

    /// A state with many exchanges, so the transcript overflows the view.
    static func longConversation(columns: Int, rows: Int) -> ScreenState {
        var s = ScreenState(header: header, size: ScreenSize(columns: columns, rows: rows))
        for i in 1...12 {
            s = ScreenReducer.reduce(s, .submit("question number \(i)"))
            s = ScreenReducer.reduce(s, .turnStarted)
            s = ScreenReducer.reduce(s, .turnFinished(ChatReply(text: "answer number \(i)")))
        }
        return s
    }
}

/// Compares a grid with `Snapshots/NAME.txt`; `CURIO_RECORD_SNAPSHOTS=1` rewrites the file.
func expectSnapshot(_ grid: CellGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent(name + ".txt")
    let actual = grid.snapshot + "\n"
    if ProcessInfo.processInfo.environment["CURIO_RECORD_SNAPSHOTS"] == "1" {
        try actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(actual == expected, "snapshot \(name) differs:\n\(actual)", sourceLocation: sourceLocation)
}
