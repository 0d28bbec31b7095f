import Testing
@testable import CurioDialogue

@Suite struct LexiconTests {
    @Test func shippedLexiconsLoadAndUseCatalogGenres() {
        let lexicon = TestCatalog.understanding.lexicon
        #expect(lexicon.count > 600)
        let catalogGenres: Set<String> = ["Comedy", "Sci-Fi", "Horror", "Romance", "Children", "Animation", "Film-Noir", "Musical",
                                          "War", "Western", "Documentary", "IMAX", "Mystery", "Thriller", "Crime", "Drama",
                                          "Fantasy", "Adventure", "Action"]
        #expect(lexicon.genres == catalogGenres)
    }

    @Test func badLinesNameFileAndLine() {
        #expect(throws: DialogueError.lexicon(source: "x.tsv", line: 2, message: "unknown kind 'genra'")) {
            try Lexicon(parsing: "# c\nfunny\tgenra:Comedy", source: "x.tsv")
        }
        #expect(throws: DialogueError.lexicon(source: "x.tsv", line: 1, message: "expected 'phrase<TAB>meaning[<TAB>negated meaning]', found 1 column(s)")) {
            try Lexicon(parsing: "funny genre:Comedy", source: "x.tsv")
        }
        #expect(throws: DialogueError.lexicon(source: "x.tsv", line: 2, message: "'Funny' is already defined at x.tsv:1")) {
            try Lexicon(parsing: "funny\tgenre:Comedy\nFunny\tgenre:Comedy", source: "x.tsv")
        }
        #expect(throws: DialogueError.lexicon(source: "x.tsv", line: 1, message: "rating 11.0 outside 1...10")) {
            try Lexicon(parsing: "great\trating:11", source: "x.tsv")
        }
        #expect(throws: DialogueError.lexicon(source: "x.tsv", line: 1, message: "unknown pref 'happier'")) {
            try Lexicon(parsing: "glad\tpref:happier", source: "x.tsv")
        }
    }

    @Test func longestPhraseWins() throws {
        let lexicon = try Lexicon(parsing: "no\tneg\nno horror\tgenre:Comedy\nhorror\tgenre:Horror", source: "t")
        let u = Understanding(lexicon: lexicon, titles: nil)
        #expect(u.interpret("no horror").acts == [.includeGenre("Comedy")])
        #expect(u.interpret("no, horror").acts == [.includeGenre("Horror")])
    }

    @Test func missingDirectoryIsAClearError() {
        #expect(throws: DialogueError.self) { try Lexicon.load(directory: "/nonexistent/lexicon") }
    }
}
