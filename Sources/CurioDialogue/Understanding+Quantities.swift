/// Stage 4b of `Understanding`: numbers, units and comparators → year, runtime and
/// rating bounds.
///
/// Numbers come as digits ("90", "1.5"), decades ("90s", "nineties", "80年代"), or
/// number words composed by `NumberComposer` ("two", "ninety five", "一百二十", "两").
/// A number's facet follows its unit (minutes/hours → runtime, 年代 → decade, 年 →
/// year, 分/stars → rating), else its shape: a whole number in 1870...2030 is a year, a
/// number ≤ 10 in a sentence about ratings is a rating, and a number in 40...400 with
/// a comparator is minutes ("under 90"). Bound rules (docs/dialogue.md):
/// "under/at most N" ≤ N, "over/at least N" ≥ N, "after Y" ≥ Y+1, "before Y" ≤ Y-1,
/// a lone runtime N is N±15 min, a lone year is that year, "about Y" is Y±3.
extension Understanding {
    /// One number with what surrounds it.
    struct Quantity {
        var value: Double
        var fromDigits: Bool
        var unit: LexiconTerm.Unit?
        var isDecade = false
        var part: LexiconTerm.DecadePart?
        var comparator: LexiconTerm.Comparator?
        var post: LexiconTerm.Comparator?
        /// The quantity this one closes a range with ("between A and B", "A to B").
        var rangeStart: Int?
    }

    /// Reads the numeric marks of one sentence; returns the bound acts.
    func quantityActs(_ marks: ArraySlice<Mark>) -> [DialogueAct] {
        var quantities: [Quantity] = []
        var pendingComparator: LexiconTerm.Comparator?
        var pendingPart: LexiconTerm.DecadePart?
        var linkNext = false
        var lastWasQuantity = false
        var ratingContext = false
        /// A negation right before a comparator turns it round: "nothing longer than
        /// 100 minutes" is at most 100, "nothing before 1990" from 1990 on.
        var negatedComparator = false
        var composer = NumberComposer()

        func flushNumber() {
            if let v = composer.finish() { add(Quantity(value: v, fromDigits: false)) }
        }
        func add(_ q: Quantity) {
            var q = q
            q.comparator = pendingComparator
            if q.part == nil { q.part = pendingPart }
            if linkNext, !quantities.isEmpty { q.rangeStart = quantities.count - 1 }
            pendingComparator = nil
            pendingPart = nil
            linkNext = false
            quantities.append(q)
            lastWasQuantity = true
        }
        for mark in marks {
            switch mark.piece {
            case .number(let v):
                flushNumber()
                add(Quantity(value: v, fromDigits: true))
            case .decade(let v):
                flushNumber()
                add(Quantity(value: Double(v), fromDigits: true, isDecade: true))
            case .terms(let entry):
                for term in entry.meaning {
                    switch term {
                    case .number(let v) where v < 1 && !composer.isOpen && lastWasQuantity
                        && quantities.last?.fromDigits == true && quantities.last?.unit == nil:
                        // "2 and a half hours": the fraction belongs to the digits before it.
                        quantities[quantities.count - 1].value += v
                    case .number(let v): composer.add(v)
                    case .multiplier(let m): composer.multiply(m)
                    case .glue where composer.endsWithMultiplier: break
                    // "or" is glue that also makes genres alternatives: to quantities, just glue.
                    case .either: break
                    default:
                        flushNumber()
                        switch term {
                        case .duration(let minutes):
                            add(Quantity(value: Double(minutes), fromDigits: false, unit: .minute))
                        case .decade(let v):
                            add(Quantity(value: Double(v), fromDigits: false, isDecade: true))
                        case .decadePart(let p):
                            if lastWasQuantity, quantities.last?.isDecade == true { quantities[quantities.count - 1].part = p }
                            else { pendingPart = p }
                        case .comparator(.between):
                            pendingComparator = .between
                        case .comparator(.to):
                            if !quantities.isEmpty { linkNext = true }
                        case .comparator(let c):
                            pendingComparator = negatedComparator ? c.negated : c
                            negatedComparator = false
                        case .negation:
                            negatedComparator = true
                        case .postComparator(let c):
                            if lastWasQuantity { quantities[quantities.count - 1].post = c }
                        case .unit(let u):
                            if lastWasQuantity {
                                if u == .decade { quantities[quantities.count - 1].isDecade = true }
                                else { quantities[quantities.count - 1].unit = u }
                                if u == .point { ratingContext = true }
                            }
                        case .glue:
                            if quantities.last?.comparator == .between, lastWasQuantity { linkNext = true }
                        case .facet(.rating):
                            ratingContext = true
                        case .filler, .ignore, .relative, .facet:
                            break
                        default:
                            lastWasQuantity = false
                            pendingComparator = nil
                            negatedComparator = false
                        }
                    }
                }
            case .boundary:
                flushNumber()
                pendingComparator = nil
                lastWasQuantity = false
                linkNext = false
            default:
                flushNumber()
                lastWasQuantity = false
                pendingComparator = nil
            }
        }
        flushNumber()
        return boundActs(quantities, ratingContext: ratingContext)
    }

    private enum Reading {
        case runtime(Double)
        case years(Int, Int)  // inclusive range a year or decade covers
        case rating(Double)
    }

    private func read(_ q: Quantity, ratingContext: Bool) -> Reading? {
        let v = q.value
        guard v.isFinite, v >= 0, v < 1e7 else { return nil }
        switch q.unit {
        case .minute: return .runtime(v)
        case .hour: return .runtime(v * 60)
        case .point: return v <= 10 ? .rating(v) : nil
        case .year: return v.rounded() == v && (1870...2100).contains(v) ? .years(Int(v), Int(v)) : nil
        case .decade, nil: break
        }
        if q.isDecade {
            var start = Int(v)
            guard start % 10 == 0 else { return nil }
            if start < 100 { start += start >= 20 ? 1900 : 2000 }
            guard (1870...2100).contains(start) else { return nil }
            switch q.part {
            case .early: return .years(start, start + 3)
            case .mid: return .years(start + 3, start + 6)
            case .late: return .years(start + 6, start + 9)
            case nil: return .years(start, start + 9)
            }
        }
        if q.fromDigits, v.rounded() == v, (1870...2030).contains(v) { return .years(Int(v), Int(v)) }
        if ratingContext, v <= 10 { return .rating(v) }
        if q.comparator != nil || q.post != nil, (40...400).contains(v) { return .runtime(v) }
        return nil
    }

    private func boundActs(_ quantities: [Quantity], ratingContext: Bool) -> [DialogueAct] {
        var acts: [DialogueAct] = []
        var closed = Set<Int>()
        for (i, q) in quantities.enumerated() {
            if let a = q.rangeStart {
                // A range: the later end lends its unit to the earlier ("90 to 120 minutes").
                var first = quantities[a]
                if first.unit == nil { first.unit = q.unit }
                closed.insert(a)
                switch (read(first, ratingContext: ratingContext), read(q, ratingContext: ratingContext)) {
                case let (.runtime(x)?, .runtime(y)?):
                    acts.append(.setRuntimeRange(min: Int(Swift.min(x, y).rounded()), max: Int(Swift.max(x, y).rounded())))
                case let (.years(x0, x1)?, .years(y0, y1)?):
                    acts.append(.setYearRange(min: Swift.min(x0, y0), max: Swift.max(x1, y1)))
                default:
                    break
                }
                continue
            }
            if closed.contains(i) || q.comparator == .between { continue }
            let comparator = q.post ?? q.comparator
            switch read(q, ratingContext: ratingContext) {
            case .runtime(let m)?:
                let minutes = Int(m.rounded())
                switch comparator {
                case .max?, .before?: acts.append(.setRuntimeRange(min: nil, max: minutes))
                case .min?, .after?: acts.append(.setRuntimeRange(min: minutes, max: nil))
                default: acts.append(.setRuntimeRange(min: Swift.max(0, minutes - 15), max: minutes + 15))
                }
            case .years(let a, let b)?:
                switch comparator {
                case .after?: acts.append(.setYearRange(min: b + 1, max: nil))
                case .min?: acts.append(.setYearRange(min: a, max: nil))
                case .before?: acts.append(.setYearRange(min: nil, max: a - 1))
                case .max?: acts.append(.setYearRange(min: nil, max: b))
                case .about? where a == b: acts.append(.setYearRange(min: a - 3, max: a + 3))
                default: acts.append(.setYearRange(min: a, max: b))
                }
            case .rating(let r)?:
                if comparator != .max && comparator != .before { acts.append(.setMinimumRating(r)) }
            case nil:
                break
            }
        }
        return acts
    }
}

/// Composes number words into a value: "ninety five" → 95, "one hundred and twenty" →
/// 120, "一百二十" → 120, "九十" → 90, "两个半" → 2.5 (a multiplier scales the digit
/// before it, as both English and Chinese numerals do).
struct NumberComposer {
    private var total = 0.0
    private var current = 0.0
    private(set) var isOpen = false
    /// "and" continues a number only right after a multiplier ("one hundred and twenty").
    private(set) var endsWithMultiplier = false

    mutating func add(_ v: Double) {
        current += v
        isOpen = true
        endsWithMultiplier = false
    }

    mutating func multiply(_ m: Double) {
        if current == 0 { current = 1 }
        if m >= 1000 {
            total = (total + current) * m
        } else {
            total += current * m
        }
        current = 0
        isOpen = true
        endsWithMultiplier = true
    }

    mutating func finish() -> Double? {
        defer { self = NumberComposer() }
        return isOpen ? total + current : nil
    }
}

extension LexiconTerm.Comparator {
    /// The comparator a negation makes of this one ("not over" = at most).
    var negated: LexiconTerm.Comparator {
        switch self {
        case .max: .min
        case .min: .max
        case .before: .min    // "nothing before 1990": 1990 itself is fine
        case .after: .max     // "nothing after 2000": 2000 itself is fine
        case .between, .to, .about: self
        }
    }
}
