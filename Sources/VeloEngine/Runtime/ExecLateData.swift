import VeloJSON
import VeloSQL

/// `'late.data.strategy'` for records whose windows have closed (the store counts them as `late_records`):
///
/// - `drop` (default): counted, and a `late` event with `--events`.
/// - `dead_letter`: also written, unchanged, to the dead-letter output: topic `<topic>-dlq` beside a topic
///   sink (the name velo-test's `dlq_count` reads), `<name>-dlq.<ext>` beside a file sink; with a stdout
///   sink the `late` event carries the record instead. The output shows in the metrics' `sinks`.
/// - `update_previous`: a window stays updatable for one window length after it fires; a late record
///   within that time is folded into it and the window's corrected row is written again. Later ones are
///   dropped. Sessions behave as drop (a fired session cannot be re-opened without re-merging).
package final class ExecLateData {
    package let strategy: LateDataStrategy
    /// The dead-letter output (`dead_letter` with a file or topic sink).
    package var deadLetter: (any RecordSink)?
    /// Late records written to the dead-letter output or folded into a kept window.
    package private(set) var deadLettered: Int64 = 0
    package private(set) var updated: Int64 = 0

    package init(strategy: LateDataStrategy, store: WindowStore?) {
        self.strategy = strategy
        if strategy == .updatePrevious, let store, let window = store.window {
            switch window {
            case .tumbling(let size), .sliding(let size, _): store.retainFiredWindows(for: size)
            case .session: break
            }
        }
    }

    /// The dead-letter sink for a job's main sink, or nil (not `dead_letter`, no window, or stdout).
    package static func deadLetterSink(
        for plan: ExecPlan, mainSink: any RecordSink, statement: SQLStatement, topics: any TopicResolver,
        sqlDirectory: String?
    ) throws -> (any RecordSink)? {
        guard plan.lateStrategy == .deadLetter, plan.window != nil, let target = statement.target?.value else { return nil }
        let endpoint = try ExecBinding.Endpoint(name: target, statement: statement, sqlDirectory: sqlDirectory)
        let raw = ObjectEncoder(names: [])
        if mainSink.kind == "topic" {
            let topic = (endpoint.topic ?? target) + "-dlq"
            return try TopicSink(name: topic, topic: topic, backend: topics.backend(for: endpoint, role: .producer), encoder: raw)
        }
        if mainSink.kind == "file", let path = endpoint.path {
            let dlq = deadLetterPath(path)
            return try NDJSONSink(name: dlq, encoder: raw, path: dlq)
        }
        return nil
    }

    /// `out/trades.jsonl` → `out/trades-dlq.jsonl`; `out/trades` → `out/trades-dlq`.
    package static func deadLetterPath(_ path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if let dot = path[slash...].lastIndex(of: "."), dot > slash {
            return String(path[..<dot]) + "-dlq" + String(path[dot...])
        }
        return path + "-dlq"
    }

    package func finish() throws { try deadLetter?.finish() }
    package func abort() { deadLetter?.abort() }
}

extension ExecRuntime {
    /// After the store took (or refused) a record: applies the late-data strategy. `late` is the store's
    /// verdict; `update_previous` also looks at sliding windows that closed while others still hold the record.
    @inline(never)
    package func handleLate(_ record: RawRecord, time: Int64, key: GroupKey, late: Bool) throws {
        guard let handler = lateData, let store else { return }
        var updated = 0
        switch handler.strategy {
        case .updatePrevious:
            updated = try store.updateFired(eventTime: time, key: key) { bounds, g in
                try fold(g)
                try emitGroup(bounds, g)
            }
            if updated > 0 { handler.noteUpdated() }
        case .deadLetter:
            if late, let dlq = handler.deadLetter {
                try dlq.write(OutputRecord(values: [], star: nil, raw: record.bytes, timestamp: record.timestamp))
                handler.noteDeadLettered()
            }
        case .includeInNext:
            // The record joins the earliest window still open, as if it had arrived on time there.
            if late {
                _ = try store.add(
                    eventTime: max(time, store.closedThrough), key: key, { g in try self.fold(g) },
                    onChange: emitChanges ? { bounds, g in try self.emitGroup(bounds, g) } : nil)
            }
        case .drop:
            break
        }
        guard late, let events else { return }
        var fields: [(String, JSONValue)] = [
            ("offset", .int(record.offset)), ("event_time", .int(time)),
            ("strategy", .string(handler.strategy.rawValue))
        ]
        switch handler.strategy {
        case .updatePrevious: fields.append(("updated", .bool(updated > 0)))
        case .deadLetter where handler.deadLetter == nil:
            fields.append(("record", .string(String(decoding: record.bytes, as: UTF8.self))))
        default: break
        }
        try events.event("late", fields)
    }
}

extension ExecLateData {
    package func noteUpdated() { updated += 1 }
    package func noteDeadLettered() { deadLettered += 1 }
}
