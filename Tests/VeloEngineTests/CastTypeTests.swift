import Testing
import VeloEngine
import VeloJSON
import VeloSQL

/// The runtime side of CAST's one name table: each `SQLCastType` makes its `SQLType` and prints back as
/// the same name; a known name with bad parameters is its own error.
@Suite struct CastTypeTests {
    @Test func runtimeTypesRoundTripTheirNames() {
        for name in SQLCastType.allCases {
            let type = SQLType(name)
            #expect(type?.castType == name, "\(name)")
            #expect(type?.description.hasPrefix(name.rawValue) == true, "\(name)")
        }
        #expect(SQLType(.decimal, parameters: [10, 2])?.description == "DECIMAL(10,2)")
        #expect(SQLType(.varchar, parameters: [8])?.description == "VARCHAR(8)")
        #expect(SQLType(.varchar)?.description == "VARCHAR")
    }

    @Test func castsRunThroughTheTable() throws {
        let records = [#"{"x":"12.345"}"#]
        let result = try ExecEngine.run(
            "SELECT CAST(x AS DECIMAL(6, 2)) AS d, CAST(x AS DOUBLE) AS f, CAST(x AS varchar(2)) AS v FROM s", records: records)
        #expect(result.records.first?.description == #"{"d":12.35,"f":12.345,"v":"12"}"#)
        let error = #expect(throws: SQLIssue.self) { try ExecEngine.run("SELECT CAST(x AS DECIMAL(30, 2)) AS d FROM s", records: records) }
        #expect(error?.message == "unsupported type 'DECIMAL(30, 2)' in CAST")
    }
}
