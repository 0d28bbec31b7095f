@testable import CurioChatUI
import Testing

@Suite struct DisplayWidthTests {
    @Test func cjkIsTwoColumnsCombiningIsZeroAsciiIsOne() {
        #expect(DisplayWidth.of("Men in Black") == 12)
        #expect(DisplayWidth.of("卧虎藏龙") == 8)
        #expect(DisplayWidth.of("千と千尋") == 8)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)                 // fullwidth Latin
        #expect(DisplayWidth.of("Ame\u{301}lie") == 6)          // e + combining acute: one column
        #expect(DisplayWidth.of("🎬") == 2)
        #expect(DisplayWidth.of("★ 7.3") == 5)                  // ★ is ambiguous width: narrow, as glibc says
    }

    @Test func zwjSequencesAreDrawnAsTheirPartsWithKnownWidths() {
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(family.cellSafe == "👨👩👧")
        #expect(DisplayWidth.of(family.cellSafe) == 6)
        #expect("❤\u{FE0F}".cellSafe == "❤")
    }

    @Test func gridNeverSplitsADoubleWidthCharacter() {
        var grid = CellGrid(columns: 5, rows: 1)
        let used = grid.put("ab卧虎", row: 0, column: 0)
        #expect(used == 5)
        #expect(grid.text(ofRow: 0) == "ab卧")   // 虎 would straddle the edge: a space instead
        #expect(grid[0, 3].isContinuation)
    }

    @Test func wrappingMeasuresColumnsNotCharacters() {
        let lines = TextWrap.wrap("卧虎藏龙 卧虎藏龙 ab", width: 10)
        #expect(lines.map(\.plainText) == ["卧虎藏龙", "卧虎藏龙", "ab"])
        let long = TextWrap.wrap("abcdefghijkl", width: 5, indent: 2)
        #expect(long.map(\.plainText) == ["abcde", "  fgh", "  ijk", "  l"])
        #expect(TextWrap.truncate("卧虎藏龙", width: 5) == "卧虎…")
        #expect(TextWrap.pad("ab", width: 4) == "ab  ")
    }
}
