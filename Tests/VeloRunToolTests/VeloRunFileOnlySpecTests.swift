import Foundation
import Testing
import VeloTestSupport

/// File-only mode (docs/test-spec.md): when every source and sink of the SQL is a file, `velo-run --spec`
/// runs the whole SQL on its own files, as velo-test does, and then checks the spec against what it wrote.
/// One spec may cover several SQL files; the queries of the other files are reported as skipped.
@Suite struct VeloRunFileOnlySpecTests {
    static let files: [String: String] = [
        "orders.csv": """
        id,item,qty,price
        1,pen,3,1.50
        2,book,1,12.00
        3,ink,0,4.25
        4,"paper, A4",10,5.00

        """,
        "shop.sql": """
        CREATE STREAM sold AS
        SELECT id, item, qty * price AS total FROM orders WHERE qty > 0 EMIT CHANGES
        WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
              'sold.type' = 'file_sink', 'sold.path' = './out/sold.csv', 'sold.format' = 'csv');

        CREATE STREAM sold_items AS
        SELECT UPPER(item) AS item FROM sold EMIT CHANGES
        WITH ('sold.type' = 'file_source', 'sold.path' = './out/sold.csv', 'sold.format' = 'csv',
              'sold_items.type' = 'file_sink', 'sold_items.path' = './out/items.jsonl', 'sold_items.format' = 'json');
        """,
        "expected_items.jsonl": """
        {"item":"PEN"}
        {"item":"BOOK"}
        {"item":"PAPER, A4"}

        """,
        "test_spec.yaml": """
        application: shop
        queries:
          - name: sold
            inputs:
              - source: orders
                source_type: {type: file, path: ./orders.csv, format: Csv}
            assertions:
              - {type: file_exists, path: ./out/sold.csv}
              - {type: file_row_count, path: ./out/sold.csv, format: Csv, equals: 3}
              - {type: file_contains, path: ./out/sold.csv, format: Csv, field: item, expected_values: ["paper, A4", pen], mode: all}
              - {type: record_count, equals: 3}
          - name: sold_items
            inputs: []
            assertions:
              - {type: file_row_count, path: ./out/items.jsonl, format: JsonLines, equals: 3}
              - {type: file_matches, actual_path: ./out/items.jsonl, expected_path: ./expected_items.jsonl, format: JsonLines, ignore_order: true}
          - name: restock
            inputs: []
            assertions:
              - {type: file_exists, path: ./out/restock.csv}
        """
    ]

    @Test func runsTheWholeSQLThenChecksItsFiles() throws {
        let dir = try VeloRun.directory(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try VeloRun.run(["--spec", "test_spec.yaml", "shop.sql", "-o", "json"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let queries = report["queries"] as? [[String: Any]] ?? []
        #expect(queries.map { "\($0["name"]!):\($0["status"]!)" } == ["sold:passed", "sold_items:passed", "restock:skipped"])
        #expect((queries.last?["reason"] as? String)?.contains("not in shop.sql") == true)
        let sold = try String(contentsOf: dir.appendingPathComponent("out/sold.csv"), encoding: .utf8)
        #expect(sold.split(separator: "\n").count == 4, "the SQL's own sink, header and 3 rows: \(sold)")
        // The spec's inputs are not fed in file-only mode (velo-test ignores them too): no warning for a file input.
        #expect(!r.stderr.contains("not fed"), "\(r.stderr)")
    }

    @Test func aFailingFileAssertionFailsTheRun() throws {
        var files = Self.files
        files["test_spec.yaml"] = """
            application: shop
            queries:
              - name: sold
                inputs:
                  - {source: orders, records: 10}
                assertions:
                  - {type: file_row_count, path: ./out/sold.csv, format: Csv, equals: 4}
            """
        let dir = try VeloRun.directory(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try VeloRun.run(["--spec", "test_spec.yaml", "shop.sql"], in: dir)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("has 3 rows, expected = 4"), "\(r.stdout)")
        #expect(r.stderr.contains("file-only mode") && r.stderr.contains("not fed"), "\(r.stderr)")
        // sold_items is not in the spec but is part of the SQL: it ran and wrote its file too.
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/items.jsonl").path))
    }
}
