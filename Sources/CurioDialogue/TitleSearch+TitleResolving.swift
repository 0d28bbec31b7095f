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
}
