import Testing
import VeloBase
import VeloSQL

/// CAST's type names come from one table (`SQLCastType`): the parser accepts exactly those, and the
/// analyzer types a CAST through it.
@Suite struct SQLTypeNameTests {
    func errors(_ sql: String) -> [String] {
        SQLFrontEnd.check(sql, file: "app.sql", schemas: SQLCorpusSchemas.set).issues.filter { $0.severity == .error }.map(\.message)
    }

    @Test func everyNameParsesAndIsTyped() {
        for name in SQLCastType.allCases {
            let parameters = name == .decimal ? "(10, 2)" : name == .varchar ? "(20)" : ""
            #expect(errors("SELECT CAST(price AS \(name.rawValue.lowercased())\(parameters)) AS x FROM trades").isEmpty, "\(name)")
        }
        // The analyzer's type of the result: a BIGINT compares with a number, not with a string.
        #expect(errors("SELECT symbol FROM trades WHERE CAST(price AS BIGINT) > 5").isEmpty)
        #expect(errors("SELECT symbol FROM trades WHERE CAST(price AS BIGINT) = 'x'") == ["cannot compare integer with string"])
        #expect(errors("SELECT symbol FROM trades WHERE CAST(quantity AS VARCHAR(3)) = 'x'").isEmpty)
    }

    @Test func namesOutsideTheTableAreErrors() {
        // Schema spellings (FieldType) and other dialects' aliases are not SQL type names here.
        for name in ["INT", "UUID", "TEXT", "BOOL", "LONG"] {
            let found = errors("SELECT CAST(price AS \(name)) AS x FROM trades")
            #expect(found == ["unknown type '\(name)'"], "\(name): \(found)")
        }
    }
}
