import CurioCatalog
import CurioDialogue
import CurioEvaluation
import CurioRandom

/// A simulated person looking for one item: a held-out test user whose target is its
/// test item, who knows some true facts about it and tells them one per turn in its
/// own words.
///
/// Everything is fixed when the user is drawn (facts, their order, the sentence for
/// each), so every system in a run hears the same conversation; only the answers to
/// questions, which only curio asks, are drawn later from `answerSeed`.
public struct SimulatedUser: Sendable, Equatable, Codable {
    /// User index in the catalog's interactions.
    public var user: Int
    /// The item it is looking for (`Item.index`): its held-out test item.
    public var target: Int
    public var language: Language
    /// What it will say, in the order it will say it.
    public var facts: [Fact]
    /// The sentence for each fact, same order.
    public var utterances: [String]
    /// Seeds the choice of phrasing when answering a question.
    public var answerSeed: UInt64
}

/// Draws `SimulatedUser`s from a leave-one-out split (seeded; see `user(_:seed:)`).
public struct UserSimulator: Sendable {
    public let catalog: Catalog
    public let split: LeaveOneOutSplit
    /// English first; Chinese users are drawn only when a Chinese phrasebook is given.
    public let phrasebooks: [Phrasebook]
    /// Share of users who speak Chinese, when a Chinese phrasebook exists.
    public var chineseShare = 0.15
    /// Share of users who know how long the target may be.
    public var runtimeShare = 0.5
    /// At most this many genres are told (a target may carry six).
    public var genresTold = 2
    /// A training item rated at least this counts as liked.
    public var likedRating: Float = 4
    /// The second liked item is drawn from this many most recent training items.
    public var recentWindow = 30
    /// Which held-out item each user looks for: its test item (the reported figure) or
    /// its validation item (for choosing a setting without looking at the test items).
    /// Either way the facts it tells come from its training items, which precede both.
    public var target: EvaluationTarget = .test
    /// Per user: training items with their ratings, oldest first.
    let ratedHistories: [[(item: Int, rating: Float)]]

    /// - Complexity: O(training interactions).
    public init(catalog: Catalog, split: LeaveOneOutSplit, phrasebooks: [Phrasebook]) {
        self.catalog = catalog
        self.split = split
        self.phrasebooks = phrasebooks
        var histories = [[(item: Int, rating: Float)]](repeating: [], count: split.trainingSequences.count)
        let t = split.training
        for row in 0..<t.count { histories[Int(t.users[row])].append((Int(t.items[row]), t.ratings[row])) }
        ratedHistories = histories
    }

    /// The simulated users of a run: every user with a held-out test item, or a seeded
    /// sample of `count` of them (in user order).
    ///
    /// - Throws: `SimulationError.noUsers`, `.invalidUserCount`.
    public func users(count: Int? = nil, seed: UInt64) throws -> [SimulatedUser] {
        if let count, count < 1 { throw SimulationError.invalidUserCount(count) }
        var pool = split.evaluatedUsers
        guard !pool.isEmpty else { throw SimulationError.noUsers }
        if let count, count < pool.count {
            var random = SeededGenerator(seed: seed ^ 0x5EED_0F_05E25)
            pool.shuffle(using: &random)
            pool = pool.prefix(count).sorted()
        }
        return pool.compactMap { user($0, seed: seed) }
    }

    /// User `user` for run seed `seed`, or nil when it has no held-out `target` item.
    ///
    /// What it knows of its target: up to `genresTold` of its genres (those the
    /// phrasebook has words for), its decade, its length bound (for `runtimeShare` of
    /// users: under the next multiple of ten minutes, sometimes ten more), the most
    /// recent training item it rated at least `likedRating`, and another such item from
    /// its `recentWindow` latest. The order of telling is a seeded shuffle.
    public func user(_ user: Int, seed: UInt64) -> SimulatedUser? {
        let heldOut = target == .test ? split.testItems : split.validationItems
        guard heldOut.indices.contains(user), let targetIndex = heldOut[user] else { return nil }
        var random = SeededGenerator(seed: seed ^ (UInt64(user + 1) &* 0x9E37_79B9_7F4A_7C15))
        let speaksChinese = Double(random.next() >> 11) / Double(1 << 53) < chineseShare
        let book = phrasebooks.first { $0.language == .chinese && speaksChinese } ?? phrasebooks[0]
        let target = catalog.items[targetIndex]
        var facts: [Fact] = []
        let genres = target.genres.filter { book.genreWords[$0] != nil }.shuffled(using: &random)
        facts += genres.prefix(genresTold).map(Fact.genre)
        if let year = target.year, book.decadeWords[year / 10 * 10] != nil { facts.append(.decade(year / 10 * 10)) }
        let knowsRuntime = Double(random.next() >> 11) / Double(1 << 53) < runtimeShare
        if knowsRuntime, let minutes = target.runtime {
            facts.append(.maximumRuntime((minutes / 10 + 1) * 10 + 10 * Int(random.next() % 2)))
        }
        let history = ratedHistories[user]
        if let latest = history.lastIndex(where: { $0.rating >= likedRating }) {
            facts.append(.liked(history[latest].item))
            let others = history.suffix(recentWindow).filter { $0.rating >= likedRating && $0.item != history[latest].item }
            if let other = others.randomElement(using: &random) { facts.append(.liked(other.item)) }
        }
        facts.shuffle(using: &random)
        let utterances = facts.map { say($0, in: book, random: &random) }
        return SimulatedUser(user: user, target: targetIndex, language: book.language, facts: facts,
                             utterances: utterances, answerSeed: random.next())
    }

    /// One sentence telling `fact`, in a phrasing and with words drawn from `book`.
    public func say(_ fact: Fact, in book: Phrasebook, random: inout SeededGenerator) -> String {
        func pick(_ section: Phrasebook.Section) -> String { book.lines[section]!.randomElement(using: &random)! }
        switch fact {
        case .genre(let g):
            let line = pick(.genre)
            return Phrasebook.fill(line, ["genre": book.genreWords[g]!.randomElement(using: &random)!])
        case .decade(let d):
            let line = pick(.decade)
            return Phrasebook.fill(line, ["decade": book.decadeWords[d]!.randomElement(using: &random)!])
        case .maximumRuntime(let m):
            return Phrasebook.fill(pick(.runtime), ["minutes": "\(m)"])
        case .liked(let item):
            let it = catalog.items[item]
            let titled = it.year.map { "\(it.title) (\($0))" } ?? it.title
            return Phrasebook.fill(pick(.liked), ["title": titled, "name": it.title])
        }
    }

    /// The training history of `user` (item indices), for checking liked facts.
    public func history(of user: Int) -> Set<Int> { Set(split.trainingSequences[user]) }

    /// The phrasebook of `language` (English when there is none for it).
    public func phrasebook(_ language: Language) -> Phrasebook {
        phrasebooks.first { $0.language == language } ?? phrasebooks[0]
    }
}
