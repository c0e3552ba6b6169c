import Yams

/// The tag YAML 1.1 gives an untagged plain scalar (`true` → bool, `0x1F` → int, `1.5e3` → float, `~` → null,
/// `2026-01-15` → timestamp, …): the same answer as Yams' `Resolver.default`, whose seven rules this follows
/// rule for rule and in the same order, without its regular expressions. Those are ICU patterns, and compiling
/// the first one initialises ICU's regex tables: 9 million instructions, about a third of a velo-ask request's
/// own work, spent on every start of a tool that reads a schema (docs/BENCHMARKS.md, "velo-ask request path,
/// third round"). `YAMLImplicitTagTests` checks the two agree.
package enum YAMLImplicitTag {
    /// The tag name of a plain scalar with this text.
    package static func name(of text: String) -> Tag.Name {
        // ICU's `$` also matches before one line terminator that ends the text.
        var bytes = Array(text.utf8)
        let body = dropFinalLineTerminator(&bytes) ? String(decoding: bytes, as: UTF8.self) : text
        switch body {
        case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF":
            return .bool
        default: break
        }
        let scanner = Scanner(bytes)
        if scanner.isInt() { return .int }
        if scanner.isFloat() { return .float }
        switch body {
        case "<<": return .merge
        case "", "~", "null", "Null", "NULL": return .null
        default: break
        }
        if scanner.isTimestamp() { return .timestamp }
        return body == "=" ? .value : .str
    }

    /// Drops one line terminator ICU knows (\n, \v, \f, \r, \r\n, U+0085, U+2028, U+2029) from the end; true if it did.
    static func dropFinalLineTerminator(_ bytes: inout [UInt8]) -> Bool {
        let count = bytes.count
        guard let last = bytes.last else { return false }
        switch last {
        case 0x0A:
            bytes.removeLast()
            if bytes.last == 0x0D { bytes.removeLast() }
        case 0x0B, 0x0C, 0x0D: bytes.removeLast()
        case 0x85 where count >= 2 && bytes[count - 2] == 0xC2: bytes.removeLast(2)
        case 0xA8 where count >= 3 && bytes[count - 3] == 0xE2 && bytes[count - 2] == 0x80,
            0xA9 where count >= 3 && bytes[count - 3] == 0xE2 && bytes[count - 2] == 0x80:
            bytes.removeLast(3)
        default: break
        }
        return bytes.count != count
    }

    /// Each rule's alternatives, written as the regular expression reads, over the whole text.
    struct Scanner {
        let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
        func isInt() -> Bool {
            let start = sign(0)
            if whole(after: prefix("0b", at: start).flatMap { run(of: isBinary, at: $0, atLeast: 1) }) { return true }
            if byte(start) == UInt8(ascii: "0") {
                // `0o?[0-7_]+`: an `o` is never in the class, so it is taken when it is there.
                let afterO = byte(start + 1) == UInt8(ascii: "o") ? start + 2 : start + 1
                if whole(after: run(of: isOctal, at: afterO, atLeast: 1)) { return true }
            }
            if whole(after: byte(start) == UInt8(ascii: "0") ? start + 1 : nil) { return true }
            if let digits = decimalWithoutLeadingZero(start), whole(after: digits) { return true }
            if whole(after: prefix("0x", at: start).flatMap { run(of: isHex, at: $0, atLeast: 1) }) { return true }
            if let digits = decimalWithoutLeadingZero(start), whole(after: sexagesimal(digits)) { return true }
            return false
        }

        /// `[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)? | \.[0-9_]+(?:[eE][-+][0-9]+)?
        /// | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
        func isFloat() -> Bool {
            let start = sign(0)
            if let digits = digitsThenUnderscores(start) {
                var at = digits
                if byte(at) == UInt8(ascii: ".") { at = run(of: isDigitOrUnderscore, at: at + 1, atLeast: 0)! }
                if whole(after: at) || whole(after: exponent(at, signRequired: false)) { return true }
                if let colons = sexagesimal(digits), byte(colons) == UInt8(ascii: "."),
                    whole(after: run(of: isDigitOrUnderscore, at: colons + 1, atLeast: 0))
                {
                    return true
                }
            }
            if byte(0) == UInt8(ascii: "."), let fraction = run(of: isDigitOrUnderscore, at: 1, atLeast: 1) {
                if whole(after: fraction) || whole(after: exponent(fraction, signRequired: true)) { return true }
            }
            if byte(start) == UInt8(ascii: "."), ["inf", "Inf", "INF"].contains(where: { whole(after: prefix($0, at: start + 1)) }) { return true }
            if ["nan", "NaN", "NAN"].contains(where: { whole(after: prefix(".\($0)", at: 0)) }) { return true }
            return false
        }

        /// `[0-9]{4}-[0-9]{2}-[0-9]{2} | [0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        /// (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?`
        func isTimestamp() -> Bool {
            guard let year = fixedDigits(0, 4), byte(year) == UInt8(ascii: "-") else { return false }
            if let month = fixedDigits(year + 1, 2), byte(month) == UInt8(ascii: "-"), whole(after: fixedDigits(month + 1, 2)) { return true }
            guard let month = oneOrTwoDigits(year + 1).first(where: { byte($0) == UInt8(ascii: "-") }) else { return false }
            for day in oneOrTwoDigits(month + 1) {
                var separated: [Int] = []
                if byte(day) == UInt8(ascii: "T") || byte(day) == UInt8(ascii: "t") { separated.append(day + 1) }
                if let blanks = run(of: isBlank, at: day, atLeast: 1) { separated.append(blanks) }
                for time in separated where timeOfDay(time) { return true }
            }
            return false
        }

        /// The part of a timestamp from its hour: `[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?`.
        func timeOfDay(_ at: Int) -> Bool {
            for hour in oneOrTwoDigits(at) where byte(hour) == UInt8(ascii: ":") {
                guard let minute = fixedDigits(hour + 1, 2), byte(minute) == UInt8(ascii: ":"), var end = fixedDigits(minute + 1, 2) else { continue }
                if byte(end) == UInt8(ascii: ".") { end = run(of: isDigit, at: end + 1, atLeast: 0)! }
                if whole(after: end) { return true }
                let zone = run(of: isBlank, at: end, atLeast: 0)!
                if byte(zone) == UInt8(ascii: "Z"), whole(after: zone + 1) { return true }
                guard byte(zone) == UInt8(ascii: "-") || byte(zone) == UInt8(ascii: "+") else { continue }
                for offset in oneOrTwoDigits(zone + 1) {
                    if whole(after: offset) { return true }
                    if byte(offset) == UInt8(ascii: ":"), whole(after: fixedDigits(offset + 1, 2)) { return true }
                }
            }
            return false
        }

        // MARK: pieces

        func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }
        func whole(after end: Int?) -> Bool { end == bytes.count }
        func sign(_ at: Int) -> Int { byte(at) == UInt8(ascii: "-") || byte(at) == UInt8(ascii: "+") ? at + 1 : at }

        func prefix(_ text: String, at: Int) -> Int? {
            let want = Array(text.utf8)
            guard at + want.count <= bytes.count, Array(bytes[at..<(at + want.count)]) == want else { return nil }
            return at + want.count
        }

        /// The end of a run of bytes that pass `test`, starting at `at`, or nil when it is shorter than `atLeast`.
        /// Greedy is exact here: what follows each run in the patterns never passes the run's test.
        func run(of test: (UInt8) -> Bool, at: Int, atLeast: Int) -> Int? {
            var end = at
            while let b = byte(end), test(b) { end += 1 }
            return end - at >= atLeast ? end : nil
        }

        func fixedDigits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= bytes.count, bytes[at..<(at + count)].allSatisfy(isDigit) else { return nil }
            return at + count
        }

        /// The ends `[0-9][0-9]?` may take at `at` (one digit, or two), longest first.
        func oneOrTwoDigits(_ at: Int) -> [Int] {
            guard let b = byte(at), isDigit(b) else { return [] }
            if let c = byte(at + 1), isDigit(c) { return [at + 2, at + 1] }
            return [at + 1]
        }

        /// `[0-9][0-9_]*`
        func digitsThenUnderscores(_ at: Int) -> Int? {
            guard let b = byte(at), isDigit(b) else { return nil }
            return run(of: isDigitOrUnderscore, at: at + 1, atLeast: 0)
        }

        /// `[1-9][0-9_]*`
        func decimalWithoutLeadingZero(_ at: Int) -> Int? {
            guard let b = byte(at), b >= UInt8(ascii: "1") && b <= UInt8(ascii: "9") else { return nil }
            return run(of: isDigitOrUnderscore, at: at + 1, atLeast: 0)
        }

        /// `(?::[0-5]?[0-9])+` after `at`: the end of the longest such run, or nil for none. Each part is `:`
        /// with one digit, or two when the first is 0-5; the next part starts with `:`, so taking two digits
        /// when there are two is the only way to continue.
        func sexagesimal(_ at: Int?) -> Int? {
            guard var end = at else { return nil }
            var parts = 0
            while byte(end) == UInt8(ascii: ":"), let d = byte(end + 1), isDigit(d) {
                if d <= UInt8(ascii: "5"), let e = byte(end + 2), isDigit(e) { end += 3 } else { end += 2 }
                parts += 1
            }
            return parts > 0 ? end : nil
        }

        /// `[eE][-+]?[0-9]+` (or `[eE][-+][0-9]+` with the sign required) at `at`.
        func exponent(_ at: Int, signRequired: Bool) -> Int? {
            guard byte(at) == UInt8(ascii: "e") || byte(at) == UInt8(ascii: "E") else { return nil }
            let afterSign = sign(at + 1)
            if signRequired, afterSign == at + 1 { return nil }
            return run(of: isDigit, at: afterSign, atLeast: 1)
        }
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isDigitOrUnderscore(_ b: UInt8) -> Bool { isDigit(b) || b == UInt8(ascii: "_") }
    static func isBinary(_ b: UInt8) -> Bool { b == UInt8(ascii: "0") || b == UInt8(ascii: "1") || b == UInt8(ascii: "_") }
    static func isOctal(_ b: UInt8) -> Bool { (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7")) || b == UInt8(ascii: "_") }
    static func isHex(_ b: UInt8) -> Bool {
        isDigitOrUnderscore(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }
    static func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
}
