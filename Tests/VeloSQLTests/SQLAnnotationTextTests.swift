import Testing
import VeloSQL

/// One comment's text read as an annotation: ASCII comments take a byte path, others the Character path;
/// both must read the same way.
@Suite struct SQLAnnotationTextTests {
    /// The annotation a `--` comment with this text gives, read by the parser before one statement.
    static func read(_ text: String, comment: String = "--") -> [String]? {
        let script = SQLFrontEnd.parse(comment + text + (comment == "/*" ? " */" : "") + "\nSELECT a FROM t;").script
        return (script.annotations + (script.statements.first?.annotations ?? [])).first.map { [$0.key, $0.value] }
    }

    @Test func asciiAndUnicodeCommentsReadAlike() {
        #expect(Self.read(" @name: first_job") == ["name", "first_job"])
        #expect(Self.read("\t @Job_Name :  spaced value \t\r") == ["job_name", "spaced value"])
        #expect(Self.read("@observability.metrics-enabled: true") == ["observability.metrics-enabled", "true"])
        #expect(Self.read("@name session_demo") == ["name", "session_demo"])
        #expect(Self.read("@version:") == ["version", ""])
        #expect(Self.read("@metric: a:b:c") == ["metric", "a:b:c"])
        #expect(Self.read("@:value") == nil)
        #expect(Self.read("@") == nil)
        #expect(Self.read(" not @name: x") == nil)
        #expect(Self.read("") == nil)
        // Non-ASCII: a letter in the key, and in the value.
        #expect(Self.read(" @clé: valeur") == ["clé", "valeur"])
        #expect(Self.read("@description: Température moyenne ") == ["description", "Température moyenne"])
        #expect(Self.read("@name: x", comment: "/*") == nil)
    }
}
