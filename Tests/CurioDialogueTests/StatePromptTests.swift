import Testing
@testable import CurioDialogue

@Suite struct StatePromptTests {
    let template = try! StateTemplate.load(path: TestCatalog.root + "/prompts/state.txt")

    @Test func emptyStateIsJustTheMarkers() {
        #expect(StatePrompt.render(DialogueState(), catalog: TestCatalog.catalog, template: template) == "<|state|> <|sep|>")
    }

    @Test func fullStateRendersCompactlyAndDeterministically() {
        var t = DialogueTracker()
        t.recordShown([3, 7])
        t.apply(TestCatalog.understanding.interpret("I loved the matrix, hated #2, a comedy from the 90s, no horror, under two hours, family friendly, something lighter"),
                facts: TestCatalog.facts)
        let text = StatePrompt.render(t.state, catalog: TestCatalog.catalog, template: template)
        // #2 is Alien (1214); "lighter" is relative to the liked Matrix (2571).
        #expect(text == "<|state|> <|liked|> <|item=2571|> <|disliked|> <|item=1214|> <|include|> <|genres=Comedy|> <|mpaa=G|> <|mpaa=PG|> "
            + "<|exclude|> <|genres=Horror|> <|constraints|> year 1990-1999 <|year=1990s|> runtime ≤120 <|runtime=under 90 min|> "
            + "<|runtime=90-119 min|> <|runtime=120-149 min|> prefer lighter <|item=2571|> <|items|> <|item=1721|> <|item=1214|> <|sep|>")
        #expect(StatePrompt.render(t.state, catalog: TestCatalog.catalog, template: template) == text)
    }

    @Test func ratingBandsAndStrictness() {
        var s = DialogueState()
        s.constraints.minimumRating = 7.5
        s.constraints.strictFacets = [.rating]
        let text = StatePrompt.render(s, catalog: TestCatalog.catalog, template: template)
        #expect(text == "<|state|> <|constraints|> imdb ≥7.5 <|imdb_rating=IMDb 7-8|> <|imdb_rating=IMDb 8+|> strict rating <|sep|>")
    }

    @Test func badTemplatesNameTheLine() {
        #expect(throws: DialogueError.template(source: "t", line: 2, message: "unknown placeholder {likes}; known: "
            + StateTemplate.Field.allCases.map { "{\($0.rawValue)}" }.joined(separator: " "))) {
            try StateTemplate(parsing: "# comment\n<|state|> {likes}", source: "t")
        }
        #expect(throws: DialogueError.template(source: "t", line: 1, message: "'[' is never closed")) {
            try StateTemplate(parsing: "[<|liked|> {liked}\n<|sep|>", source: "t")
        }
        #expect(throws: DialogueError.template(source: "t", line: 1, message: "'{' without '}'")) {
            try StateTemplate(parsing: "{liked", source: "t")
        }
    }
}


extension StatePromptTests {
    @Test func decadesWithoutItemsGetNoMarker() {
        var s = DialogueState()
        s.constraints.year = Bounds(min: 1925, max: 1945)  // the test catalog has a 1942 film only
        let text = StatePrompt.render(s, catalog: TestCatalog.catalog, template: template)
        #expect(text == "<|state|> <|constraints|> year 1925-1945 <|year=1940s|> <|sep|>")
    }
}
