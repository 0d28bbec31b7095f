/// What can go wrong while evaluating, with messages a user can act on.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// A matrix that must be symmetric positive definite is not (at this column).
    case notPositiveDefinite(column: Int)
    /// A baseline name that `curio eval --baselines` does not know.
    case unknownSystem(String, known: [String])
    /// The split has no user with a held-out item.
    case nothingToEvaluate

    public var description: String {
        switch self {
        case .notPositiveDefinite(let column):
            return "the matrix is not positive definite (pivot \(column) is not positive); "
                + "use a larger regularisation (EASE's lambda)"
        case .unknownSystem(let name, let known):
            return "unknown system '\(name)'; known systems: \(known.joined(separator: ", "))"
        case .nothingToEvaluate:
            return "no user has at least three interactions, so there is no held-out item to evaluate"
        }
    }
}
