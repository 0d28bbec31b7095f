/// One piece of meaning a lexicon phrase carries (the `kind:value` words of a lexicon
/// line; the format is in docs/dialogue.md).
enum LexiconTerm: Sendable, Equatable {
    enum Cue: String, Sendable { case like, dislike, seen, why, than }
    enum Command: String, Sendable { case more, undo, reset }
    /// Bounds: `max`/`min` are inclusive ("under two hours" → ≤ 120), `before`/`after`
    /// exclusive ("after 2000" → ≥ 2001), `about` widens to a window.
    enum Comparator: String, Sendable { case max, min, before, after, between, to, about }
    enum Unit: String, Sendable { case minute, hour, decade, year, point }
    enum DecadePart: String, Sendable { case early, mid, late }

    /// A catalog genre ("Comedy").
    case genre(String)
    case preference(Preference)
    /// An IMDb floor ("highly rated" → 7.5).
    case rating(Double)
    /// MPAA ratings allowed by the phrase ("family friendly" → G, PG).
    case mpaa([String])
    /// Negates what follows in the clause ("no", "without", "不要").
    case negation
    /// Makes following titles/references liked, disliked, seen, asked about, or anchors.
    case cue(Cue)
    case reference(ItemReference)
    case command(Command)
    /// "forget", "is fine", "无所谓": drop the facet or genre named in the clause.
    case relax
    /// Names a facet ("decade", "length", "片长").
    case facet(Facet)
    /// A comparator before its number ("under", "after").
    case comparator(Comparator)
    /// "shorter than", "newer than": when an item follows, a critique anchored to it
    /// ("shorter than that"); when a number follows, only its comparator counts.
    case relative(Preference)
    /// A comparator after its number ("or more", "以内").
    case postComparator(Comparator)
    case unit(Unit)
    /// A number word ("two", "九") or `mul` multiplier ("hundred", "十").
    case number(Double)
    case multiplier(Double)
    /// A fixed duration in minutes ("an hour and a half").
    case duration(Int)
    /// A decade by its first year ("nineties" → 1990).
    case decade(Int)
    case decadePart(DecadePart)
    /// "number", "第": the number after it is a list position.
    case ordinalPrefix
    /// "one", "version", "版": "the 1997 one" points at an item by its year.
    case yearReference
    /// "strictly", "must": unknown values fail the bounds set in this utterance.
    case strict
    case chat(String)
    /// Words that say nothing ("something", "movie"); they never make a title alone.
    case filler
    /// "and", "or", "和": joins lists without ending a negation.
    case glue
    /// "but", "instead", "而是": ends a negation's scope.
    case breaker
    /// "or", "或者": genres asked for on either side are alternatives ("a comedy or a
    /// horror film" is either, not a horror comedy).
    case either
    /// "instead", "换成": the genres this utterance asks for replace the ones asked for
    /// before ("a comedy" … "make it sci-fi instead" is sci-fi, not a sci-fi comedy).
    case instead
    /// "would like", "haven't seen": consumed, means nothing (stops a shorter phrase
    /// such as "like" or "seen" from matching).
    case ignore

    struct TermError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// Whether the term joins a list: "and", and "or", which also makes genres alternatives.
    /// Title lists, filler runs and quantities treat both alike.
    var isGlue: Bool { self == .glue || self == .either }

    /// Parses one `kind` or `kind:value` word; nil with a reason when malformed.
    static func parse(_ word: Substring) -> Result<LexiconTerm, TermError> {
        let parts = word.split(separator: ":", maxSplits: 1)
        let kind = String(parts[0])
        let value = parts.count > 1 ? String(parts[1]) : nil
        func need() -> Result<String, TermError> {
            value.map { .success($0) } ?? .failure(TermError("'\(kind)' needs a value ('\(kind):...')"))
        }
        func number(_ v: String) -> Result<Double, TermError> {
            Double(v).flatMap { $0.isFinite ? $0 : nil }.map { .success($0) } ?? .failure(TermError("'\(v)' is not a number"))
        }
        func enumValue<E: RawRepresentable>(_: E.Type) -> Result<E, TermError> where E.RawValue == String {
            need().flatMap { v in E(rawValue: v).map { .success($0) } ?? .failure(TermError("unknown \(kind) '\(v)'")) }
        }
        switch kind {
        case "genre": return need().map { .genre($0) }
        case "pref": return enumValue(Preference.self).map { .preference($0) }
        case "rating": return need().flatMap(number).flatMap { (1...10).contains($0) ? .success(.rating($0)) : .failure(TermError("rating \($0) outside 1...10")) }
        case "mpaa": return need().map { .mpaa($0.split(separator: ",").map { String($0).uppercased() }) }
        case "neg": return .success(.negation)
        case "cue": return enumValue(Cue.self).map { .cue($0) }
        case "ref":
            return need().flatMap { v in
                switch v {
                case "last": .success(.reference(.last))
                case "focus": .success(.reference(.focus))
                case "all": .success(.reference(.allShown))
                default: Int(v).flatMap { $0 > 0 ? $0 : nil }.map { .success(.reference(.shown($0))) }
                    ?? .failure(TermError("ref must be a position ≥ 1, 'last', 'focus' or 'all', not '\(v)'"))
                }
            }
        case "cmd": return enumValue(Command.self).map { .command($0) }
        case "relax": return .success(.relax)
        case "instead": return .success(.instead)
        case "either": return .success(.either)
        case "facet": return enumValue(Facet.self).map { .facet($0) }
        case "cmp": return enumValue(Comparator.self).map { .comparator($0) }
        case "relative": return enumValue(Preference.self).map { .relative($0) }
        case "post": return enumValue(Comparator.self).map { .postComparator($0) }
        case "unit": return enumValue(Unit.self).map { .unit($0) }
        case "num": return need().flatMap(number).map { .number($0) }
        case "mul": return need().flatMap(number).map { .multiplier($0) }
        case "dur": return need().flatMap { Int($0).map { .success(.duration($0)) } ?? .failure(TermError("dur needs whole minutes, not '\($0)'")) }
        case "decade": return need().flatMap { Int($0).flatMap { $0 % 10 == 0 ? $0 : nil }.map { .success(.decade($0)) } ?? .failure(TermError("decade needs a year ending in 0, not '\($0)'")) }
        case "part": return enumValue(DecadePart.self).map { .decadePart($0) }
        case "ordinal": return .success(.ordinalPrefix)
        case "yearref": return .success(.yearReference)
        case "strict": return .success(.strict)
        case "chat": return need().map { .chat($0) }
        case "filler": return .success(.filler)
        case "glue": return .success(.glue)
        case "break": return .success(.breaker)
        case "ignore": return .success(.ignore)
        default: return .failure(TermError("unknown kind '\(kind)'"))
        }
    }
}
