import VeloJSON
import VeloSQL
import VeloSchema
import VeloSession
import VeloSpec

/// `test_spec.yaml` for the saved app (Velostream's layout, reference §2): one query per job, inputs
/// generated from the session's schemas (or the previous job's output), and assertions chosen from each
/// query's shape (docs/velo-save.md lists the rules), plus performance limits from the job's last run.
package struct SpecBuilder {
    package var app: String
    package var description: String?
    package var check: SQLCheckResult
    package var schemas: SessionSchemas
    package var runs: [String: SessionRun]

    package init(app: String, description: String?, check: SQLCheckResult, schemas: SessionSchemas, runs: [String: SessionRun]) {
        self.app = app
        self.description = description
        self.check = check
        self.schemas = schemas
        self.runs = runs
    }

    /// The spec, and notes for what could not be tested (a source without a schema).
    package func build() -> (spec: TestSpec, notes: [String]) {
        var spec = TestSpec(application: app, description: description.map { "Tests for \(app): \($0)" } ?? "Tests for \(app)")
        var notes: [String] = []
        var producers: [String: String] = [:] // output name -> the job (spec query) that makes it
        for (statement, job) in zip(check.script.statements, check.jobs) {
            let shape = QueryShape(statement: statement, job: job)
            var query = SpecQuery(name: job.name)
            query.description = statement.annotation("description") ?? "\(shape.kind) job"
            for source in job.sources {
                if let producer = producers[source.name] {
                    query.inputs.append(SpecInput(source: source.name, fromPrevious: producer))
                    if spec.query(named: producer)?.skip == true, !query.skip {
                        query.skip = true
                        notes.append("\(job.name): skipped, it reads '\(source.name)' from '\(producer)', which is skipped")
                    }
                } else if schemas.schema(named: source.name) != nil {
                    query.inputs.append(SpecInput(source: source.name, schema: source.name))
                } else if statement.property("\(source.name).type")?.value.hasPrefix("file") != true {
                    query.skip = true
                    notes.append("\(job.name): skipped, source '\(source.name)' has no schema to generate test records from")
                }
            }
            query.assertions = assertions(shape, query: query)
            if let run = runs[job.name] { query.assertions += PerformanceThresholds.assertions(from: run.metrics) }
            spec.queries.append(query)
            if let target = statement.target?.value, statement.kind != .select { producers[target] = job.name }
        }
        return (spec, notes)
    }

    /// Assertions that follow from the query's shape.
    func assertions(_ shape: QueryShape, query: SpecQuery) -> [SpecAssertion] {
        var out: [SpecAssertion] = []
        let firstSource = shape.select.from?.name?.value
        let generated = query.inputs.first { $0.source == firstSource }

        // record_count: something comes out unless a filter or an inner join may drop it all; a filter or a
        // plain projection never emits more records than it reads.
        if !shape.isFilter && shape.select.having == nil && !shape.hasInnerJoin {
            out.append(SpecAssertion("record_count", JSONObject([("greater_than", .int(0))])))
        }
        if let source = firstSource, !shape.aggregating, !shape.isJoin, generated != nil {
            out.append(SpecAssertion("record_count", JSONObject([("expression", .string("count <= {{inputs.\(source).count}}"))])))
        }
        if let columns = shape.job.columns, !columns.isEmpty {
            out.append(SpecAssertion("schema_contains", JSONObject([("fields", .array(columns.map { .string($0.name) }))])))
        }
        let keys = keyFields(shape)
        if !keys.isEmpty { out.append(SpecAssertion("no_nulls", JSONObject([("fields", .array(keys.map { .string($0) }))]))) }
        for filter in shape.passedFilters {
            guard let op = Self.fieldOperators[filter.op], let value = Self.value(filter.value) else { continue }
            out.append(SpecAssertion("field_values", JSONObject([("field", .string(filter.field)), ("operator", .string(op)), ("value", value)])))
        }
        if shape.aggregating, let source = firstSource, !shape.isJoin, !shape.isFilter, shape.select.having == nil, generated != nil {
            out += aggregateChecks(shape, source: source)
        }
        if let window = shape.job.window, let bounds = shape.windowBounds {
            var params = JSONObject([("window_start_field", .string(bounds.start)), ("window_end_field", .string(bounds.end))])
            if window.kind != .session { params.append("window_size_ms", .int(window.size.millis)) }
            params.append("verify_containment", .bool(false))
            out.append(SpecAssertion("window_boundary", params))
        }
        if shape.isJoin, let left = firstSource, let right = shape.select.joins.first?.table.name?.value {
            out.append(
                SpecAssertion(
                    "join_coverage",
                    JSONObject([
                        ("min_match_rate", .double(SpecBuilder.initialMatchRate)), ("left_source", .string(left)), ("right_source", .string(right))
                    ])))
        }
        return out
    }

    /// The rate written before calibration (velo-save lowers it to what the generated inputs reach).
    package static let initialMatchRate = 0.5

    /// MIN and MAX over every group's value equal the input's (each record is in some group); with one
    /// final row per group (EMIT FINAL or a window), COUNT(*)s sum to the records read.
    func aggregateChecks(_ shape: QueryShape, source: String) -> [SpecAssertion] {
        var out: [SpecAssertion] = []
        for aggregate in shape.aggregates {
            switch (aggregate.function, aggregate.column) {
            case ("MIN", let column?), ("MAX", let column?):
                let f = aggregate.function
                out.append(
                    SpecAssertion(
                        "aggregate_check",
                        JSONObject([
                            ("function", .string(f)), ("field", .string(aggregate.output)),
                            ("expected", .string("{{inputs.\(source).\(f.lowercased()).\(column)}}"))
                        ])))
            case ("COUNT", nil) where shape.job.emit == .final:
                out.append(
                    SpecAssertion(
                        "aggregate_check",
                        JSONObject([
                            ("function", .string("SUM")), ("field", .string(aggregate.output)),
                            ("expected", .string("{{inputs.\(source).count}}"))
                        ])))
            default: continue
            }
        }
        return out
    }

    /// Key fields (PRIMARY KEY, grouped columns) whose source field the schema says is never null.
    func keyFields(_ shape: QueryShape) -> [String] {
        var keys: [String] = []
        let sourceFields = shape.job.sources.compactMap { schemas.schema(named: $0.name) }.flatMap(\.fields)
        func neverNull(_ column: String) -> Bool { sourceFields.contains { $0.name == column && !$0.nullable } }
        for grouped in shape.groupedOutputs where neverNull(grouped.column) && !keys.contains(grouped.output) {
            keys.append(grouped.output)
        }
        for item in shape.select.items {
            guard case .expr(let e, let alias, true, _) = item, case .column(_, let name) = e.kind, neverNull(name.value) else { continue }
            let output = alias?.value ?? name.value
            if !keys.contains(output) { keys.append(output) }
        }
        return keys
    }

    static let fieldOperators: [SQLBinaryOperator: String] = [
        .equal: "equals", .notEqual: "not_equals", .greater: "greater_than", .less: "less_than",
        .greaterOrEqual: "greater_than_or_equals", .lessOrEqual: "less_than_or_equals"
    ]

    static func value(_ literal: SQLLiteral) -> JSONValue? {
        switch literal {
        case .integer(let s): return Int64(s).map { .int($0) }
        case .decimal(let s): return Double(s).map { .double($0) }
        case .string(let s): return .string(s)
        case .boolean(let b): return .bool(b)
        case .null: return nil
        }
    }
}
