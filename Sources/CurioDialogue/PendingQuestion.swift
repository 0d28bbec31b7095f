/// A clarifying question the engine asked and the user has not answered yet
/// ("More of a classic, or something recent? 1) … 2) … 3) …").
///
/// Each option is the acts its answer stands for (`setYearRange(min: 2000, max: nil)`),
/// so answering it is applying those acts. Answering is optional: `answer(to:)` says
/// whether an utterance answers the question; if it does not, the utterance is
/// understood as usual and the question is dropped (`DialogueTracker` clears it on
/// every update).
public struct PendingQuestion: Sendable, Codable, Equatable {
    /// What the question is about; never asked twice in one conversation.
    public var facet: Facet
    /// The answers offered, in the order they are numbered (1-based for the user).
    public var options: [Option]

    /// One offered answer.
    public struct Option: Sendable, Codable, Equatable {
        /// What the user was shown ("something recent (2000 on)").
        public var label: String
        /// The state change the answer stands for; empty for "any rating".
        public var acts: [DialogueAct]
        public init(label: String, acts: [DialogueAct]) {
            self.label = label
            self.acts = acts
        }
    }

    public init(facet: Facet, options: [Option]) {
        self.facet = facet
        self.options = options
    }

    /// `interpretation` with the acts that answer this question replaced by the acts of
    /// the chosen option, or nil when the utterance does not answer it.
    ///
    /// Answers: a position ("the first", "the second one", "#2", "2", "第一个"); a
    /// direction along the question's facet ("recent", "a classic", "最近的", "经典的",
    /// "shorter", "longer") picks the option at that end; a genre that is one of the
    /// offered genres; no preference ("either", "don't care", "随便", "any era") is an
    /// answer with no acts (the question is dismissed, the list stays as it was asked).
    /// Other acts in the same utterance are kept ("the first, but no horror"). When the
    /// utterance only picks options ("2"), its text becomes their labels, so the request
    /// the model reads says what was chosen ("from 1980 to 1999"), not "2".
    public func answer(to interpretation: Interpretation) -> Interpretation? {
        var acts: [DialogueAct] = []
        var answered = false
        var onlyAnswers = true
        var labels: [String] = []
        for act in interpretation.acts {
            if let replacement = answer(act, text: interpretation.text) {
                acts += replacement
                answered = true
                if let option = options.first(where: { $0.acts == replacement && !$0.acts.isEmpty }) { labels.append(option.label) }
            } else {
                acts.append(act)
                onlyAnswers = false
            }
        }
        guard answered else { return nil }
        // Chit-chat around an answer ("ok, the first") is not a request of its own.
        acts.removeAll { if case .chitChat = $0 { true } else if case .unknown = $0 { true } else { false } }
        let text = onlyAnswers && !labels.isEmpty ? labels.joined(separator: ", ") : interpretation.text
        return Interpretation(text: text, language: interpretation.language, acts: acts)
    }

    /// The acts one act of the utterance stands for as an answer, or nil if it is no answer.
    private func answer(_ act: DialogueAct, text: String) -> [DialogueAct]? {
        switch act {
        case .refer(.shown(let n)) where options.indices.contains(n - 1):
            return options[n - 1].acts
        case .refer(.last):
            return options.last?.acts
        case .unknown:
            // A bare number: "2", "2." or "２".
            let digits = text.unicodeScalars.filter { $0.properties.numericType != nil }
            let rest = text.unicodeScalars.filter { $0.properties.numericType == nil && !".)、。 ".unicodeScalars.contains($0) }
            guard rest.isEmpty, let n = Int(String(String.UnicodeScalarView(digits)).asciiDigits),
                  options.indices.contains(n - 1) else { return nil }
            return options[n - 1].acts
        case .chitChat("indifferent"):
            return []
        case .relax(let facet, nil) where facet == self.facet:
            return []
        case .critique(let p, anchor: nil):
            return extreme(p).map { options[$0].acts }
        case .includeGenre(let g) where facet == .genre:
            return options.contains { $0.acts == [.includeGenre(g)] } ? [act] : nil
        case .setMinimumRating where facet == .rating:
            return [act]
        default:
            return nil
        }
    }

    /// The option at the end of the facet that preference `p` points to: "recent" is
    /// the option with the latest years, "shorter" the one with the lowest runtimes.
    private func extreme(_ p: Preference) -> Int? {
        func key(_ option: Option) -> (Int?, Int?)? {
            for act in option.acts {
                switch (facet, act) {
                case (.year, .setYearRange(let lo, let hi)), (.runtime, .setRuntimeRange(let lo, let hi)): return (lo, hi)
                default: continue
                }
            }
            return nil
        }
        let wanted: [Preference] = facet == .year ? [.newer, .older] : facet == .runtime ? [.longer, .shorter] : []
        guard wanted.contains(p) else { return nil }
        let keyed = options.indices.compactMap { i in key(options[i]).map { (i, $0) } }
        // Open ends sort outside every closed one.
        if p == .newer || p == .longer {
            return keyed.max { ($0.1.0 ?? Int.min) < ($1.1.0 ?? Int.min) }?.0
        }
        return keyed.min { ($0.1.1 ?? Int.max) < ($1.1.1 ?? Int.max) }?.0
    }
}

extension String {
    /// Full-width and other Unicode decimal digits as ASCII ("２" → "2").
    var asciiDigits: String {
        String(String.UnicodeScalarView(unicodeScalars.map { s in
            if let v = s.properties.numericValue, s.properties.numericType == .decimal, (0...9).contains(v) {
                return Unicode.Scalar(UInt8(48 + Int(v)))
            }
            return s
        }))
    }
}
