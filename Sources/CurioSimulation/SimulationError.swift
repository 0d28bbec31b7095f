/// What can go wrong when setting up a simulated-user evaluation.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
    /// A phrasings file is missing, unreadable or malformed (file, 1-based line, problem).
    case phrasebook(file: String, line: Int, problem: String)
    /// The split holds no user with a held-out item to simulate.
    case noUsers
    /// A requested number of users is not positive.
    case invalidUserCount(Int)

    public var description: String {
        switch self {
        case .phrasebook(let file, let line, let problem):
            line > 0 ? "\(file):\(line): \(problem)" : "\(file): \(problem)"
        case .noUsers:
            "no user has a held-out test item to simulate (every user needs at least three interactions)"
        case .invalidUserCount(let n):
            "cannot simulate \(n) users: ask for at least one"
        }
    }
}
