/// One value met while scanning a record: which field, what kind, where its text is. A record's events are
/// collected first and applied to the statistics only when the whole record is valid, so a malformed line
/// never leaves half of itself behind in the counts.
public struct ScanEvent: Sendable {
    public enum Kind: UInt8, Sendable {
        case null, bool, integer, float, string, escapedString, object, array
    }

    public var field: Int32
    public var kind: Kind
    /// For `bool`: the value. For `float`: the digits after the point (-1 for exponent notation).
    public var small: Int8
    /// The text span (strings without their quotes) in the record buffer.
    public var start: Int32
    public var end: Int32
    /// For `integer`: the value. For `array`: the element count.
    public var integer: Int64
    /// For `float`: the value. For `array`: a bit mask of element kinds (`1 << Kind.rawValue`).
    public var float: Double

    @inline(__always)
    package init(field: Int32, kind: Kind, small: Int8 = 0, start: Int, end: Int, integer: Int64 = 0, float: Double = 0) {
        self.field = field
        self.kind = kind
        self.small = small
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
        self.integer = integer
        self.float = float
    }
}

/// Why a record could not be read, and where (a byte offset in the line).
public struct ScanError: Error, Sendable, Equatable {
    public var offset: Int
    public var message: String
}
