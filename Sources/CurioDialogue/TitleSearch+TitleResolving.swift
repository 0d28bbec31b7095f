import CurioCatalog

/// CurioCatalog's typo-tolerant title search is what `Understanding` uses for titles;
/// the gating (cue words, quotes, strong multi-word matches) stays in `Understanding`.
extension TitleSearch: TitleResolving {
    public func resolveTitle(_ query: String, limit: Int) -> [TitleCandidate] {
        search(query, limit: limit).map { TitleCandidate(item: $0.item, score: $0.score) }
    }

    public func titleSpans(in text: String, limit: Int) -> [TitleSpan] {
        mentions(in: text, limit: limit).map { mention in
            TitleSpan(range: mention.range, candidates: mention.candidates.map { TitleCandidate(item: $0.item, score: $0.score) })
        }
    }

    public func popularity(of item: Int) -> Int { interactionCount(of: item) }

    public func displayedTitle(endingWith text: [Unicode.Scalar], year: Int) -> (item: Int, length: Int)? {
        var best: (item: Int, length: Int)?
        for (item, title) in items(ofYear: year) {
            let folded = title.unicodeScalars.map(UtteranceTokenizer.fold)
            guard folded.count <= text.count, folded.count > (best?.length ?? 0),
                  text[(text.count - folded.count)...].elementsEqual(folded) else { continue }
            best = (item, folded.count)
        }
        return best
    }
}
