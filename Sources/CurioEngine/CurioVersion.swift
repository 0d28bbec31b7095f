/// curio's version, shown by `curio --version` and written into checkpoints.
public enum CurioVersion {
    public static let string = "0.1.0"
}
