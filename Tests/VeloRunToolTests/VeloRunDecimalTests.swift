import Foundation
import Testing
import VeloTestSupport

/// Exact decimals (issue 18): `decimal(N)` schema fields and decimal literals are scaled integers, as
/// Velostream's ScaledInteger, and keep their scale on output.
@Suite struct VeloRunDecimalTests {
    static let schema = """
        name: orders
        fields:
          - name: id
            type: string
          - name: price
            type:
              decimal:
                precision: 2
          - name: quantity
            type: integer
        """

    @Test func schemaDecimalsAreExactAndKeepTheirScale() throws {
        let dir = try VeloRun.directory([
            "schemas/orders.schema.yaml": Self.schema,
            "q.sql": "SELECT id, price, price * quantity AS total, price + 0.2 AS more FROM orders;",
            "sum.sql": "SELECT SUM(price * quantity) AS revenue, COUNT(*) AS n FROM orders EMIT FINAL;",
            "orders.jsonl": """
            {"id":"a","price":1125.38,"quantity":30}
            {"id":"b","price":334665.00,"quantity":1}
            {"id":"c","price":0.1,"quantity":3}

            """,
            "orders.csv": "id,price,quantity\n02134,1125.38,30\n"
        ])
        func run(_ sql: String, _ input: String) throws -> ProcessResult {
            try VeloRun.run([
                "-q", dir.appendingPathComponent(sql).path, "--schemas", dir.appendingPathComponent("schemas").path,
                "--input", "orders=" + dir.appendingPathComponent(input).path
            ])
        }
        let r = try run("q.sql", "orders.jsonl")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            VeloRunExecTests.lines(r.stdout) == [
                #"{"id":"a","price":1125.38,"total":33761.40,"more":1125.58}"#,
                #"{"id":"b","price":334665.00,"total":334665.00,"more":334665.20}"#,
                #"{"id":"c","price":0.10,"total":0.30,"more":0.30}"#
            ])
        let sum = try run("sum.sql", "orders.jsonl")
        #expect(sum.stdout == "{\"revenue\":368426.70,\"n\":3}\n", "\(sum.stderr)")
        // CSV with a schema: the schema's type decides (the string id keeps its leading zero).
        let csv = try run("q.sql", "orders.csv")
        #expect(csv.stdout == "{\"id\":\"02134\",\"price\":1125.38,\"total\":33761.40,\"more\":1125.58}\n", "\(csv.stderr)")
    }

    @Test func decimalLiteralsAreExactWithoutASchema() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT 0.1 + 0.2 AS s, 3 * 1.10 AS t, 1e-1 + 0.2 AS f;"])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path])
        #expect(r.stdout == "{\"s\":0.3,\"t\":3.30,\"f\":0.30000000000000004}\n", "\(r.stderr)")
    }

    /// The schema's types apply to every source a query reads, not only its FROM stream: a joined CSV table
    /// and a subquery's table read `decimal(2)` exactly and keep a numeric-looking string id a string.
    @Test func schemaTypesApplyToJoinedTablesAndSubqueries() throws {
        let dir = try VeloRun.directory([
            "schemas/orders.schema.yaml": Self.schema,
            "schemas/rates.schema.yaml": """
            name: rates
            fields:
              - name: code
                type: string
              - name: rate
                type:
                  decimal:
                    precision: 2
            """,
            "join.sql": """
            SELECT o.id, r.code, o.quantity * r.rate AS cost FROM orders o JOIN rates r ON r.code = o.id;
            """,
            "sub.sql": "SELECT id FROM orders WHERE price * 3 = (SELECT MAX(rate) * 3 FROM rates);",
            "orders.jsonl": "{\"id\":\"0042\",\"price\":1.1,\"quantity\":3}\n",
            "rates.csv": "code,rate\n0042,1.10\n"
        ])
        func run(_ sql: String) throws -> ProcessResult {
            try VeloRun.run([
                "-q", dir.appendingPathComponent(sql).path, "--schemas", dir.appendingPathComponent("schemas").path,
                "--input", "orders=" + dir.appendingPathComponent("orders.jsonl").path,
                "--input", "rates=" + dir.appendingPathComponent("rates.csv").path
            ])
        }
        let join = try run("join.sql")
        #expect(join.status == 0, "\(join.stderr)")
        // As floats, 3 * 1.1 is 3.3000000000000003 and the code 0042 a number 42 that matches nothing.
        #expect(join.stdout == "{\"id\":\"0042\",\"code\":\"0042\",\"cost\":3.30}\n")
        let sub = try run("sub.sql")
        #expect(sub.status == 0 && sub.stdout == "{\"id\":\"0042\"}\n", "\(sub.stderr)")
    }
}
