/// What can stop a training run, with messages a user can act on.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A file under prompts/tasks/ is missing or malformed.
    case template(String, String)
    /// Options that cannot work together.
    case options(String)
    /// A checkpoint to resume from does not match the run.
    case resume(String)

    public var description: String {
        switch self {
        case .template(let path, let why): "\(path): \(why)"
        case .options(let why): why
        case .resume(let why): "cannot resume: \(why)"
        }
    }
}
