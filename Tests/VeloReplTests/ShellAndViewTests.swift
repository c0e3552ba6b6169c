import Foundation
import Testing
import VeloBase
import VeloJSON
import VeloRepl
import VeloTerminal

@Suite struct ShellAndViewTests {
    @Test func commandsQuoteWhatTheShellWouldSplit() {
        let c = ShellCommand(["velo-gen", "s.schema.yaml", "--with", "status = FAULT 20%", "--with", "it's"], stdinFile: "req file.json")
        #expect(c.text == "velo-gen s.schema.yaml --with 'status = FAULT 20%' --with 'it'\\''s' < 'req file.json'")
        #expect(ShellCommand([""]).text == "''")
        #expect(ShellCommand(["velo-run", "/tmp/x/q.sql"]).relativized(from: "/tmp/x").text == "velo-run q.sql")
    }

    @Test func anExportedScriptRecreatesItsFilesAndRunsItsCommands() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scratch = "/tmp/velo-repl.ABC"
        let sql = "SELECT '$HOME' AS a, 'VELO_EOF' AS b;\n"
        let exporter = Exporter(
            commands: [ShellCommand(["cat", scratch + "/q-1.sql"]), ShellCommand(["wc", "-l"], stdinFile: scratch + "/schemas/s.schema.yaml")],
            files: ["q-1.sql": sql, "schemas/s.schema.yaml": "name: s\nfields: []\n", "unused.sql": "x"], scratchDir: scratch)
        let script = exporter.shellScript()
        #expect(!script.contains("unused.sql"))
        #expect(!script.contains(scratch))
        for (name, text) in [("replay.sh", script), ("replay.mk", exporter.makefile())] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for command in [["/bin/sh", "replay.sh"], ["/usr/bin/make", "-s", "-f", "replay.mk"]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: command[0])
            p.arguments = Array(command.dropFirst())
            p.currentDirectoryURL = dir
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(command)")
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasPrefix(sql), "\(command): \(text)")
            #expect(text.contains("2"), "\(command): \(text)")
            #expect(try String(contentsOf: dir.appendingPathComponent("q-1.sql"), encoding: .utf8) == sql)
        }
    }

    @Test func tablesAlignNumbersRightAndSayHowManyRowsAreLeft() {
        let table = TableView(columns: ["device", "avg"], rows: [["S-1", "22.5"], ["S-10", "3"]], total: 5)
        let text = table.render(style: TextStyle(enabled: false))
        #expect(
            text == """
                | device | avg  |
                |--------|------|
                | S-1    | 22.5 |
                | S-10   |    3 |
                … 3 more rows (5 in all)

                """)
        // Counts as people write them (the topics table) are numbers too; codes with commas are not.
        let counts = TableView(columns: ["topic", "messages"], rows: [["a", "20,000"], ["b", "500"]]).render(style: TextStyle(enabled: false))
        #expect(counts.contains("| a     |   20,000 |\n| b     |      500 |"), "\(counts)")
        let codes = TableView(columns: ["code"], rows: [["1,2"], ["12,3456"]]).render(style: TextStyle(enabled: false))
        #expect(codes.contains("| 1,2     |"), "\(codes)")
        let profile = TableView(columns: ["Time", "%"], rows: [["155.8ms", "24.1%"], ["0µs", "0.0%"]]).render(style: TextStyle(enabled: false))
        #expect(profile.contains("| 155.8ms | 24.1% |\n|     0µs |  0.0% |"), "\(profile)")
    }

    @Test func latencyBarsOnALogScaleKeepSmallValuesVisibleBesideAnOutlier() {
        let values: [(String, Double)] = [("p50", 0.007), ("p95", 0.014), ("p99", 0.018), ("max", 24.2)]
        let bars = values.map { BarChart.Bar(label: $0.0, value: $0.1, text: "") }
        func lengths(_ chart: BarChart) -> [Int] {
            chart.render(style: TextStyle(enabled: false)).split(separator: "\n").map { $0.filter { $0 == "█" }.count }
        }
        #expect(lengths(BarChart(bars, width: 24)) == [0, 0, 0, 24], "linear: the outlier flattens the rest")
        let log = lengths(BarChart(bars, width: 24, logFloor: 0.001))
        #expect(log.last == 24)
        #expect(log[0] >= 3 && log[0] < log[1] && log[1] <= log[2] && log[2] < log[3], "\(log)")
        #expect(lengths(BarChart([BarChart.Bar(label: "a", value: 0, text: "")], width: 10, logFloor: 0.001)) == [0])
    }

    @Test func colorsAreOnlyThereWhenAsked() {
        let sql = "-- @name: x\nSELECT a FROM t WHERE b > 10 AND c = 'x';"
        #expect(SQLHighlighter.highlight(sql, style: TextStyle(enabled: false)) == sql)
        let colored = SQLHighlighter.highlight(sql, style: TextStyle(enabled: true))
        #expect(colored.contains("\u{1B}[34mSELECT\u{1B}[0m") && colored.contains("\u{1B}[32m'x'\u{1B}[0m"))
        #expect(colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == sql)
    }

    @Test func metricsAreGradedAndDrawn() throws {
        #expect(MetricsView.grade(latencyP99Ms: 2) == .good)
        #expect(MetricsView.grade(latencyP99Ms: 50) == .warning)
        #expect(MetricsView.grade(latencyP99Ms: 500) == .bad)
        #expect(MetricsView.grade(failed: 1, late: 0) == .bad)
        #expect(MetricsView.grade(failed: 0, late: 3) == .warning)
        let metrics = try JSONParser.parse(
            """
            {"job":"hot","records_in":2000,"records_out":630,"duration_ms":80,"failed_records":0,"late_records":0,
             "throughput_records_per_sec":25000,"peak_memory_bytes":40000000,
             "latency_ms":{"avg":0.04,"count":1040,"max":8,"p50":0.01,"p95":0.02,"p99":0.1},
             "profile":{"stages":[{"stage":"read","time_ms":30,"records":2000,"percent":60},{"stage":"write","time_ms":20,"records":630,"percent":40}]}}
            """)
        let text = MetricsView.render(metrics, style: TextStyle(enabled: false))
        #expect(text.contains("2,000 in → 630 out"))
        let grouped = try JSONParser.parse(
            #"{"job":"g","records_in":5,"records_out":2,"window_state":{"kind":"none","peak_open_windows":1,"peak_groups":2,"estimated_bytes":400}}"#)
        #expect(MetricsView.render(grouped, style: TextStyle(enabled: false)).contains("  groups     2 at peak, state 400 B\n"))
        #expect(text.contains("25,000 records/s"))
        #expect(text.contains("| read  | 30.0ms |   2,000 |   60.0% |"), "\(text)")
        #expect(text.contains("latency distribution (log scale)\n    p50  ██████                   10µs\n    p95  ████████  "), "\(text)")
        #expect(text.contains("read   ████████████████████████ 60.0%"))
        #expect(text.contains("write  ████████████████         40.0%"))
    }

    @Test func completionOffersWhatFitsWhereTheCursorIs() {
        let c = Completion(schemas: ["orders", "customers"], topics: ["orders", "clicks"], jobs: 3, fields: ["amount"])
        #expect(c.candidates(word: "gen", before: "")?.contains("generate") == true)
        #expect(c.candidates(word: "", before: "generate 100 ") == ["orders", "customers"])
        #expect(c.candidates(word: "", before: "messages ") == ["orders", "clicks"])
        #expect(c.candidates(word: "", before: "delete ") == ["1", "2", "3"])
        #expect(c.candidates(word: "", before: "show schema ") == ["orders", "customers"])
        #expect(c.candidates(word: "am", before: "SELECT ")?.contains("amount") == true)
        #expect(c.candidates(word: "ord", before: "FROM ")?.contains("orders") == true) // a continuation line
        #expect(c.candidates(word: "am", before: "orders with an ")?.contains("amount") == true)
        #expect(c.candidates(word: "app", before: "load ") == nil) // file names
        #expect(c.candidates(word: "sch", before: "load ") == ["schemas"])
    }
}
