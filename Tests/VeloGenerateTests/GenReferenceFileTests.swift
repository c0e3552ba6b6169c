import Foundation
import Testing
import VeloBase
import VeloGenerate

@Suite struct GenReferenceFileTests {
    func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gen-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func values(_ pool: GenPool) -> Set<GenValue> { Set((0..<pool.count).map { pool.value(at: $0) }) }

    @Test func csvWithQuotedCells() throws {
        let path = try temp("c.csv", "id,name\nC1,\"Smith, J\"\n\"C,2\",x\n,empty\n")
        let pool = GenPool(name: "c.id")
        try GenReferenceFile.load(path, field: "id", schemaFile: nil, into: pool)
        #expect(values(pool) == [.string("C1"), .string("C,2")])
    }

    /// Reference CSV is read as velo-run reads CSV: NULL cells are skipped, codes with leading zeros stay
    /// text, a quoted cell keeps its line break, and a ragged row is an error naming its line.
    @Test func csvIsReadAsVeloRunReadsIt() throws {
        let pool = GenPool(name: "z.zip")
        try GenReferenceFile.load(
            try temp("z.csv", "zip,n\n02134,1\nNULL,2\nnull,3\n10001,4\n\"a\nb\",5\n"), field: "zip", schemaFile: nil, into: pool)
        #expect(values(pool) == [.string("02134"), .int(10001), .string("a\nb")])
        let ragged = try temp("r.csv", "id,name\nA,x\nB\n")
        #expect {
            try GenReferenceFile.load(ragged, field: "id", schemaFile: nil, into: GenPool(name: "p"))
        } throws: { error in
            let d = (error as? VeloError)?.diagnostic
            return d?.location?.line == 3 && d?.message.contains("1 cell where the header has 2") == true
        }
    }

    @Test func jsonArrayAndNDJSON() throws {
        let array = GenPool(name: "a")
        try GenReferenceFile.load(try temp("a.json", #"[{"id": 1}, {"id": 2}, {"other": 3}]"#), field: "id", schemaFile: nil, into: array)
        #expect(values(array) == [.int(1), .int(2)])
        let lines = GenPool(name: "b")
        try GenReferenceFile.load(try temp("b.ndjson", "{\"id\":\"x\"}\n\n{\"id\":\"y\"}\n"), field: "id", schemaFile: nil, into: lines)
        #expect(values(lines) == [.string("x"), .string("y")])
    }

    @Test func pathsResolveBesideTheSchema() throws {
        let data = try temp("ids.csv", "id\nA\n")
        let dir = (data as NSString).deletingLastPathComponent
        let pool = GenPool(name: "p")
        try GenReferenceFile.load("ids.csv", field: "id", schemaFile: dir + "/s.schema.yaml", into: pool)
        #expect(values(pool) == [.string("A")])
    }

    @Test func missingColumnAndEmptyFileAreErrors() throws {
        let path = try temp("c.csv", "key,name\n1,a\n")
        #expect(throws: VeloError.self) {
            try GenReferenceFile.load(path, field: "id", schemaFile: nil, into: GenPool(name: "p"))
        }
        #expect(throws: VeloError.self) {
            try GenReferenceFile.load(try temp("e.ndjson", "{\"x\":1}\n"), field: "id", schemaFile: nil, into: GenPool(name: "p"))
        }
        #expect(throws: VeloError.self) {
            try GenReferenceFile.load("/nonexistent/file.csv", field: "id", schemaFile: nil, into: GenPool(name: "p"))
        }
    }

    @Test func foreignKeysComeFromTheFile() throws {
        let path = try temp("customers.csv", "customer_id\nK1\nK2\nK3\n")
        let dir = (path as NSString).deletingLastPathComponent
        let schemaPath = dir + "/orders.schema.yaml"
        try """
        name: orders
        fields:
          - name: customer_id
            type: string
            constraints: {references: {schema: customers, field: customer_id, file: customers.csv}}
        """.write(toFile: schemaPath, atomically: true, encoding: .utf8)
        var request = GenRequest(schemaPaths: [schemaPath], settings: GenTest.settings())
        request.count = 300
        var planner = GenRunPlanner(request: request)
        let jobs = try planner.plan()
        #expect(jobs.count == 1)
        let generator = jobs[0].generator
        var seen = Set<String>()
        for _ in 0..<300 {
            generator.next()
            seen.insert(generator.record.text(0))
        }
        #expect(seen == ["K1", "K2", "K3"])
    }

    @Test func firstRecordsDoNotDependOnTheCountWithARate() throws {
        var settings = GenTest.settings()
        settings.time.rate = 10
        let yaml = GenGeneratorTests.orders
        let short = GenTest.ndjson(try GenTest.generator(yaml, settings: settings, count: 50), count: 50)
        let long = GenTest.ndjson(try GenTest.generator(yaml, settings: settings, count: 500), count: 50)
        #expect(short == long)
    }
}
