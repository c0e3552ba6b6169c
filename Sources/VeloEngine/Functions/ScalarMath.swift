#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Math functions. Integer inputs stay integers where the result is integral (ABS, ROUND, CEIL, FLOOR,
/// SIGN, MOD); SQRT, POWER, EXP, LN, LOG10 return DOUBLE. Domain errors (SQRT of a negative, LN of zero)
/// are RuntimeErrors, as in PostgreSQL.
extension ScalarFunctions {
    package static let mathFunctions: [([String], ScalarFunction)] = [
        (
            ["ABS"],
            ScalarFunction(
                "ABS", arity: 1...1,
                .unary { v in
                    switch try number(v, "ABS") {
                    case .int(let i):
                        if i == .min { throw RuntimeError(.overflow, "ABS: integer overflow") }
                        return .int(abs(i))
                    case .decimal(let d):
                        if d.units == .min { throw RuntimeError(.overflow, "ABS: decimal overflow") }
                        return .decimal(SQLDecimal(units: abs(d.units), scale: d.scale))
                    case let n: return .double(abs(n.doubleValue!))
                    }
                })
        ),
        (
            ["ROUND"],
            ScalarFunction(
                "ROUND", arity: 1...2,
                .variadic { args in
                    let places = args.count > 1 ? try int(args[1], "ROUND") : 0
                    return try round(try number(args[0], "ROUND"), places: places, mode: .toNearestOrAwayFromZero)
                })
        ),
        (
            ["TRUNCATE", "TRUNC"],
            ScalarFunction(
                "TRUNCATE", arity: 1...2,
                .variadic { args in
                    let places = args.count > 1 ? try int(args[1], "TRUNCATE") : 0
                    return try round(try number(args[0], "TRUNCATE"), places: places, mode: .towardZero)
                })
        ),
        (
            ["CEIL", "CEILING"],
            ScalarFunction(
                "CEIL", arity: 1...1,
                .unary { v in
                    try round(try number(v, "CEIL"), places: 0, mode: .up)
                })
        ),
        (
            ["FLOOR"],
            ScalarFunction(
                "FLOOR", arity: 1...1,
                .unary { v in
                    try round(try number(v, "FLOOR"), places: 0, mode: .down)
                })
        ),
        (
            ["SQRT"],
            ScalarFunction(
                "SQRT", arity: 1...1,
                .unary { v in
                    let d = try double(v, "SQRT")
                    if d < 0 { throw RuntimeError.badArgument("SQRT", "cannot take the square root of a negative number (\(d))") }
                    return .double(d.squareRoot())
                })
        ),
        (
            ["POWER", "POW"],
            ScalarFunction(
                "POWER", arity: 2...2,
                .binary { a, b in
                    let r = Glibc.pow(try double(a, "POWER"), try double(b, "POWER"))
                    if r.isNaN { throw RuntimeError.badArgument("POWER", "\(a) ^ \(b) is not a real number") }
                    return .double(r)
                })
        ),
        (
            ["MOD"],
            ScalarFunction(
                "MOD", arity: 2...2,
                .binary { a, b in
                    try SQLValue.modulo(try number(a, "MOD"), try number(b, "MOD"))
                })
        ),
        (["EXP"], ScalarFunction("EXP", arity: 1...1, .unary { v in .double(Glibc.exp(try double(v, "EXP"))) })),
        (
            ["LN"],
            ScalarFunction(
                "LN", arity: 1...1,
                .unary { v in
                    let d = try double(v, "LN")
                    if d <= 0 { throw RuntimeError.badArgument("LN", "logarithm of a non-positive number (\(d))") }
                    return .double(Glibc.log(d))
                })
        ),
        (
            ["LOG10"],
            ScalarFunction(
                "LOG10", arity: 1...1,
                .unary { v in
                    let d = try double(v, "LOG10")
                    if d <= 0 { throw RuntimeError.badArgument("LOG10", "logarithm of a non-positive number (\(d))") }
                    return .double(Glibc.log10(d))
                })
        ),
        // LOG(x) is base 10 (PostgreSQL); LOG(b, x) is base b.
        (
            ["LOG"],
            ScalarFunction(
                "LOG", arity: 1...2,
                .variadic { args in
                    let x = try double(args[args.count - 1], "LOG")
                    let base = args.count == 2 ? try double(args[0], "LOG") : 10
                    if x <= 0 || base <= 0 || base == 1 { throw RuntimeError.badArgument("LOG", "logarithm of \(x) in base \(base) is undefined") }
                    return .double(Glibc.log(x) / Glibc.log(base))
                })
        ),
        // SIGN is always an integer (-1, 0, 1), as the analyzer types it.
        (
            ["SIGN"],
            ScalarFunction(
                "SIGN", arity: 1...1,
                .unary { v in
                    switch try number(v, "SIGN") {
                    case .int(let i): return .int(i.signum())
                    case .decimal(let d): return .int(d.units.signum())
                    case let n:
                        let d = n.doubleValue!
                        return .int(d > 0 ? 1 : (d < 0 ? -1 : 0))
                    }
                })
        ),
        (["PI"], ScalarFunction("PI", arity: 0...0, .nullary { .double(Double.pi) })),
        // LEAST/GREATEST skip NULLs (PostgreSQL, DuckDB): NULL only when every argument is NULL.
        (
            ["LEAST"],
            ScalarFunction(
                "LEAST", arity: 1...Int.max, nullStrict: false,
                .variadic { args in
                    try extreme(args, wantLess: true)
                })
        ),
        (
            ["GREATEST"],
            ScalarFunction(
                "GREATEST", arity: 1...Int.max, nullStrict: false,
                .variadic { args in
                    try extreme(args, wantLess: false)
                })
        )
    ]

    package static func extreme(_ args: [SQLValue], wantLess: Bool) throws -> SQLValue {
        var best: SQLValue = .null
        for a in args where !a.isNull {
            if best.isNull { best = a; continue }
            if let c = try SQLValue.compare(a, best), wantLess ? c < 0 : c > 0 { best = a }
        }
        return best
    }

    /// Rounds to `places` digits (negative: tens, hundreds …) with the given rule.
    package static func round(_ v: SQLValue, places: Int64, mode: FloatingPointRoundingRule) throws -> SQLValue {
        switch v {
        case .int(let i):
            guard places < 0 else { return v }
            guard places > -19 else { return .int(0) }
            let p = SQLDecimal.pow10(UInt8(-places))
            let r = try SQLDecimal(units: i, scale: UInt8(-places)).rounded(scale: 0, mode: mode).units
            let (v, o) = r.multipliedReportingOverflow(by: p)
            if o { throw RuntimeError(.overflow, "ROUND: integer overflow") }
            return .int(v)
        case .decimal(let d):
            let target = max(0, min(Int64(d.scale), places))
            if places < 0 {
                return try round(.int(d.rounded(scale: 0, mode: .towardZero).units), places: places, mode: mode)
            }
            return .decimal(try d.rounded(scale: UInt8(target), mode: mode))
        default:
            let d = v.doubleValue!
            guard places > -308, places < 308 else { return .double(d) }
            if places == 0 { return .double(d.rounded(mode)) }
            let scale = Glibc.pow(10.0, Double(places))
            let scaled = d * scale
            guard scaled.isFinite, abs(scaled) < 1e17 else { return .double(d) }
            // Round the shortest decimal text rather than the binary value: 2.675 → 2.68 as people expect.
            if let exact = SQLDecimal(parsing: Substring(d.description)), places >= 0, places <= 18 {
                return .double(try exact.rounded(scale: UInt8(min(Int64(exact.scale), places)), mode: mode).doubleValue)
            }
            return .double(scaled.rounded(mode) / scale)
        }
    }
}

extension SQLDecimal {
    /// Re-scales down (or keeps) with an explicit rounding rule.
    package func rounded(scale newScale: UInt8, mode: FloatingPointRoundingRule) throws -> SQLDecimal {
        if newScale >= scale { return try rescaled(to: newScale) }
        if mode == .toNearestOrAwayFromZero { return try rescaled(to: newScale) }
        let p = SQLDecimal.pow10(scale - newScale)
        var q = units / p
        let r = units % p
        switch mode {
        case .up: if r > 0 { q += 1 }
        case .down: if r < 0 { q -= 1 }
        case .awayFromZero: if r != 0 { q += units < 0 ? -1 : 1 }
        default: break // towardZero
        }
        return SQLDecimal(units: q, scale: newScale)
    }
}
