/// Resolves names and types across a script and checks the rules of the dialect: sources (earlier statements,
/// schemas, WITH properties), columns and aliases, functions against `SQLFunctionCatalog`, GROUP BY, windows and
/// EMIT, join conditions and WITH properties. Reports every problem it finds; never stops at the first.
public struct SQLAnalyzer {
    package let schemas: (any SQLSchemaProvider)?
    package var issues: [SQLIssue] = []
    /// Outputs of earlier statements: name → columns (nil when unknown) and whether it is a table.
    package var outputs: [String: (columns: [SQLField]?, isTable: Bool)] = [:]
    package var brokenTargets: Set<String> = []
    /// Earlier outputs in creation order, and remembered source suggestions (see `suggestSource`).
    package var outputOrder: [String] = []
    package var sourceSuggestions: [String: (checked: Int, suggestion: String?)] = [:]
    /// Per statement: endpoint types declared in WITH, and the sources read so far.
    package var declaredTypes: [String: String] = [:]
    package var declaredTopics: [String: String] = [:]
    package var sourcesRead: [SQLJob.Endpoint] = []

    public init(schemas: (any SQLSchemaProvider)? = nil) {
        self.schemas = schemas
    }

    public static func analyze(
        _ script: SQLScript, schemas: (any SQLSchemaProvider)? = nil,
        brokenTargets: [String] = []
    ) -> SQLAnalysis {
        var analyzer = SQLAnalyzer(schemas: schemas)
        analyzer.brokenTargets = Set(brokenTargets)
        return analyzer.analyze(script)
    }

    public mutating func analyze(_ script: SQLScript) -> SQLAnalysis {
        checkAnnotations(script.annotations, columns: nil)
        var jobs: [SQLJob] = []
        var created: Set<String> = []
        var named: Set<String> = []
        for (index, statement) in script.statements.enumerated() {
            // Several INSERTs may feed one stream, but a name is created once and an @name used once.
            if let target = statement.target, statement.kind == .createStream || statement.kind == .createTable,
                !created.insert(target.value).inserted
            {
                issues.append(
                    .error(
                        "'\(target.value)' is already created by an earlier statement", at: target.span,
                        hint: "give this stream or table another name, or write INSERT INTO \(target.value) SELECT …"))
            }
            if let annotation = statement.annotations.first(where: { $0.key == "name" || $0.key == "job_name" }),
                !named.insert(annotation.value).inserted
            {
                issues.append(
                    .error(
                        "job name '\(annotation.value)' is already used by an earlier statement", at: annotation.span,
                        hint: "every @name in a file must be different"))
            }
            jobs.append(analyze(statement, index: index))
        }
        return SQLAnalysis(jobs: jobs, issues: issues)
    }

    /// `CREATE STREAM s (a INTEGER, …) AS SELECT …`: Velostream keeps the query's own columns, and so does Velo;
    /// a list that disagrees with the query is a warning, since it misleads the reader and not the engine.
    private mutating func checkDeclaredColumns(_ statement: SQLStatement, against columns: [SQLField]) {
        let declared = statement.columns.map(\.value)
        if declared.count != columns.count {
            issues.append(
                .warning(
                    "the column list names \(declared.count) columns but the query returns \(columns.count)",
                    at: statement.columns[0].span, hint: "the query's columns are what is written; list one per SELECT item"))
            return
        }
        for (name, column) in zip(statement.columns, columns) where name.value.lowercased() != column.name.lowercased() {
            issues.append(
                .warning(
                    "column list names '\(name.value)' where the query returns '\(column.name)'", at: name.span,
                    hint: "the query's names are what is written; alias the SELECT item: … AS \(name.value)"))
        }
    }

    package mutating func analyze(_ statement: SQLStatement, index: Int) -> SQLJob {
        declaredTypes = [:]
        declaredTopics = [:]
        sourcesRead = []
        for property in statement.properties {
            if property.key.hasSuffix(".type") { declaredTypes[String(property.key.dropLast(5))] = property.value }
            if property.key.hasSuffix(".topic.name") { declaredTopics[String(property.key.dropLast(11))] = property.value }
        }
        let target = statement.target?.value
        let columns = analyze(query: statement.query, outer: [], statementTarget: target)
        let select = statement.query.first
        let window = statement.query.selects.lazy.compactMap(\.window).first
        let aggregating = statement.query.selects.contains { isAggregating($0) }
        checkEmit(statement, window: window, aggregating: aggregating)

        if statement.kind == .insert, !statement.columns.isEmpty, let columns, columns.count != statement.columns.count {
            issues.append(
                .error(
                    "INSERT lists \(statement.columns.count) columns but the query returns \(columns.count)",
                    at: statement.target!.span, hint: "list one column per value the SELECT returns"))
        }
        if statement.kind == .createStream || statement.kind == .createTable, !statement.columns.isEmpty, let columns {
            checkDeclaredColumns(statement, against: columns)
        }
        var outputColumns = columns
        if statement.kind == .insert, !statement.columns.isEmpty, let columns, columns.count == statement.columns.count {
            outputColumns = zip(statement.columns, columns).map { SQLField($0.value, $1.type) }
        }
        if let target, statement.kind != .select {
            if statement.kind != .insert || outputs[target] == nil {
                if outputs[target] == nil { outputOrder.append(target) }
                outputs[target] = (outputColumns, statement.kind == .createTable)
            }
        }
        var sinks: [SQLJob.Endpoint] = []
        if let target {
            sinks.append(
                SQLJob.Endpoint(
                    name: target, type: declaredTypes[target], topic: declaredTopics[target],
                    origin: "statement", span: statement.target!.span))
        }
        checkProperties(statement, sinks: sinks.map(\.name))
        checkAnnotations(statement.annotations, columns: outputColumns)
        checkPrimaryKeys(select)

        var primaryKey: [String] = []
        for item in select.items {
            if case .expr(let e, let alias, true, _) = item { primaryKey.append(alias?.value ?? outputName(e)) }
        }
        var name = statement.annotation("name") ?? statement.annotation("job_name") ?? target ?? ""
        if name.isEmpty { name = "select_\(index + 1)" }
        return SQLJob(
            name: name, kind: statement.kind, statementIndex: index, span: statement.span,
            sources: sourcesRead, sinks: sinks, window: window,
            emit: statement.emit?.mode ?? (window == nil ? .changes : .final),
            emitExplicit: statement.emit != nil, columns: outputColumns, primaryKey: primaryKey)
    }

    /// EMIT FINAL without WINDOW is allowed: on a bounded source it emits once at the end of the input (as
    /// Velostream's 1brc demo does), so it is a warning, not an error. EMIT FINAL with nothing to aggregate is an error.
    package mutating func checkEmit(_ statement: SQLStatement, window: SQLWindow?, aggregating: Bool) {
        guard let emit = statement.emit, emit.mode == .final else { return }
        if !aggregating {
            issues.append(
                .error(
                    "EMIT FINAL needs GROUP BY or an aggregate function", at: emit.span,
                    hint: "a query without aggregation emits every record as it comes; drop EMIT FINAL or write EMIT CHANGES"))
        } else if window == nil {
            issues.append(
                .warning(
                    "EMIT FINAL without WINDOW emits only when the input ends", at: emit.span,
                    hint:
                        "fine for a bounded source (a file, a bounded run); with --follow it emits only when the run stops (Ctrl+C flushes it) — add WINDOW TUMBLING(…) or use EMIT CHANGES"
                ))
        }
    }

    /// A SELECT aggregates when it groups or calls an aggregate function outside OVER.
    package func isAggregating(_ select: SQLSelect) -> Bool {
        if !select.groupBy.isEmpty { return true }
        var found = false
        let visit: (SQLExpr) -> Void = { e in
            if case .function(let call) = e.kind, call.over == nil, SQLFunctionCatalog.lookup(call.name)?.kind == .aggregate {
                found = true
            }
        }
        for item in select.items { if case .expr(let e, _, _, _) = item { e.forEach(visit) } }
        select.having?.forEach(visit)
        return found || select.having != nil
    }

    /// The name an unaliased select item gets in the output.
    package func outputName(_ e: SQLExpr) -> String {
        switch e.kind {
        case .column(_, let name): return name.value
        case .function(let call): return call.name.lowercased()
        case .cast(let inner, _): return outputName(inner)
        case .extract(let field, _): return field.value.lowercased()
        default: return "expr"
        }
    }
}
