import Foundation
import Testing
@testable import CurioCatalog
import CurioRandom

/// The speed budgets of docs/catalogs.md. Times are CPU time of this thread, the
/// best of a few runs: the machine is shared, and neighbours only ever add time
/// (wall time would measure them, the median their cache pressure).
/// Debug builds only report: the budgets are for release builds
/// (`swift test -c release --filter PerformanceTests`).
@Suite(.serialized) struct PerformanceTests {
    func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    func bestMilliseconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = cpuSeconds()
            try body()
            times.append((cpuSeconds() - start) * 1000)
        }
        return times.min() ?? 0
    }

    func check(_ label: String, _ milliseconds: Double, budget: Double) {
        print("\(label): \(String(format: "%.1f", milliseconds)) ms (budget \(budget) ms in release)")
        #if !DEBUG
        #expect(milliseconds < budget, "\(label) took \(milliseconds) ms")
        #endif
    }

    #if DEBUG
    let runs = 1, queryCount = 100 // unoptimised code is ~20x slower; keep the suite fast
    #else
    let runs = 3, queryCount = 1_000
    #endif

    @Test func loadIndexSearchAndMentionBudgets() throws {
        let directory = CatalogFixture.realCatalogDirectory
        var catalog = try Catalog.load(from: directory)
        check("load", try bestMilliseconds(runs: runs) { catalog = try Catalog.load(from: directory) }, budget: 100)
        var search = TitleSearch(catalog: catalog)
        check("index", bestMilliseconds(runs: runs) { search = TitleSearch(catalog: catalog) }, budget: 50)
        // Real titles, lowercased, each with two letters swapped (a typo).
        var rng = SeededGenerator(seed: 7)
        let queries: [String] = (0..<queryCount).map { _ in
            var title = Array(catalog.items[Int(rng.next() % UInt64(catalog.items.count))].title.lowercased())
            if title.count > 3 {
                let k = Int(rng.next() % UInt64(title.count - 1))
                title.swapAt(k, k + 1)
            }
            return String(title)
        }
        let searching = bestMilliseconds(runs: runs) { for q in queries { _ = search.search(q) } }
        check("1,000 searches", searching * 1_000 / Double(queryCount), budget: 200)
        let sentence = "i watched back to the future and ghostbusters last week and i loved the matirx"
        check("mentions in 15 words", bestMilliseconds(runs: runs) { _ = search.mentions(in: sentence) }, budget: 5)
    }
}
