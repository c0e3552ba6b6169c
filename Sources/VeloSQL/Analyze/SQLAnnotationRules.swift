/// Checks job annotations (docs/sql-reference.md, "Annotations"): likely misspelled keys, known values, and metric annotations that
/// name output columns. Velostream falls back to defaults on bad values, so these are warnings.
extension SQLAnalyzer {
    package static let annotationKeys: [String] = [
        "app", "application", "version", "description", "phase", "depends_on", "deployment.node_id",
        "deployment.node_name", "deployment.region", "sla.latency.p99", "sla.availability", "data_retention",
        "compliance", "name", "job_name", "observability.metrics.enabled", "observability.tracing.enabled",
        "observability.profiling.enabled", "observability.error_reporting.enabled", "trace_sample_rate", "metric",
        "metric_type", "metric_help", "metric_labels", "metric_field", "metric_condition", "metric_buckets",
        "metric_sample_rate", "metric_window", "metric_aggregation", "job_mode", "processor_mode", "batch_size",
        "num_partitions", "partition_count", "partitioning_strategy", "failure_strategy", "max_retries",
        "retry_backoff_ms", "enable_dlq", "dlq_max_size", "batch_timeout_ms", "log_progress", "progress_interval",
        "metrics", "profiling", "profiling_sample_rate", "timeout"
    ]

    package static let annotationValues: [String: [String]] = [
        "metric_type": ["counter", "gauge", "histogram"],
        "job_mode": ["simple", "transactional", "adaptive"],
        "partitioning_strategy": ["sticky", "hash", "smart", "roundrobin", "fanin"],
        "failure_strategy": ["LogAndContinue", "FailBatch", "RetryWithBackoff"],
        "observability.profiling.enabled": ["off", "dev", "prod", "true", "false"]
    ]

    package mutating func checkAnnotations(_ annotations: [SQLAnnotation], columns: [SQLField]?) {
        let outputNames = columns.map { Set($0.map { $0.name.lowercased() }) }
        for a in annotations {
            let key = a.key
            let free = key.hasPrefix("data.") || key.hasPrefix("ai.") || key.hasPrefix("alert") || key == "dashboard"
            if !free, !Self.annotationKeys.contains(key) {
                if let close = SQLSuggest.closest(to: key, in: Self.annotationKeys) {
                    issues.append(.warning("unknown annotation '@\(key)'", at: a.span, hint: "did you mean '@\(close)'?"))
                }
                continue
            }
            if let allowed = Self.annotationValues[key], !allowed.contains(a.value) {
                let hint =
                    SQLSuggest.closest(to: a.value, in: allowed).map { "did you mean '\($0)'?" }
                    ?? "one of: " + allowed.joined(separator: ", ")
                issues.append(.warning("unknown value '\(a.value)' for '@\(key)'; Velostream uses its default", at: a.span, hint: hint))
            }
            guard let outputNames else { continue }
            var named: [String] = []
            if key == "metric_field" { named = [a.value] }
            if key == "metric_labels" { named = a.value.split(separator: ",").map { String($0).sqlTrimmed } }
            for name in named where !name.isEmpty && !outputNames.contains(name.lowercased()) {
                let hint =
                    SQLSuggest.closest(to: name, in: columns!.map(\.name)).map { "did you mean '\($0)'?" }
                    ?? columnsHint(columns!)
                issues.append(.warning("@\(key) names '\(name)', which is not an output column of this job", at: a.span, hint: hint))
            }
            if key == "metric_condition" { checkMetricCondition(a, columns: columns!) }
        }
    }

    /// `@metric_condition` is a SQL predicate over the job's output columns.
    private mutating func checkMetricCondition(_ a: SQLAnnotation, columns: [SQLField]) {
        let parsed = SQLParser.parse("SELECT 1 FROM output WHERE \(a.value)")
        guard parsed.issues.isEmpty, let condition = parsed.script.statements.first?.query.first.whereClause else {
            issues.append(
                .warning(
                    "@metric_condition is not a valid SQL condition", at: a.span,
                    hint: parsed.issues.first?.message))
            return
        }
        let names = Set(columns.map { $0.name.lowercased() })
        var unknown: [String] = []
        condition.forEach { e in
            if case .column(nil, let name) = e.kind, !names.contains(name.value.lowercased()),
                Self.systemColumns[name.value.lowercased()] == nil
            {
                unknown.append(name.value)
            }
        }
        if let first = unknown.first {
            let hint = SQLSuggest.closest(to: first, in: columns.map(\.name)).map { "did you mean '\($0)'?" } ?? columnsHint(columns)
            issues.append(.warning("@metric_condition uses '\(first)', which is not an output column of this job", at: a.span, hint: hint))
        }
    }

    /// A PRIMARY KEY in an aggregating query should be a grouping column, or each group's records get several keys.
    package mutating func checkPrimaryKeys(_ select: SQLSelect) {
        guard !select.groupBy.isEmpty else { return }
        let groupNames = Set(select.groupBy.compactMap { $0.columnName?.lowercased() })
        for item in select.items {
            guard case .expr(let e, let alias, true, let span) = item else { continue }
            let grouped =
                select.groupBy.contains(e) || groupNames.contains((e.columnName ?? "").lowercased())
                || groupNames.contains((alias?.value ?? "").lowercased())
            if !grouped {
                issues.append(
                    .warning(
                        "PRIMARY KEY '\(alias?.value ?? SQLPrinter.expression(e))' is not a GROUP BY column",
                        at: span, hint: "the Kafka key should identify the group: mark the GROUP BY columns as PRIMARY KEY"))
            }
        }
    }
}
