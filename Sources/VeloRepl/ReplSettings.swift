/// What `set` changes and `config` shows: defaults applied to every run.
package struct ReplSettings: Equatable, Sendable {
    /// `@timeout` added to jobs that have none (e.g. "60s"); nil for none.
    package var timeout: String?
    /// Show the metrics after a run.
    package var metrics = true
    /// Run with `--profile` and show the profile.
    package var profiling = false
    /// Rows of a result shown before "… N more rows".
    package var rows = 10

    package init() {}

    /// Applies `set KEY VALUE`; returns what changed, or throws a message with the accepted values.
    package mutating func apply(key: String, value: String) throws(SettingError) -> String {
        func flag(_ v: String) throws(SettingError) -> Bool {
            switch v.lowercased() {
            case "on", "true", "yes", "enabled": return true
            case "off", "false", "no", "disabled": return false
            default: throw SettingError(message: "'\(v)' is not on or off", hint: "set \(key) on  ·  set \(key) off")
            }
        }
        switch key {
        case "timeout":
            if ["off", "none", "0"].contains(value.lowercased()) {
                timeout = nil
                return "timeout off"
            }
            guard let last = value.last, value.dropLast().allSatisfy(\.isNumber) || value.hasSuffix("ms"),
                "smhd".contains(last), value.first?.isNumber == true
            else {
                throw SettingError(message: "'\(value)' is not a duration", hint: "set timeout 60s  (500ms, 30s, 5m, 1h) or set timeout off")
            }
            timeout = value
            return "@timeout: \(value) on every run"
        case "metrics":
            metrics = try flag(value)
            return "metrics \(metrics ? "on" : "off")"
        case "profiling":
            profiling = try flag(value)
            return "profiling \(profiling ? "on" : "off")"
        case "rows":
            guard let n = Int(value), n > 0, n <= 1000 else { throw SettingError(message: "'\(value)' is not a row count", hint: "set rows 20") }
            rows = n
            return "first \(n) rows shown"
        default:
            throw SettingError(message: "no setting '\(key)'", hint: "settings: timeout, metrics, profiling, rows (config shows them)")
        }
    }
}

package struct SettingError: Error, Equatable {
    package var message: String
    package var hint: String
}
