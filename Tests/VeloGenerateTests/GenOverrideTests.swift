import Testing
import VeloGenerate
import VeloSchema

@Suite struct GenOverrideTests {
    typealias Token = GenOverride.Token

    @Test func parsesTheThreeExamples() throws {
        let between = try GenOverride.parse("temperature_c between 30 and 40")
        #expect(between.field == "temperature_c")
        #expect(between.condition == .between(Token(text: "30", offset: 22, quoted: false), Token(text: "40", offset: 29, quoted: false)))
        let share = try GenOverride.parse("status = CANCELLED 20%")
        #expect(share.condition == .equals(Token(text: "CANCELLED", offset: 9, quoted: false), share: 0.2))
        let greater = try GenOverride.parse("amount>500")
        #expect(greater.condition == .compare(.greater, Token(text: "500", offset: 7, quoted: false)))
    }

    @Test func parsesTheOtherForms() throws {
        #expect(try GenOverride.parse("orders.amount <= 3").schema == "orders")
        #expect(try GenOverride.parse("orders.amount <= 3").fieldOffset == 7)
        #expect(try GenOverride.parse("region = 'EU West'").condition == .equals(Token(text: "EU West", offset: 9, quoted: true), share: nil))
        #expect(try GenOverride.parse("note IS NULL 50 %").condition == .isNull(share: 0.5))
        #expect(try GenOverride.parse("note is not null").condition == .notNull)
        #expect(try GenOverride.parse("s != A").condition == .notEquals(Token(text: "A", offset: 5, quoted: false)))
        #expect(
            try GenOverride.parse("s in (A, 'B C')").condition
                == .oneOf([
                    Token(text: "A", offset: 6, quoted: false),
                    Token(text: "B C", offset: 9, quoted: true)
                ]))
    }

    @Test(arguments: [
        ("", "empty override", 0),
        ("amount", "expected a condition after 'amount'", 6),
        ("amount bigger 5", "expected a condition after 'amount', found 'bigger'", 7),
        ("temp betwen 1 and 2", "expected a condition after 'temp', found 'betwen' (did you mean 'between'?)", 5),
        ("temp between 1 2", "expected 'and' in 'between … and …'", 15),
        ("amount >", "expected a value after '>'", 8),
        ("status = X 120%", "a share must be above 0% and at most 100%, not 120%", 11),
        ("status = X 20", "'20' needs a '%' to be a share of records", 11),
        ("amount > 5 and amount < 9", "unexpected 'and' after the condition", 11),
        ("5 > amount", "expected a field name, found '5'", 0),
        ("note = 'open", "unclosed quote", 7)
    ])
    func parseErrorsPointAtTheWord(_ text: String, _ message: String, _ offset: Int) {
        do {
            _ = try GenOverride.parse(text)
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }

    static let yaml = """
        name: readings
        fields:
          - name: status
            type: string
            constraints:
              enum_values: {values: [OK, WARN, FAULT], weights: [90, 8, 2]}
          - name: temperature_c
            type: float
            constraints:
              range: {min: -10, max: 45}
              distribution: {normal: {mean: 20, std_dev: 5}}
          - name: amount
            type: integer
          - name: note
            type: string
            nullable: true
          - name: code
            type: string
          - name: total
            type: float
            constraints:
              derived: {expression: "amount * 2"}
          - name: at
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-1h", end: "now"}
        """

    func applied(_ overrides: [String]) throws -> GenOverrideApplier {
        var applier = GenOverrideApplier(schemas: [try GenTest.schema(Self.yaml)], nowMs: GenTest.now)
        try applier.apply(try overrides.map { try GenOverride.parse($0) })
        return applier
    }

    @Test func betweenNarrowsTheRangeAndValuesFollow() throws {
        let applier = try applied(["temperature_c between 30 and 40"])
        #expect(applier.schemas[0].field(named: "temperature_c")?.constraints.range == NumericRange(min: 30, max: 40))
        var settings = GenTest.settings()
        settings.overrides = [try GenOverride.parse("temperature_c between 30 and 40")]
        let generator = try GenCompiler(schema: applier.schemas[0], settings: settings) { _, _, _ in GenPool(name: "x") }.compile()
        for _ in 0..<2000 {
            generator.next()
            let t = generator.record.value(1).doubleValue!
            #expect(t >= 30 && t <= 40)
        }
    }

    @Test func greaterThanOnDefaultRange() throws {
        let applier = try applied(["amount > 500"])
        #expect(applier.schemas[0].field(named: "amount")?.constraints.range == NumericRange(min: 501, max: 999))
        // A range the schema did not set is no promise: between may leave it.
        let wide = try applied(["amount between 2000 and 3000"])
        #expect(wide.schemas[0].field(named: "amount")?.constraints.range == NumericRange(min: 2000, max: 3000))
    }

    @Test func enumShareBecomesWeights() throws {
        let applier = try applied(["status = FAULT 20%"])
        let weights = applier.schemas[0].field(named: "status")!.constraints.enumValues!.weights!
        #expect(abs(weights[2] - 0.2) < 1e-12)
        #expect(abs(weights[0] - 0.8 * 90 / 98) < 1e-12)
        let only = try applied(["status in (OK, WARN)", "status != WARN"])
        #expect(only.schemas[0].field(named: "status")!.constraints.enumValues!.weights! == [90, 0, 0])
    }

    @Test func nullShareAndForcedValueBecomeTweaks() throws {
        let applier = try applied(["note is null 50%", "code = ABC 10%"])
        #expect(applier.tweaks["readings"]?["note"]?.nullRate == 0.5)
        #expect(applier.tweaks["readings"]?["code"]?.forced?.share == 0.1)
        #expect(applier.tweaks["readings"]?["code"]?.forced?.value.bytes == Array("ABC".utf8))
    }

    @Test func timeFieldsTakeTimes() throws {
        let applier = try applied(["at between -30m and -10m"])
        #expect(applier.schemas[0].field(named: "at")?.constraints.timestampEpochMs == TimeRange(start: "-30m", end: "-10m"))
    }

    @Test(
        arguments: [
            ("amout > 5", "unknown field 'amout' of schema 'readings' (did you mean 'amount'?)"),
            ("nope.amount > 5", "unknown schema 'nope'"),
            ("temperature_c between 30 and 50", "'temperature_c between 30 and 50' contradicts the schema: temperature_c's range is -10..45"),
            ("temperature_c > 45", "'temperature_c > 45' contradicts the schema: temperature_c's range is -10..45"),
            ("temperature_c between 40 and 30", "the low bound 40 is above the high bound 30"),
            ("amount > 5000", "'amount > 5000' leaves no values: amount has no range in the schema, so values lie in 0..999"),
            ("amount > many", "expected a number for 'amount', found 'many'"),
            ("amount = 1.5", "'amount' is an integer field; 1.5 is not an integer"),
            ("temperature_c = 99", "'temperature_c = 99' contradicts the schema: temperature_c's range is -10..45"),
            ("status = FAULTY 20%", "'FAULTY' is not one of status's values (did you mean 'FAULT'?)"),
            ("status > 3", "'status' takes values from enum_values; ranges do not apply"),
            ("status != OK", nil),
            ("code is null", "'code' is not nullable in the schema"),
            ("total = 5", "'total' is computed by its expression (amount * 2); it cannot be overridden"),
            ("code between 1 and 2", "'code' is of type string; ranges work on numbers and times"),
            ("amount in (1, 2)", "'in (…)' works on fields with enum_values; 'amount' is of type integer"),
            ("at between -2h and now", "'at between -2h and now' contradicts the schema: at's time range is -1h..now")
        ] as [(String, String?)])
    func contradictionsAreErrorsThatSayWhy(_ text: String, _ message: String?) throws {
        do {
            _ = try applied([text])
            #expect(message == nil, "'\(text)' was accepted")
        } catch let error as GenOverrideError {
            #expect(error.message == message)
        }
    }

    @Test func errorRendersWithCaret() throws {
        do {
            _ = try applied(["amout > 5"])
            Issue.record("accepted")
        } catch let error as GenOverrideError {
            #expect(error.exitCode == .invalidInput)
            #expect(
                error.diagnostic.render(tool: "velo-gen", color: false) == """
                    velo-gen: error: --with:1:1: unknown field 'amout' of schema 'readings' (did you mean 'amount'?)
                    amout > 5
                    ^
                    """)
        }
    }
}
