/// Regular expressions via Swift's Regex (no Foundation). Patterns given as literals are compiled once
/// by `specialized(constants:)`; a non-literal pattern is compiled per call (slow, but correct).
/// A bad pattern is a RuntimeError naming it.
extension ScalarFunctions {
    /// Regex is immutable once built; the box only tells the compiler so.
    package final class CompiledRegex: @unchecked Sendable {
        package let regex: Regex<AnyRegexOutput>
        package init(_ pattern: String, function: String) throws {
            do { regex = try Regex(pattern) } catch {
                throw RuntimeError.badArgument(function, "invalid regular expression '\(pattern)': \(error)")
            }
        }
    }

    package static func regexLike(_ s: String, _ r: CompiledRegex) -> SQLValue {
        .bool((try? r.regex.firstMatch(in: s)) != nil)
    }

    package static func regexExtract(_ s: String, _ r: CompiledRegex, group: Int) -> SQLValue {
        guard let m = try? r.regex.firstMatch(in: s) else { return .null }
        guard group >= 0, group < m.output.count, let sub = m.output[group].substring else { return .null }
        return .string(String(sub))
    }

    /// A function whose argument `patternIndex` is a regex; `body` gets the compiled regex.
    package static func regexFunction(
        _ name: String, arity: ClosedRange<Int>, patternIndex: Int = 1,
        _ body: @escaping @Sendable ([SQLValue], CompiledRegex) throws -> SQLValue
    ) -> ScalarFunction {
        ScalarFunction(
            name, arity: arity,
            .variadic { args in
                try body(args, try CompiledRegex(string(args[patternIndex]), function: name))
            },
            specializer: { constants in
                guard patternIndex < constants.count, let p = constants[patternIndex], !p.isNull else { return nil }
                let compiled = try CompiledRegex(string(p), function: name)
                return ScalarFunction(name, arity: arity, .variadic { args in try body(args, compiled) })
            })
    }

    package static let regexFunctions: [([String], ScalarFunction)] = [
        (
            ["REGEXP_LIKE", "REGEXP", "RLIKE", "REGEXP_MATCHES"],
            regexFunction("REGEXP_LIKE", arity: 2...2) { args, r in
                regexLike(string(args[0]), r)
            }
        ),
        (
            ["REGEXP_REPLACE"],
            // Velostream's flags: 'g' replaces every match (without it, only the first), 'i' ignores case.
            regexFunction("REGEXP_REPLACE", arity: 3...4) { args, r in
                let flags = args.count > 3 && !args[3].isNull ? string(args[3]) : ""
                let regex = flags.contains("i") ? r.regex.ignoresCase() : r.regex
                return .string(string(args[0]).replacing(regex, with: string(args[2]), maxReplacements: flags.contains("g") ? .max : 1))
            }
        ),
        (
            ["REGEXP_EXTRACT", "REGEXP_SUBSTR"],
            regexFunction("REGEXP_EXTRACT", arity: 2...3) { args, r in
                regexExtract(string(args[0]), r, group: args.count > 2 ? Int(try int(args[2], "REGEXP_EXTRACT")) : 0)
            }
        )
    ]
}
