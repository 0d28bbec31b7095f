import CurioDialogue

extension Engine {
    /// The question for `plan` as the dialogue state keeps it: each option's label in
    /// `language` (prompts/replies.*.txt, `clarify.answer.*`) and the acts it stands for.
    public func pendingQuestion(_ plan: ClarifyingPlan, language: Language) -> PendingQuestion {
        PendingQuestion(facet: plan.facet, options: plan.answers.map {
            PendingQuestion.Option(label: label($0, language: language), acts: $0.acts)
        })
    }

    /// "More of a classic, or something recent? 1) a classic (before 1980), 2) from 1980
    /// to 1999, 3) something recent (2000 on) — or say "either"."
    public func questionText(_ question: PendingQuestion, language: Language) -> String {
        let options = question.options.enumerated().map { n, option in
            replies.text("clarify.option", language, ["number": "\(n + 1)", "label": option.label])
        }
        return replies.text("clarify.offer", language, ["question": replies.text("clarify.\(question.facet.rawValue)", language),
                                                         "options": replies.list(options, language)])
    }

    /// One answer's label in `language`.
    func label(_ answer: ClarifyingAnswer, language: Language) -> String {
        switch answer {
        case .years(nil, let hi?):
            // "a classic" only for what people call classics; a 2000 cut is just "older".
            return replies.text(hi < 1980 ? "clarify.answer.year.classic" : "clarify.answer.year.older", language,
                                ["year": "\(hi + 1)"])
        case .years(let lo?, nil):
            return replies.text("clarify.answer.year.recent", language, ["year": "\(lo)"])
        case .years(let lo, let hi):
            return replies.text("clarify.answer.year.range", language, ["min": lo.map(String.init) ?? "", "max": hi.map(String.init) ?? ""])
        case .runtime(nil, let hi?):
            return replies.text("clarify.answer.runtime.under", language, ["minutes": "\(hi + 1)"])
        case .runtime(let lo?, nil):
            return replies.text("clarify.answer.runtime.over", language, ["minutes": "\(lo)"])
        case .runtime(let lo, let hi):
            return replies.text("clarify.answer.runtime.range", language, ["min": lo.map(String.init) ?? "", "max": hi.map(String.init) ?? ""])
        case .genre(let g):
            return replies.genre(g, language)
        case .ratingAtLeast(let r):
            return replies.text("clarify.answer.rating", language, ["rating": ReasonWriter.decimal(r)])
        case .anyRating:
            return replies.text("clarify.answer.rating.any", language)
        case .mpaa(let ratings):
            return replies.text("clarify.answer.mpaa", language, ["ratings": replies.list(ratings, language)])
        }
    }
}
