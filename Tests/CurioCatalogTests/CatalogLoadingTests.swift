import Foundation
import Testing
@testable import CurioCatalog

/// One broken catalog and the exact message loading it must give.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var manifest = CatalogFixture.manifest
    var items = CatalogFixture.items
    var interactions = CatalogFixture.interactions
    var expected: String
    var testDescription: String { name }
}

private let H = CatalogFixture.itemsHeader
private let I = CatalogFixture.interactionsHeader

let malformedCatalogs: [MalformedCase] = [
    MalformedCase(name: "renamed column", items: H.replacingOccurrences(of: "\tyear\t", with: "\tyr\t") + "1\tA\tA\t1999\t\t\t\t\t\n",
                  expected: "items.tsv:1: header column 4 is \"yr\", expected \"year\" (columns: id title original_title year genres runtime mpaa imdb_rating imdb_votes)"),
    MalformedCase(name: "missing column", items: H.replacingOccurrences(of: "\timdb_votes", with: "") + "1\tA\tA\t1999\t\t\t\t\n",
                  expected: "items.tsv:1: header is missing column(s) imdb_votes"),
    MalformedCase(name: "short row", items: H + "1\tA\tA\t1999\t\t\t\t\t\n2\tB\tB\t2000\t\t\t\t\n",
                  expected: "items.tsv:3: expected 9 tab-separated cells, found 8 (missing: imdb_votes)"),
    MalformedCase(name: "long row", items: H + "1\tA\tA\t1999\t\t\t\t\t\t\n",
                  expected: "items.tsv:2: expected 9 tab-separated cells, found 10 (a tab inside a value?)"),
    MalformedCase(name: "duplicate id", items: H + "1\tA\tA\t1999\t\t\t\t\t\n2\tB\tB\t\t\t\t\t\t\n1\tC\tC\t\t\t\t\t\t\n",
                  interactions: I,
                  expected: "items.tsv:4: duplicate id \"1\" (first on line 2)"),
    MalformedCase(name: "non-numeric year", items: H + "1\tA\tA\t199x\t\t\t\t\t\n",
                  expected: "items.tsv:2: year \"199x\" is not an integer"),
    MalformedCase(name: "non-numeric runtime", items: H + "1\tA\tA\t1999\t\t2h\t\t\t\n",
                  expected: "items.tsv:2: runtime \"2h\" is not an integer"),
    MalformedCase(name: "zero runtime", items: H + "1\tA\tA\t1999\t\t0\t\t\t\n",
                  expected: "items.tsv:2: runtime 0 must be a positive number of minutes"),
    MalformedCase(name: "non-numeric rating", items: H + "1\tA\tA\t1999\t\t\t\thigh\t\n",
                  expected: "items.tsv:2: imdb_rating \"high\" is not a decimal number"),
    MalformedCase(name: "rating out of range", items: H + "1\tA\tA\t1999\t\t\t\t11\t\n",
                  expected: "items.tsv:2: imdb_rating 11 is outside 1-10"),
    MalformedCase(name: "votes with a comma", items: H + "1\tA\tA\t1999\t\t\t\t\t1,000\n",
                  expected: "items.tsv:2: imdb_votes \"1,000\" is not an integer"),
    MalformedCase(name: "empty id", items: H + "\tA\tA\t1999\t\t\t\t\t\n",
                  expected: "items.tsv:2: empty id; every row needs one"),
    MalformedCase(name: "empty title", items: H + "1\t\tA\t1999\t\t\t\t\t\n",
                  expected: "items.tsv:2: empty title; every row needs one"),
    MalformedCase(name: "empty genre", items: H + "1\tA\tA\t1999\tAction||Crime\t\t\t\t\n",
                  expected: "items.tsv:2: genres \"Action||Crime\" has an empty genre (two '|' in a row, or one at an end)"),
    MalformedCase(name: "CRLF line ends", items: H.replacingOccurrences(of: "\n", with: "\r\n") + "1\tA\tA\t1999\t\t\t\t\t\r\n",
                  expected: "items.tsv:1: line ends with \\r\\n; catalog files use \\n line ends"),
    MalformedCase(name: "blank line", items: H + "1\tA\tA\t1999\t\t\t\t\t\n\n2\tB\tB\t1999\t\t\t\t\t\n",
                  expected: "items.tsv:3: empty line"),
    MalformedCase(name: "header only", items: H, interactions: I,
                  expected: "items.tsv:2: no items (only a header row)"),
    MalformedCase(name: "empty items file", items: "",
                  expected: "items.tsv:1: empty file; expected a header row: id title original_title year genres runtime mpaa imdb_rating imdb_votes"),
    MalformedCase(name: "unknown item", interactions: I + "7\t1\t4\t100\n7\t99\t4\t101\n",
                  expected: "interactions.tsv:3: unknown item \"99\" (not an id in items.tsv)"),
    MalformedCase(name: "zero-padded item id", interactions: I + "7\t01\t4\t100\n",
                  expected: "interactions.tsv:2: unknown item \"01\" (not an id in items.tsv)"),
    MalformedCase(name: "non-numeric timestamp", interactions: I + "7\t1\t4\tyesterday\n",
                  expected: "interactions.tsv:2: timestamp \"yesterday\" is not an integer"),
    MalformedCase(name: "non-numeric rating", interactions: I + "7\t1\tgood\t100\n",
                  expected: "interactions.tsv:2: rating \"good\" is not a decimal number"),
    MalformedCase(name: "empty user", interactions: I + "\t1\t4\t100\n",
                  expected: "interactions.tsv:2: empty user; every interaction needs all four cells"),
    MalformedCase(name: "short interaction row", interactions: I + "7\t1\t4\n",
                  expected: "interactions.tsv:2: expected 4 tab-separated cells, found 3 (missing: timestamp)"),
    MalformedCase(name: "time going backwards", interactions: I + "7\t1\t4\t200\n7\t2\t4\t100\n",
                  expected: "interactions.tsv:3: not sorted: rows must be sorted by user, timestamp, item (this row belongs before line 2)"),
    MalformedCase(name: "item order within a second", interactions: I + "7\t10\t4\t100\n7\t2\t4\t100\n",
                  expected: "interactions.tsv:3: not sorted: rows must be sorted by user, timestamp, item (this row belongs before line 2)"),
    MalformedCase(name: "user split in two", interactions: I + "7\t1\t4\t100\n5\t1\t4\t100\n7\t2\t4\t300\n",
                  expected: "interactions.tsv:4: user \"7\" appears again after other users; rows must be sorted by user, timestamp, item"),
    MalformedCase(name: "duplicate interaction", interactions: I + "7\t1\t4\t100\n7\t1\t5\t100\n",
                  expected: "interactions.tsv:3: duplicate interaction: same user, item and timestamp as line 2"),
    MalformedCase(name: "manifest missing key", manifest: #"{"name": "x", "itemNounPlural": "movies", "description": "", "attribution": "", "license": "", "facets": []}"#,
                  expected: "catalog.json: key \"itemNoun\": missing"),
    MalformedCase(name: "manifest wrong type", manifest: #"{"name": 5, "itemNoun": "m", "itemNounPlural": "movies", "description": "", "attribution": "", "license": "", "facets": []}"#,
                  expected: "catalog.json: key \"name\": expected a string"),
    MalformedCase(name: "manifest unknown facet kind", manifest: #"{"name": "x", "itemNoun": "m", "itemNounPlural": "ms", "description": "", "attribution": "", "license": "", "facets": [{"column": "genres", "kind": "tags"}]}"#,
                  expected: "catalog.json: key \"facets[0].kind\": unknown facet kind; expected one of: list, category, decade, bands"),
    MalformedCase(name: "manifest unknown facet column", manifest: #"{"name": "x", "itemNoun": "m", "itemNounPlural": "ms", "description": "", "attribution": "", "license": "", "facets": [{"column": "budget", "kind": "bands", "cuts": [1], "labels": ["a", "b"]}]}"#,
                  expected: "catalog.json: key \"facets[0].column\": \"budget\" is not a facet column of items.tsv (one of: genres, imdb_rating, imdb_votes, mpaa, runtime, year)"),
    MalformedCase(name: "manifest band labels", manifest: #"{"name": "x", "itemNoun": "m", "itemNounPlural": "ms", "description": "", "attribution": "", "license": "", "facets": [{"column": "runtime", "kind": "bands", "cuts": [90, 120], "labels": ["short", "long"]}]}"#,
                  expected: "catalog.json: key \"facets[0].labels\": needs 3 labels, one per band (2 cuts), found 2"),
    MalformedCase(name: "manifest cuts not ascending", manifest: #"{"name": "x", "itemNoun": "m", "itemNounPlural": "ms", "description": "", "attribution": "", "license": "", "facets": [{"column": "runtime", "kind": "bands", "cuts": [120, 90], "labels": ["a", "b", "c"]}]}"#,
                  expected: "catalog.json: key \"facets[0].cuts\": cut points must be strictly ascending (120.0 then 90.0)"),
    MalformedCase(name: "manifest kind does not suit column", manifest: #"{"name": "x", "itemNoun": "m", "itemNounPlural": "ms", "description": "", "attribution": "", "license": "", "facets": [{"column": "mpaa", "kind": "decade"}]}"#,
                  expected: "catalog.json: key \"facets[0].kind\": \"decade\" does not suit column \"mpaa\""),
    MalformedCase(name: "manifest empty name", manifest: #"{"name": " ", "itemNoun": "m", "itemNounPlural": "ms", "description": "", "attribution": "", "license": "", "facets": []}"#,
                  expected: "catalog.json: key \"name\": must not be empty"),
]

@Suite struct CatalogLoadingTests {
    @Test func fixtureLoadsWithUnknownsAsNil() throws {
        let directory = try CatalogFixture.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let catalog = try Catalog.load(from: directory)
        #expect(catalog.items.map(\.id) == ["1", "2", "3", "10"])
        #expect(catalog.items[0].originalTitle == "Matrix, The")
        #expect(catalog.items[0].genres == ["Action", "Sci-Fi"])
        #expect(catalog.items[0].imdbRating == 8.7)
        #expect(catalog.items[1].mpaa == nil)
        let unknown = catalog.items[3]
        #expect(unknown.originalTitle == "Unknown Facts") // empty original_title falls back to title
        #expect(unknown.year == nil && unknown.genres.isEmpty && unknown.runtime == nil && unknown.imdbVotes == nil)
        #expect(catalog.item(id: "10")?.index == 3)
        // Users get dense indices in order of appearance; items map ids to indices.
        #expect(catalog.interactions.userIDs == ["7", "5"])
        #expect(catalog.interactions.users == [0, 0, 0, 0, 1])
        #expect(catalog.interactions.items == [0, 1, 3, 2, 1])
        #expect(catalog.interactions.ratings == [4.5, 3, 5, 4, 2.5])
        #expect(catalog.interactions.timestamps == [100, 100, 100, 200, 50])
    }

    @Test(arguments: malformedCatalogs)
    func malformedCatalogGivesExactError(_ bad: MalformedCase) throws {
        let directory = try CatalogFixture.directory(manifest: bad.manifest, items: bad.items, interactions: bad.interactions)
        #expect(CatalogFixture.loadError(directory) == bad.expected)
    }

    @Test func invalidUTF8NamesLineAndByte() throws {
        var bytes = Array((CatalogFixture.itemsHeader + "1\tA\tA\t1999\t\t\t\t\t\n2\tB").utf8)
        bytes += [0xC3, 0x28] // a lead byte followed by a non-continuation byte
        bytes += Array("\tB\t1999\t\t\t\t\t\n".utf8)
        let directory = try CatalogFixture.directory(itemBytes: bytes)
        #expect(CatalogFixture.loadError(directory) == "items.tsv:3: invalid UTF-8 (byte 0xC3 at column 4)")
    }

    @Test func missingFilesAreNamed() throws {
        let noManifest = try CatalogFixture.directory(manifest: nil)
        #expect(CatalogFixture.loadError(noManifest) == "catalog.json: file not found in catalog folder \(noManifest)")
        let noInteractions = try CatalogFixture.directory(interactions: nil)
        #expect(CatalogFixture.loadError(noInteractions) == "interactions.tsv: file not found in catalog folder \(noInteractions)")
    }

    @Test func malformedJSONSaysWhere() throws {
        let directory = try CatalogFixture.directory(manifest: "{\"name\": \"x\",\n  \"facets\": [1, 2,, 3]}")
        #expect(CatalogFixture.loadError(directory) == "catalog.json:2: not valid JSON: expected a value at \",\" (column 19)")
        let unterminated = try CatalogFixture.directory(manifest: "{\"name\": \"x")
        #expect(CatalogFixture.loadError(unterminated) == "catalog.json:1: not valid JSON: unterminated string at end of file (column 12)")
    }

    @Test func byteOrderMarksAreAccepted() throws {
        let directory = try CatalogFixture.directory(manifest: "\u{FEFF}" + CatalogFixture.manifest,
                                                     items: "\u{FEFF}" + CatalogFixture.items)
        #expect(CatalogFixture.loadError(directory) == nil)
    }

    @Test func validJSONPassesTheSyntaxCheck() {
        for text in [CatalogFixture.manifest, #"[1, -2.5e3, "a\u00e9\n", true, false, null, {}]"#, "  {\"a\": {\"b\": []}} "] {
            #expect(JSONSyntaxCheck.firstError(in: Array(text.utf8)) == nil, "\(text)")
        }
        #expect(JSONSyntaxCheck.firstError(in: Array("{} x".utf8))?.message == "unexpected text after the JSON value at \"x\"")
        #expect(JSONSyntaxCheck.firstError(in: Array("[01.]".utf8)) != nil)
    }

    @Test func utf8Validator() {
        #expect(firstInvalidUTF8(Array("plain ascii".utf8)) == nil)
        #expect(firstInvalidUTF8(Array("Amélie 電影 🎬".utf8)) == nil)
        #expect(firstInvalidUTF8([0x41, 0xC0, 0x80]) == 1) // overlong
        #expect(firstInvalidUTF8([0xED, 0xA0, 0x80]) == 0) // surrogate
        #expect(firstInvalidUTF8([0x41, 0x42, 0xE2, 0x82]) == 2) // truncated
        #expect(firstInvalidUTF8([0xF4, 0x90, 0x80, 0x80]) == 0) // above U+10FFFF
    }

    @Test func numberParsing() {
        func decimal(_ s: String) -> Double? { let b = Array(s.utf8); return parseDecimal(b, 0..<b.count) }
        func integer(_ s: String) -> Int? { let b = Array(s.utf8); return parseInteger(b, 0..<b.count) }
        #expect(decimal("7.3") == 7.3)
        #expect(decimal("-2") == -2)
        #expect(decimal("4.") == 4)
        #expect(decimal(".5") == 0.5)
        #expect(decimal(".") == nil)
        #expect(decimal("1e3") == nil)
        #expect(decimal("1.2.3") == nil)
        #expect(integer("1260759144") == 1_260_759_144)
        #expect(integer("-") == nil)
        #expect(integer("99999999999999999999") == nil) // overflow is an error, not a wrap
    }
}
