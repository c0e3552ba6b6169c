/// A field value as derived expressions see it. The hot path keeps values in `GenSlot`s; this form is for
/// expressions, overrides and reference pools loaded from files.
public enum GenValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)

    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The text `concat` and string fields use: numbers without quotes, null as empty.
    public var text: String {
        switch self {
        case .null: ""
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d):
            d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .string(let s): s
        }
    }

    public var description: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .null: "null"
        default: text
        }
    }
}
