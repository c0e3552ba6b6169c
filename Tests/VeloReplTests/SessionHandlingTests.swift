import Foundation
import Testing
import VeloRepl
import VeloSession
import VeloTerminal

@Suite struct SessionHandlingTests {
    func sampleSession() -> Session {
        Session(jobs: [
            SessionJob(name: "a1", sql: "CREATE STREAM a1 AS SELECT * FROM t;", file: "a.sql"),
            SessionJob(name: "a2", sql: "CREATE STREAM a2 AS SELECT * FROM t;", file: "a.sql"),
            SessionJob(name: "b1", sql: "CREATE STREAM b1 AS SELECT * FROM t;", file: "b.sql"),
            SessionJob(name: "new", sql: "CREATE STREAM new AS SELECT * FROM t;")
        ])
    }

    @Test func jobsAreNumberedAcrossFilesAndMapToTheirNumberInTheirFile() throws {
        let session = sampleSession()
        let b1 = try #require(JobBook.locate(3, in: session))
        #expect(b1.job.name == "b1" && b1.numberInFile == 1)
        let a2 = try #require(JobBook.locate(2, in: session))
        #expect(a2.numberInFile == 2)
        let new = try #require(JobBook.locate(4, in: session))
        #expect(new.numberInFile == nil && new.index == 3)
        #expect(JobBook.locate(0, in: session) == nil)
        #expect(JobBook.locate(5, in: session) == nil)
        #expect(JobBook.noSuchJob(5, in: session).message.contains("1 to 4"))
    }

    @Test func relistingAFileKeepsItsPlaceAmongTheOthers() {
        var session = sampleSession()
        JobBook.replaceJobs(of: "a.sql", with: [SessionJob(name: "a9", sql: "x", file: "a.sql")], in: &session)
        #expect(session.jobs.map(\.name) == ["a9", "b1", "new"])
        JobBook.replaceJobs(of: "c.sql", with: [SessionJob(name: "c1", sql: "y", file: "c.sql")], in: &session)
        #expect(session.jobs.map(\.name) == ["a9", "b1", "c1", "new"])
    }

    @Test func jobTextIsCutByLineRange() {
        let text = "-- SQL Application: x\n\n-- @name: one\nCREATE STREAM one AS SELECT 1;\n\nCREATE STREAM two AS\nSELECT 2;\n"
        #expect(JobBook.lines(text, 3, 4) == "-- @name: one\nCREATE STREAM one AS SELECT 1;")
        #expect(JobBook.lines(text, 6, 7) == "CREATE STREAM two AS\nSELECT 2;")
        #expect(JobBook.lines(text, 9, 12) == "")
    }

    @Test func settingsAcceptWhatFR088ShowsAndRefuseTheRest() throws {
        var settings = ReplSettings()
        #expect(try settings.apply(key: "timeout", value: "60s").contains("60s"))
        #expect(settings.timeout == "60s")
        _ = try settings.apply(key: "metrics", value: "off")
        #expect(!settings.metrics)
        _ = try settings.apply(key: "profiling", value: "on")
        #expect(settings.profiling)
        _ = try settings.apply(key: "timeout", value: "off")
        #expect(settings.timeout == nil)
        #expect(throws: SettingError.self) { try settings.apply(key: "timeout", value: "soon") }
        #expect(throws: SettingError.self) { try settings.apply(key: "metrics", value: "maybe") }
        #expect(throws: SettingError.self) { try settings.apply(key: "colour", value: "on") }
    }

    @Test func historyKeepsMultiLineEntriesAcrossSessions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ai_history").path
        let first = HistoryFile(path: path, limit: 3)
        #expect(first.add("SELECT a\nFROM t;") == nil)
        #expect(first.add("show jobs") == nil)
        #expect(first.add("show jobs") == nil) // a repeat is not added
        #expect(first.add("path\\with\\backslashes") == nil)
        #expect(first.add("topics") == nil)
        let second = HistoryFile(path: path, limit: 3)
        #expect(second.entries == ["show jobs", "path\\with\\backslashes", "topics"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "show jobs\npath\\\\with\\\\backslashes\ntopics\n")
        #expect(HistoryFile.decode(HistoryFile.encode("a\nb\\nc")) == "a\nb\\nc")
    }

    @Test func aSavedSessionReadsBackTheSame() throws {
        var session = sampleSession()
        session.lastDraft = SessionDraft(sql: "SELECT 1;", jobName: "one")
        session.usage = SessionUsage(inputTokens: 10, outputTokens: 5, costUSD: 0.25)
        let back = try Session.load(from: try session.encoded(), source: "s.json")
        #expect(back == session)
    }
}
