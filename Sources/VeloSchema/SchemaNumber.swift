import VeloJSON

/// How schema numbers print in messages and saved files: whole numbers without a fraction (`45`, not
/// `45.0`), others in Swift's shortest round-trip form, always readable back as a YAML 1.1 and 1.2 float.
package enum SchemaNumber {
    package static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var s = String(value)
        // `1e-07` is a string to YAML 1.1 resolvers: they want a dot in the mantissa.
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }), !s[..<e].contains(".") {
            s.insert(contentsOf: ".0", at: e)
        }
        return s
    }

    /// The JSON form: an integer when whole (and small enough), else a double.
    package static func json(_ value: Double) -> JSONValue {
        if value == value.rounded(), abs(value) < 1e15 { return .int(Int64(value)) }
        return .double(value)
    }
}
