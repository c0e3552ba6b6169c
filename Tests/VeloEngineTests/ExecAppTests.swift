import Foundation
import Testing
import VeloBase
import VeloEngine
import VeloJSON
import VeloRunCommands
import VeloSQL
import VeloTopics

/// Files of several jobs: dependency order, cycles, outputs kept in the local store, per-job metrics.
@Suite struct ExecAppTests {
    static func graph(_ sql: String) throws -> ExecAppGraph {
        let checked = SQLFrontEnd.check(sql, file: "app.sql")
        #expect(!checked.hasErrors, "\(checked.diagnostics)")
        return try ExecAppGraph(jobs: checked.jobs, script: checked.script, source: checked.source)
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func jobsRunAfterTheJobsWhoseOutputTheyRead() throws {
        // `alerts` is written first but reads `totals`, which reads `clean`; `other` depends on nothing.
        let g = try Self.graph(
            """
            CREATE STREAM alerts AS SELECT k FROM totals WHERE n > 2;
            CREATE STREAM other AS SELECT k FROM raw2;
            CREATE TABLE totals AS SELECT k, COUNT(*) AS n FROM clean GROUP BY k;
            CREATE STREAM clean AS SELECT k FROM raw WHERE k IS NOT NULL;
            """)
        #expect(g.order.map(\.name) == ["clean", "totals", "alerts", "other"])
        #expect(g.upstream["alerts"] == ["totals"])
        #expect(g.upstream["other"] == [])
        #expect(g.readers(of: g.order[0]).map(\.name) == ["totals"])
        #expect(g.readers(of: g.order[2]).isEmpty)
        #expect(g.producer(of: "TOTALS")?.name == "totals")
    }

    @Test func independentJobsKeepFileOrder() throws {
        let g = try Self.graph(
            """
            CREATE STREAM b AS SELECT x FROM s1;
            CREATE STREAM a AS SELECT x FROM s2;
            CREATE STREAM c AS SELECT x FROM s3;
            """)
        #expect(g.order.map(\.name) == ["b", "a", "c"])
    }

    @Test func aJoinMakesADependencyToo() throws {
        let g = try Self.graph(
            """
            CREATE STREAM enriched AS SELECT o.id, r.name FROM orders o LEFT JOIN ref r ON o.rid = r.id;
            CREATE TABLE ref AS SELECT id, name FROM ref_raw;
            """)
        #expect(g.order.map(\.name) == ["ref", "enriched"])
    }

    @Test func aCycleIsAnErrorNamingTheJobsAtTheirPlace() throws {
        do {
            _ = try Self.graph(
                """
                CREATE STREAM keep AS SELECT x FROM src;
                CREATE STREAM a AS SELECT x FROM c;
                CREATE STREAM b AS SELECT x FROM a;
                CREATE STREAM c AS SELECT x FROM b;
                """)
            Issue.record("a cycle was accepted")
        } catch let error as VeloError {
            #expect(error.exitCode == .invalidInput)
            #expect(error.diagnostic.message.contains("a → c → b → a"), "\(error.diagnostic.message)")
            #expect(error.diagnostic.location?.line == 2)
        }
    }

    /// Three jobs over a file: the last writes a file sink, every job's output is checked against a plain
    /// Swift computation, and the metrics document has a section per job and totals.
    @Test func aRunOfEveryJobWithPerJobMetrics() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = ExecRandom(seed: 11)
        var rows: [(k: String, v: Int)] = []
        var lines = ""
        for _ in 0..<500 {
            let k = ["a", "b", "c", "d"][random.int(0...3)], v = random.int(-5...20)
            rows.append((k, v))
            lines += "{\"k\":\"\(k)\",\"v\":\(v)}\n"
        }
        try lines.write(to: dir.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("big.jsonl").path
        let sql = """
            -- @application: sums
            CREATE STREAM big AS SELECT k, total FROM totals WHERE total > 100
            WITH ('big.type' = 'file_sink', 'big.path' = '\(out)');
            CREATE TABLE totals AS SELECT k, SUM(v) AS total, COUNT(*) AS n FROM positive GROUP BY k EMIT FINAL;
            CREATE STREAM positive AS SELECT k, v FROM events WHERE v > 0;
            """
        try sql.write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        var options = ExecOptions(file: dir.appendingPathComponent("app.sql").path)
        options.inputs = ["events=" + dir.appendingPathComponent("in.jsonl").path]
        options.store = dir.appendingPathComponent("store").path
        options.metricsFile = dir.appendingPathComponent("m.json").path
        options.quiet = true
        #expect(RunCommand.run(options, console: Console(tool: "velo-run", color: false)) == .ok)

        // Oracle.
        let positive = rows.filter { $0.v > 0 }
        var totals: [String: Int] = [:]
        for r in positive { totals[r.k, default: 0] += r.v }
        let big = totals.filter { $0.value > 100 }

        let store = LocalTopicStore(directory: options.store)
        #expect(try store.partitionCounts("positive").reduce(0, +) == Int64(positive.count))
        #expect(try store.partitionCounts("totals").reduce(0, +) == Int64(totals.count))
        var written: [String: Int] = [:]
        for line in try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n") {
            let o = try JSONParser.parse(bytes: Array(line.utf8))
            if case .string(let k)? = o["k"], case .int(let t)? = o["total"] { written[k] = Int(t) }
        }
        #expect(written == big)

        let metrics = try AppRunMetrics.decode(try String(contentsOfFile: options.metricsFile!, encoding: .utf8))
        #expect(metrics.application == "sums")
        #expect(metrics.jobs.map(\.job) == ["positive", "totals", "big"])
        #expect(metrics.jobs.map(\.recordsIn) == [500, Int64(positive.count), Int64(totals.count)])
        #expect(metrics.jobs.map(\.recordsOut) == [Int64(positive.count), Int64(totals.count), Int64(big.count)])
        #expect(metrics.totals.jobs == 3)
        #expect(metrics.totals.recordsIn == metrics.jobs.reduce(0) { $0 + $1.recordsIn })
        #expect(metrics.jobs[1].windowState != nil)
        #expect(metrics.jobs[0].sinks.first?.kind == "topic")

        // A second run replaces the store topics instead of appending to them.
        #expect(RunCommand.run(options, console: Console(tool: "velo-run", color: false)) == .ok)
        #expect(try store.partitionCounts("positive").reduce(0, +) == Int64(positive.count))

        // `--job big` alone reads `totals` from the store.
        try FileManager.default.removeItem(atPath: out)
        var one = options
        one.job = "big"
        one.inputs = []
        one.metricsFile = nil
        #expect(RunCommand.run(one, console: Console(tool: "velo-run", color: false)) == .ok)
        #expect(FileManager.default.fileExists(atPath: out))

        // …and says which topic is missing when the store does not have it (usage error).
        one.store = dir.appendingPathComponent("empty-store").path
        #expect(RunCommand.run(one, console: Console(tool: "velo-run", color: false)) == .usage)
    }

    /// CREATE STREAM and INSERT INTO write one stream: both run before its reader, and a re-run replaces
    /// the stream's store topic with both writers' records (the INSERT appends to what the CREATE wrote).
    @Test func insertIntoAddsAWriter() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("totals.jsonl").path
        let sql = """
            CREATE TABLE totals AS SELECT k, COUNT(*) AS n FROM merged GROUP BY k
            WITH ('totals.type' = 'file_sink', 'totals.path' = '\(out)');
            CREATE STREAM merged AS SELECT k FROM a;
            INSERT INTO merged SELECT k FROM b;
            """
        let g = try Self.graph(sql)
        #expect(g.order.map(\.statementIndex) == [1, 2, 0])
        #expect(g.readers(of: g.order[1]).map(\.name) == ["totals"])
        try sql.write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        try "{\"k\":\"x\"}\n{\"k\":\"y\"}\n".write(to: dir.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        try "{\"k\":\"x\"}\n".write(to: dir.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        var options = ExecOptions(file: dir.appendingPathComponent("app.sql").path)
        options.inputs = ["a=" + dir.appendingPathComponent("a.jsonl").path, "b=" + dir.appendingPathComponent("b.jsonl").path]
        options.store = dir.appendingPathComponent("store").path
        options.quiet = true
        for _ in 0..<2 {
            #expect(RunCommand.run(options, console: Console(tool: "velo-run", color: false)) == .ok)
            #expect(try LocalTopicStore(directory: options.store).partitionCounts("merged").reduce(0, +) == 3)
            let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(rows.sorted() == ["{\"k\":\"x\",\"n\":1}", "{\"k\":\"x\",\"n\":2}", "{\"k\":\"y\",\"n\":1}"])
        }
    }

    /// A job writing a WITH topic (append-only) read by a later job: each run's reader sees only the
    /// messages written in that run, so a re-run does not count the first run's records again.
    @Test func aWithTopicIsReadForThisRunOnly() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("counts.jsonl").path
        let sql = """
            CREATE STREAM mid AS SELECT k FROM src WITH ('mid.type' = 'kafka_sink', 'mid.topic.name' = 'mid_topic');
            CREATE TABLE counts AS SELECT k, COUNT(*) AS n FROM mid GROUP BY k EMIT FINAL
            WITH ('counts.type' = 'file_sink', 'counts.path' = '\(out)');
            """
        try sql.write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        try "{\"k\":\"x\"}\n{\"k\":\"x\"}\n{\"k\":\"y\"}\n".write(to: dir.appendingPathComponent("src.jsonl"), atomically: true, encoding: .utf8)
        var options = ExecOptions(file: dir.appendingPathComponent("app.sql").path)
        options.inputs = ["src=" + dir.appendingPathComponent("src.jsonl").path]
        options.store = dir.appendingPathComponent("store").path
        options.quiet = true
        for run in 1...2 {
            #expect(RunCommand.run(options, console: Console(tool: "velo-run", color: false)) == .ok)
            #expect(try LocalTopicStore(directory: options.store).partitionCounts("mid_topic").reduce(0, +) == Int64(3 * run))
            let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(rows.sorted() == ["{\"k\":\"x\",\"n\":2}", "{\"k\":\"y\",\"n\":1}"], "run \(run)")
        }
    }

    @Test func failBatchInAnEarlyJobStopsTheRest() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("late.jsonl").path
        let sql = """
            -- @failure_strategy: FailBatch
            CREATE STREAM first AS SELECT 10 / v AS q FROM src;
            CREATE STREAM second AS SELECT q FROM first WITH ('second.type' = 'file_sink', 'second.path' = '\(out)');
            """
        try sql.write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        try "{\"v\":1}\n{\"v\":0}\n{\"v\":2}\n".write(to: dir.appendingPathComponent("src.jsonl"), atomically: true, encoding: .utf8)
        var options = ExecOptions(file: dir.appendingPathComponent("app.sql").path)
        options.inputs = ["src=" + dir.appendingPathComponent("src.jsonl").path]
        options.store = dir.appendingPathComponent("store").path
        options.metricsFile = dir.appendingPathComponent("m.json").path
        options.quiet = true
        #expect(RunCommand.run(options, console: Console(tool: "velo-run", color: false)) == .failed)
        #expect(!FileManager.default.fileExists(atPath: out))
        let metrics = try AppRunMetrics.decode(try String(contentsOfFile: options.metricsFile!, encoding: .utf8))
        #expect(metrics.jobs.map(\.job) == ["first"])
    }

    /// A CREATE TABLE job's output joined by a later job is a table: the latest row per key (its changelog of
    /// running counts collapses to the final count).
    @Test func aTableJobJoinedByALaterJob() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("joined.jsonl").path
        let sql = """
            CREATE TABLE per_user AS SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id EMIT CHANGES;
            CREATE STREAM joined AS SELECT o.order_id, o.user_id, p.clicks FROM orders o LEFT JOIN per_user p ON o.user_id = p.user_id
            WITH ('joined.type' = 'file_sink', 'joined.path' = '\(out)');
            """
        let app = try ExecClicksApp(sql: sql, in: dir, seed: 5, orders: 12)
        let (clicks, orders, options, counts) = (app.clicks, app.orders, app.options, app.counts)
        #expect(app.run() == .ok)
        #expect(try LocalTopicStore(directory: options.store).partitionCounts("per_user").reduce(0, +) == Int64(clicks.count))
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(bytes: Array($0.utf8)) }
        #expect(rows.count == orders.count)
        for (row, order) in zip(rows, orders) {
            #expect(row["order_id"] == .int(Int64(order.0)))
            #expect(row["clicks"] == (counts[order.1].map { .int(Int64($0)) } ?? .null), "user \(order.1)")
        }
    }

    @Test func followWithSeveralJobsIsAUsageError() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "CREATE STREAM a AS SELECT x FROM s; CREATE STREAM b AS SELECT x FROM a;"
            .write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        var options = ExecOptions(file: dir.appendingPathComponent("app.sql").path)
        options.follow = true
        options.quiet = true
        #expect(RunCommand.run(options, console: Console(tool: "velo-run", color: false)) == .usage)
    }

    @Test func appMetricsTotalsSumTheJobs() throws {
        let a = RunMetrics(
            job: "a", startedAt: "t", durationMs: 10, recordsIn: 5, recordsOut: 4, peakMemoryBytes: 100,
            lateRecords: 1, failedRecords: 2)
        let b = RunMetrics(job: "b", startedAt: "t", durationMs: 10, recordsIn: 4, recordsOut: 1, peakMemoryBytes: 300)
        let m = AppRunMetrics(application: "x", startedAt: "t", durationMs: 20, jobs: [a, b])
        #expect(
            m.totals
                == AppRunMetrics.Totals(
                    jobs: 2, recordsIn: 9, recordsOut: 5, failedRecords: 2, lateRecords: 1,
                    peakMemoryBytes: 300))
        #expect(try AppRunMetrics.decode(try m.jsonText()) == m)
        let text = m.summary(style: TextStyle(enabled: false))
        #expect(text.contains("2 jobs"))
        #expect(text.contains("job a") && text.contains("job b"))
        #expect(text.contains("2 failed") && text.contains("1 late"))
    }
}

extension ExecAppTests {
    /// Velostream's `SELECT … INTO sink WITH (…)` runs as a job writing the sink, and a file sink makes its
    /// missing parent folders.
    @Test func selectIntoWritesAFileSinkInAFolderThatDidNotExist() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{\"v\":1}\n{\"v\":5}\n{\"v\":9}\n".write(to: dir.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out/nested/big.jsonl").path
        let sql = """
            SELECT v FROM events WHERE v > 2
            INTO big WITH ("big.type" = "file_sink", "big.path" = "\(out)");
            """
        try sql.write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        var options = ExecOptions(file: dir.appendingPathComponent("app.sql").path)
        options.inputs = ["events=" + dir.appendingPathComponent("in.jsonl").path]
        options.store = dir.appendingPathComponent("store").path
        options.quiet = true
        #expect(RunCommand.run(options, console: Console(tool: "velo-run", color: false)) == .ok)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "{\"v\":5}\n{\"v\":9}\n")
    }
}
