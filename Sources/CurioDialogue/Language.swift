/// The language a user wrote in; replies follow it.
public enum Language: String, Sendable, Codable {
    case english = "en"
    case chinese = "zh"

    /// The language of `text`: Chinese when it contains any CJK ideograph, else English.
    public init(detectingIn text: String) {
        let hasHan = text.unicodeScalars.contains { scalar in
            (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
        }
        self = hasHan ? .chinese : .english
    }
}
