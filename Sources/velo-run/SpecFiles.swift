import ArgumentParser

/// Which of `velo-run --spec`'s files is the spec and which the SQL. Velostream's velo-test puts the SQL
/// first (`velo-run app.sql --spec spec.yaml`), Velo's man page the spec first, and ArgumentParser keeps
/// only their order, so the extensions decide: `.sql` is the SQL, `.yaml`/`.yml` the spec.
struct SpecFiles {
    /// nil: found beside the SQL (`app.test.yaml`, `app.spec.yaml`, then `test_spec.yaml`).
    var spec: String?
    var sql: String

    init(_ first: String, _ second: String?) throws {
        guard let second else {
            if Self.looksLikeSpec(first) && !Self.looksLikeSQL(first) {
                throw ValidationError.usage("\(first) is a spec; --spec also needs the .sql file", hint: "velo-run --spec \(first) app.sql")
            }
            sql = first
            return
        }
        let (firstSQL, secondSQL) = (Self.looksLikeSQL(first), Self.looksLikeSQL(second))
        let (firstSpec, secondSpec) = (Self.looksLikeSpec(first), Self.looksLikeSpec(second))
        if firstSQL != secondSQL {
            (sql, spec) = firstSQL ? (first, second) : (second, first)
        } else if !firstSQL && firstSpec != secondSpec {
            // A SQL file without .sql (or - for stdin) beside a .yaml spec.
            (spec, sql) = firstSpec ? (first, second) : (second, first)
        } else if firstSQL {
            throw ValidationError.usage(
                "both \(first) and \(second) look like SQL; --spec takes one .sql file and one spec",
                hint: "a spec is a .yaml file: velo-run --spec app.test.yaml app.sql (in either order)")
        } else {
            throw ValidationError.usage(
                "neither \(first) nor \(second) looks like SQL; --spec takes one .sql file and one spec",
                hint: "name the SQL file .sql and the spec .yaml: velo-run --spec app.test.yaml app.sql (in either order)")
        }
    }

    static func looksLikeSQL(_ path: String) -> Bool { path.lowercased().hasSuffix(".sql") }

    static func looksLikeSpec(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }
}
