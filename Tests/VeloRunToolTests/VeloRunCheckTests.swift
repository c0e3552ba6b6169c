import Foundation
import Testing
import VeloTestSupport

/// Runs the built `velo-run` binary as a user would.
struct VeloRun {
    static var binary: URL { get throws { try BuiltProducts.url("velo-run") } }

    static func run(
        _ arguments: [String], stdin: String? = nil, in workingDirectory: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> ProcessResult {
        try ProcessRunner.run(
            binary, arguments, stdin: .text(stdin ?? ""),
            environment: ["NO_COLOR": "1"].merging(environment) { $1 }, directory: workingDirectory)
    }

    /// Starts velo-run for a test that stops it mid-way (Ctrl+C, a timeout annotation).
    static func start(_ arguments: [String], stdin: ProcessInput = .null) throws -> RunningProcess {
        try ProcessRunner.start(binary, arguments, stdin: stdin, environment: ["NO_COLOR": "1"])
    }

    /// A temporary directory with the given files.
    static func directory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-run-tests-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }
}

@Suite struct VeloRunCheckTests {
    static let schema = """
        name: orders
        fields:
          - name: order_id
            type: string
          - name: amount
            type: float
          - name: region
            type: string
        """

    @Test func validFileExitsZeroWithAJobSummary() throws {
        let dir = try VeloRun.directory([
            "app.sql": """
            -- @name: eu_orders
            CREATE STREAM eu AS SELECT order_id, amount FROM orders WHERE region = 'EU' EMIT CHANGES;
            """, "schemas/orders.schema.yaml": Self.schema
        ])
        let r = try VeloRun.run([
            "--check", dir.appendingPathComponent("app.sql").path,
            "--schemas", dir.appendingPathComponent("schemas").path
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("1 job, ok"))
        #expect(r.stderr.contains("job 1: eu_orders (CREATE STREAM, line 2)"))
        #expect(r.stderr.contains("sources: orders (schema)"))
    }

    @Test func invalidFileExitsThreeWithCompilerStyleDiagnostics() throws {
        let dir = try VeloRun.directory([
            "app.sql": "SELECT amout FROM orders;\nSELECT FROM orders;\n",
            "schemas/orders.schema.yaml": Self.schema
        ])
        let file = dir.appendingPathComponent("app.sql").path
        let r = try VeloRun.run(["--check", file, "--schemas", dir.appendingPathComponent("schemas").path])
        #expect(r.status == 3)
        #expect(
            r.stderr.contains(
                """
                velo-run: error: \(file):1:8: unknown column 'amout'
                SELECT amout FROM orders;
                       ^~~~~
                hint: did you mean 'amount'?
                """))
        #expect(r.stderr.contains("velo-run: error: \(file):2:8: expected a column or expression after SELECT, found 'FROM'"))
        #expect(r.stderr.contains("2 errors"))
    }

    @Test func jsonReportOnStdout() throws {
        let r = try VeloRun.run(["--check", "--json", "-"], stdin: "SELECT a, COUNT(*) AS n FROM t GROUP BY a WINDOW TUMBLING(1m);")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        #expect(json["valid"] as? Bool == true)
        let jobs = try #require(json["jobs"] as? [[String: Any]])
        #expect((jobs.first?["window"] as? [String: Any])?["size_ms"] as? Int == 60_000)
        #expect(jobs.first?["emit"] as? String == "final")
    }

    @Test func checkWarnsOfWhatTheEngineCannotRunYet() throws {
        // Valid SQL; velo-run cannot order by a column its output lacks: a warning with the place, exit 0.
        let sql =
            "CREATE STREAM first_out AS SELECT id FROM trades ORDER BY qty;\n"
            + "CREATE STREAM second_out AS SELECT id FROM trades ORDER BY id;\n"
        let dir = try VeloRun.directory(["app.sql": sql])
        let file = dir.appendingPathComponent("app.sql").path
        let r = try VeloRun.run(["--check", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "velo-run: warning: \(file):1:59: velo-run cannot run job 'first_out' yet: ORDER BY can only use the query's output columns"),
            "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "warning:").count == 2, "\(r.stderr)") // second_out runs
        let json = try VeloRun.run(["--check", "--json", file])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["warnings"] as? Int == 1)
    }

    @Test func jsonReportOfAnInvalidFileStillGoesToStdout() throws {
        let r = try VeloRun.run(["--check", "--json", "-"], stdin: "SELECT a FROM t WHERE")
        #expect(r.status == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["message"] as? String == "expected an expression, found end of input")
        #expect(diagnostics.first?["file"] as? String == "<stdin>")
    }

    @Test func formatPrintsCanonicalSQL() throws {
        let r = try VeloRun.run(["--format", "-"], stdin: "-- @name: x\nselect a as b from t where a>1 -- note\n")
        #expect(r.status == 0)
        #expect(r.stdout == "-- @name: x\nSELECT\n    a AS b\nFROM t\nWHERE a > 1;\n")
        let again = try VeloRun.run(["--format", "-"], stdin: r.stdout)
        #expect(again.stdout == r.stdout)
    }

    @Test func formatRefusesBrokenSQL() throws {
        let r = try VeloRun.run(["--format", "-"], stdin: "SELECT a FROM")
        #expect(r.status == 3)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("<stdin>:1:14: expected a stream or table name, found end of input"))
    }

    /// Running is tested in VeloRunExecTests; a missing file is a usage error there too.
    @Test func runningAMissingFileIsAUsageError() throws {
        let r = try VeloRun.run(["/nonexistent/app.sql"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such file '/nonexistent/app.sql'"))
    }

    @Test func usageErrors() throws {
        #expect(try VeloRun.run(["--check", "--format", "x.sql"]).status == 2)
        #expect(try VeloRun.run(["--format", "--json", "x.sql"]).status == 2)
        let missing = try VeloRun.run(["--check", "/nonexistent/app.sql"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file '/nonexistent/app.sql'"))
    }
}

@Suite struct VeloRunGrammarTests {
    @Test func grammarFlagPrintsTheSummary() throws {
        let r = try VeloRun.run(["--grammar"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Velostream SQL as Velo parses it"))
        #expect(r.stdout.contains("TUMBLE_START([a][, b]) → integer"))
    }

    @Test func missingFileArgumentIsUsage() throws {
        let r = try VeloRun.run(["--check"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("missing the .sql file to read"))
    }
}
