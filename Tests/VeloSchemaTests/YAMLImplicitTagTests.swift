import Testing
import VeloSchema
import Yams

/// `YAMLImplicitTag` must give every plain scalar the tag Yams' regex-based default resolver gives it.
@Suite struct YAMLImplicitTagTests {
    /// The default resolver's answer: a plain scalar with an implicit tag, resolved.
    static func yams(_ text: String) -> Yams.Tag.Name? { name(Node(text, Yams.Tag(.implicit))) }
    static func name(_ node: Node?) -> Yams.Tag.Name? { node.map { Yams.Tag.Name(rawValue: $0.tag.rawValue) } }

    @Test(arguments: [
        // bool
        "yes", "Yes", "YES", "no", "NO", "true", "True", "TRUE", "false", "FALSE", "on", "On", "off", "OFF", "yEs", "tRue", "y", "n",
        // int
        "0", "-0", "+0", "7", "-12", "+12", "1_000", "0b1010", "-0b1_0", "0b", "0b2", "017", "0o17", "0o8", "0o", "00", "0_", "0x1F",
        "-0xff_ff", "0x", "0xg", "190:20:30", "1:2", "1:60", "1:06", "1:5:", "0:30", "-1:30", "12_", "_12",
        // float
        "1.5", "-1.5", "+.5", "1.", "1.e5", "1e5", "1E+5", "1e-5", "1e", "1.5e5x", ".5", ".5e5", ".5e+5", "._", ".", "-.5", "1_0.0_1",
        "190:20:30.15", "1:2.", "1:2.3.4", ".inf", "-.inf", "+.Inf", ".INF", ".iNf", ".nan", ".NaN", "-.nan", "nan", "inf", "1.5.5",
        // merge, null, value
        "<<", "<", "", "~", "null", "Null", "NULL", "nULL", "~~", "=", "==",
        // timestamp
        "2026-01-15", "2026-1-15", "2026-01-15T09:30:00Z", "2026-1-5t9:30:00", "2026-01-15 09:30:00", "2026-01-15  \t09:30:00.5",
        "2026-01-15T09:30:00.", "2026-01-15T09:30:00 Z", "2026-01-15T09:30:00+01:00", "2026-01-15T09:30:00-1", "2026-01-15T09:30:00+01:0",
        "2026-01-15T09:30:00+011", "2026-01-15T9:3:00", "2026-01-15T09:30", "2026-01-15T", "202-01-15", "2026-001-15",
        // strings, and a line terminator at the end (ICU's `$` matches before one)
        "hello", "device_id", "12 apples", "1 000", "true\n", "12\r\n", "1.5\r", "null\n", "\n", "\n\n", "7\u{85}", "7\u{2028}", "7\u{2029}",
        "7\u{0B}", "7\u{0C}", "7\n\n", "yes\r\n\r\n", " 12", "12 "
    ])
    func agreesWithYams(text: String) {
        #expect(YAMLImplicitTag.name(of: text) == Self.yams(text), "'\(text)'")
    }

    /// Every text up to four characters over the characters the rules care about.
    @Test func agreesOnEveryShortText() {
        let alphabet: [String] = ["0", "1", "5", "7", "9", "_", ":", ".", "-", "+", "e", "x", "b", "o", "T", "Z", " ", "n", "a"]
        var texts: [String] = [""]
        var all: [String] = []
        for _ in 1...4 {
            texts = texts.flatMap { prefix in alphabet.map { prefix + $0 } }
            all += texts
        }
        var mismatches: [String] = []
        for text in all where YAMLImplicitTag.name(of: text) != Self.yams(text) { mismatches.append(text) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// Timestamps are longer than four characters: every one-character change of some that match.
    @Test func agreesAroundTimestamps() {
        let seeds = ["2026-01-15", "2026-1-5T9:30:00", "2026-01-15 09:30:00.25 +01:00", "2026-01-15t09:30:00Z", "190:20:30.5", "-0x1F_a"]
        let replacements: [String] = ["", "0", "9", "6", "-", "+", ":", ".", " ", "\t", "T", "t", "Z", "x", "_"]
        var mismatches: [String] = []
        for seed in seeds {
            let characters = Array(seed)
            for index in characters.indices {
                for replacement in replacements {
                    var changed = characters
                    changed.replaceSubrange(index...index, with: Array(replacement))
                    let text = String(changed)
                    if YAMLImplicitTag.name(of: text) != Self.yams(text) { mismatches.append(text) }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// A whole document composed by `YAMLCompose` equals Yams' own compose: every node's text and tag. The
    /// keys are words, so the tags come from `YAMLImplicitTag` (`tagged` does not give up on the tree).
    @Test func composedTreeMatchesYamsDefault() throws {
        let text = """
            name: readings
            count: 12
            ratio: 1.5e3
            flags: [yes, off, "true", !!str 12, !!int "7", ~, "", null, =, <<]
            when: 2026-01-15T09:30:00Z
            shared: &a {min: 0x10, max: 1_000}
            again: *a
            "quoted key": 1
            list:
              - - 1:30
                - .inf
              - 'quoted'
              - plain text
            """
        let basic = try #require(try Yams.compose(yaml: text, .basic))
        let theirs = try #require(try Yams.compose(yaml: text))
        #expect(YAMLCompose.tagged(basic) == theirs)
        let ours = try #require(try YAMLCompose.compose(text))
        #expect(ours == theirs)
        #expect(Self.name(ours["count"]) == .int)
        #expect(Self.name(ours["flags"]?[3]) == .str)
        #expect(Self.name(ours["flags"]?[4]) == .int)
        #expect(Self.name(ours["when"]) == .timestamp)
    }

    /// Keys that are not plain words: composing without rules read them all as strings, so these trees come
    /// from Yams' default resolver, and `1` beside "1" is not a duplicate.
    @Test(arguments: ["<<: {a: 1}\nb: 2", "1: a\n\"1\": b", "true: x\nfalse: y", "~: n", "? [a, b]\n: c", "!!int 3: x\n3: y"])
    func keysThatAreNotWordsUseTheDefaultResolver(text: String) throws {
        if let basic = try? Yams.compose(yaml: text, .basic) { #expect(YAMLCompose.tagged(basic) == nil) }
        let ours = Result { try YAMLCompose.compose(text) }
        let theirs = Result { try Yams.compose(yaml: text) }
        switch (ours, theirs) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)")
        default: Issue.record("YAMLCompose: \(ours), Yams: \(theirs)")
        }
    }
}
