import Testing
import VeloBase
import VeloSpec

@Suite struct SpecLoaderTests {
    @Test func quickstartSpecLoads() throws {
        let loaded = try SpecSamples.load(SpecSamples.quickstart)
        #expect(loaded.warnings.isEmpty)
        let spec = loaded.spec
        #expect(spec.application == "quickstart_filter")
        #expect(spec.defaultRecords == 8)
        #expect(spec.defaultTimeoutMs == 30_000)
        let q = try #require(spec.query(named: "high_value_orders"))
        #expect(q.inputs[0].dataFile == "orders_input.csv")
        #expect(q.inputs[0].sourceType == SpecEndpoint(kind: .file, path: "orders_input.csv", format: "Csv"))
        #expect(q.sinkType?.path == "high_value_orders.csv")
        #expect(q.assertions.map(\.type) == ["record_count", "field_values", "schema_contains"])
        #expect(q.assertions[0].int("equals") == 3)
        #expect(q.assertions[1].params["value"] == .int(100))
        #expect(q.assertions[2].strings("fields") == ["id", "amount", "status"])
    }

    @Test func tradingSpecWithFromPreviousMetricsAndIgnoredKeys() throws {
        let loaded = try SpecSamples.load(SpecSamples.trading)
        #expect(loaded.warnings.isEmpty, "schemas: and scenarios: are accepted silently")
        let spec = loaded.spec
        #expect(spec.extras["schemas"]?["in_market_data_stream"] == .string("schemas/in_market_data_stream.schema.yaml"))
        #expect(spec.extras["scenarios"] != nil)
        #expect(spec.defaultTimeoutMs == 60_000)
        #expect(spec.config == ["region": "eu"])
        #expect(spec.topicNaming?.pattern == "test_{run_id}_{branch}_{base}")
        let enriched = try #require(spec.query(named: "market_data_enriched"))
        let sim = try #require(enriched.inputs[0].timeSimulation)
        #expect(sim.startTime == "-10m" && sim.eventsPerSecond == 1 && sim.jitterMs == 100 && sim.sequential)
        #expect(enriched.metricAssertions.map(\.type) == ["metric_exists", "metric_counter"])
        #expect(spec.query(named: "market_data_agg")?.outputs.first?.assertions.first?.string("expected") == "{{outputs.market_data_enriched.count}}")
    }

    @Test func everyAssertionTypeLoads() throws {
        let loaded = try SpecSamples.load(SpecSamples.everyType)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let types = Set(loaded.spec.queries[0].allAssertions.map(\.type))
        #expect(types == Set(SpecAssertionCatalog.typeNames))
    }

    @Test func unknownAssertionTypeSuggestsTheClosest() {
        let errors = SpecSamples.errors(
            """
            application: a
            queries:
              - name: q
                inputs: []
                assertions:
                  - type: record_cont
                    equals: 1
            """)
        #expect(errors.count == 1)
        #expect(
            errors.first?.description == """
                error: test_spec.yaml:6:15: query 'q': unknown assertion type 'record_cont' (did you mean 'record_count'?)
                      - type: record_cont
                              ^~~~~~~~~~~
                """)
    }

    @Test func missingRequiredKeysAreNamed() {
        let errors = SpecSamples.errors(
            """
            queries:
              - name: q
                inputs: []
                assertions:
                  - type: field_values
                    field: price
              - description: no name
            """)
        let messages = errors.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" }
        #expect(
            messages == [
                "1:1 the test spec has no `application:`",
                "5:9 query 'q' field_values needs `operator` and `value`",
                "7:5 query #2 has no `name:`",
                "7:5 query #2 has no `inputs:`"
            ])
        #expect(errors[1].hint == "field_values takes: field (required), operator (required), value (required)")
    }

    @Test func joinCoverageRateOutsideZeroToOne() {
        let errors = SpecSamples.errors(
            """
            application: a
            queries:
              - name: q
                inputs: []
                assertions:
                  - type: join_coverage
                    min_match_rate: 80
            """)
        #expect(errors.count == 1)
        #expect(errors[0].message == "query 'q' join_coverage min_match_rate must be from 0 to 1, not 80")
        #expect(errors[0].location?.line == 7 && errors[0].location?.column == 25)
        #expect(errors[0].hint == "a share: 0.8 means 80% of records matched")
    }

    @Test func wrongKindsAndBadChoices() {
        let errors = SpecSamples.errors(
            """
            application: a
            queries:
              - name: q
                inputs:
                  - source: s
                    records: many
                assertions:
                  - {type: record_count, equals: lots}
                  - {type: field_values, field: f, operator: greater, value: 1}
                  - {type: aggregate_check, function: sum, field: f, expected: "1"}
                  - {type: field_values, field: f, operator: matches, value: "(["}
            """)
        let messages = errors.map(\.message)
        #expect(
            messages == [
                "query 'q' input 's' records must be a whole number, 0 or more",
                "query 'q' record_count equals must be a whole number",
                "query 'q' field_values operator: unknown value 'greater' (did you mean 'greater_than'?)",
                "query 'q' aggregate_check function: unknown value 'sum' (did you mean 'SUM'?)",
                "query 'q' field_values: '([' is not a valid regular expression"
            ])
        #expect(errors.allSatisfy { $0.location != nil })
    }

    @Test func unknownKeysWarnWithSuggestion() throws {
        let loaded = try SpecSamples.load(
            """
            application: a
            default_record: 5
            queries:
              - name: q
                inputz: []
                inputs:
                  - source: s
                    recods: 3
                assertions:
                  - {type: record_count, equal: 3}
            """)
        let warnings = loaded.warnings.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        #expect(
            warnings == [
                "2:1 unknown top-level key 'default_record' is ignored (did you mean 'default_records'?)",
                "5:5 unknown query 'q' key 'inputz' is ignored (did you mean 'inputs'?)",
                "8:9 unknown query 'q' input 's' key 'recods' is ignored (did you mean 'records'?)",
                "10:30 query 'q' record_count: unknown key 'equal' is ignored (did you mean 'equals'?)"
            ])
        #expect(loaded.spec.queries[0].inputs[0].records == nil)
    }

    @Test func fromPreviousMustNameAQuery() {
        let errors = SpecSamples.errors(
            """
            application: a
            queries:
              - name: enriched
                inputs: []
              - name: alerts
                inputs:
                  - source: x
                    from_previous: enriched_x
            """)
        #expect(
            errors.map(\.message) == ["query 'alerts' input 'x': from_previous 'enriched_x' is not a query of this spec (did you mean 'enriched'?)"])
        #expect(errors.first?.location?.line == 7)
    }

    @Test func yamlSyntaxErrorHasAPlace() {
        let errors = SpecSamples.errors("application: a\nqueries:\n  - name: q\n   inputs: [\n")
        #expect(errors.count == 1)
        #expect(errors[0].message.hasPrefix("YAML syntax:"))
        #expect(errors[0].location?.file == "test_spec.yaml")
    }

    @Test func discoveryOrder() {
        #expect(SpecDiscovery.candidates(forSQL: "apps/trading.sql") == ["apps/trading.test.yaml", "apps/trading.spec.yaml", "apps/test_spec.yaml"])
        #expect(SpecDiscovery.candidates(forSQL: "q.sql") == ["q.test.yaml", "q.spec.yaml", "test_spec.yaml"])
        let present: Set<String> = ["apps/trading.spec.yaml", "apps/test_spec.yaml"]
        #expect(SpecDiscovery.find(forSQL: "apps/trading.sql", fileExists: present.contains) == "apps/trading.spec.yaml")
        #expect(SpecDiscovery.find(forSQL: "apps/other.sql", fileExists: { _ in false }) == nil)
    }

    @Test func topicNamingFillsPlaceholders() {
        var naming = TopicNaming()
        let values = TopicNaming.Values(
            runId: "r42", timestampMs: 1_700_000_000_000, environment: ["GITHUB_REF_NAME": "feat/x", "GITHUB_ACTOR": "ana"])
        #expect(naming.topic(for: "trades", values) == "test_r42_trades")
        naming.pattern = "{namespace}.{user}.{branch}.{base}.{timestamp}"
        naming.namespace = "ci"
        #expect(naming.topic(for: "trades", values) == "ci.ana.feat_x.trades.1700000000000")
        naming.branch = "main"
        #expect(naming.topic(for: "trades", values) == "ci.ana.main.trades.1700000000000")
        naming.pattern = "{base}"
        naming.maxTopicLength = 20
        let long = naming.topic(for: String(repeating: "a", count: 40), values)
        #expect(long.count == 20)
        #expect(long != naming.topic(for: String(repeating: "a", count: 41), values), "the hash keeps cut names apart")
        naming.hashLongNames = false
        #expect(naming.topic(for: String(repeating: "a", count: 40), values) == String(repeating: "a", count: 20))
    }

    @Test func executionOrderFollowsFromPrevious() throws {
        let spec = try SpecSamples.load(SpecSamples.trading).spec
        let order = SpecExecutionOrder(spec)
        #expect(order.names == ["market_data_enriched", "market_data_agg", "price_alerts"])
        #expect(order.warnings.isEmpty)
    }

    @Test func executionOrderUsesDependenciesAndKeepsFileOrderOtherwise() throws {
        let spec = try SpecSamples.load(
            """
            application: a
            queries:
              - {name: c, dependencies: [b], inputs: []}
              - {name: x, inputs: []}
              - {name: b, dependencies: [outside_statement], inputs: []}
            """
        ).spec
        #expect(SpecExecutionOrder(spec).names == ["b", "c", "x"])
    }

    @Test func cycleFallsBackToFileOrderWithAWarning() throws {
        let spec = try SpecSamples.load(
            """
            application: a
            queries:
              - name: a
                inputs: [{source: s, from_previous: b}]
              - name: b
                inputs: [{source: s, from_previous: a}]
              - name: c
                inputs: []
            """
        ).spec
        let order = SpecExecutionOrder(spec)
        #expect(order.names == ["a", "b", "c"])
        #expect(order.warnings.map(\.message) == ["queries depend on each other in a cycle: a → b → a; running them in file order"])
        #expect(order.warnings.first?.location?.line == 3)
    }
}
