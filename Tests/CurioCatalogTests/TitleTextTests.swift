import Testing
@testable import CurioCatalog

@Suite struct TitleTextTests {
    func words(_ text: String) -> [String] { TitleText.words(in: text).map(\.text) }

    @Test func foldingCaseAccentsAndPunctuation() {
        #expect(words("The Matrix") == ["the", "matrix"])
        #expect(words("Amélie") == ["amelie"])
        #expect(words("CITÉ des Enfants") == ["cite", "des", "enfants"])
        #expect(words("Schindler's List") == ["schindlers", "list"])
        #expect(words("L'Auberge espagnole") == ["l", "auberge", "espagnole"])
        #expect(words("Fast & Furious") == ["fast", "and", "furious"])
        #expect(words("E.T. the Extra-Terrestrial") == ["et", "the", "extra", "terrestrial"])
        #expect(words("L.A. Confidential") == ["la", "confidential"])
        #expect(words("Mr.Smith") == ["mr", "smith"])
        #expect(words("Straße Øresund Æon") == ["strasse", "oresund", "aeon"])
        #expect(words("Alien³") == ["alien3"])
        #expect(words("電影 2046") == ["電影", "2046"])
    }

    @Test func sequelNumbers() {
        #expect(words("The Godfather: Part II") == ["the", "godfather", "2"])
        #expect(words("godfather part two") == ["godfather", "2"])
        #expect(words("Rocky IV") == ["rocky", "4"])
        #expect(words("Kill Bill: Volume 1") == ["kill", "bill", "vol", "1"])
        // Single letters stay words: "I, Robot", "V for Vendetta", "Malcolm X".
        #expect(words("I, Robot") == ["i", "robot"])
        #expect(words("Malcolm X") == ["malcolm", "x"])
    }

    @Test func rangesPointIntoTheText() {
        let text = "I loved Amélie & the Matrix"
        let utf8 = Array(text.utf8)
        let spans = TitleText.words(in: text).map { String(decoding: utf8[$0.range], as: UTF8.self) }
        #expect(spans == ["I", "loved", "Amélie", "&", "the", "Matrix"])
    }

    @Test func aliasesOfAnItem() {
        let item = Item(index: 0, id: "29", title: "The City of Lost Children (La Cité des enfants perdus)",
                        originalTitle: "City of Lost Children, The (Cité des enfants perdus, La)")
        let keys = TitleIndex.aliases(of: item).map { $0.0.joined(separator: " ") }
        #expect(keys.contains("the city of lost children"))
        #expect(keys.contains("city of lost children"))
        #expect(keys.contains("la cite des enfants perdus"))
        #expect(keys.contains("cite des enfants perdus"))
        let starWars = Item(index: 1, id: "260", title: "Star Wars: Episode IV - A New Hope")
        let segments = TitleIndex.aliases(of: starWars)
        #expect(segments.contains { $0.0 == ["star", "wars"] && $0.1 == TitleIndex.segmentWeight })
        #expect(segments.contains { $0.0 == ["new", "hope"] })
        #expect(TitleIndex.movingArticleToFront("Auberge espagnole, L'") == "L'Auberge espagnole")
        #expect(TitleIndex.movingArticleToFront("Good, the Bad and the Ugly, The") == "The Good, the Bad and the Ugly")
        #expect(TitleIndex.movingArticleToFront("Crouching Tiger, Hidden Dragon") == "Crouching Tiger, Hidden Dragon")
    }
}
