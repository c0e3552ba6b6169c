/// The other sources a job opened (joined tables and streams, subqueries' tables), each counting the records
/// it gave, so that `--metrics` lists every source of the job and not only its FROM stream.
package final class CountedSources: ExecSources {
    package let inner: any ExecSources
    package private(set) var opened: [CountedSource] = []

    package init(_ inner: any ExecSources) { self.inner = inner }

    package func open(_ name: String) throws -> any RecordSource {
        let source = CountedSource(try inner.open(name))
        opened.append(source)
        return source
    }

    /// One entry per source name, in the order first opened (a source read twice adds up).
    package var endpoints: [RunMetrics.Endpoint] {
        var result: [RunMetrics.Endpoint] = []
        for s in opened {
            if let i = result.firstIndex(where: { $0.name == s.name }) {
                result[i].records += s.records
                result[i].bytes = (result[i].bytes ?? 0) + s.bytesRead
            } else {
                result.append(RunMetrics.Endpoint(name: s.name, kind: s.kind, records: s.records, bytes: s.bytesRead))
            }
        }
        return result
    }
}

/// A source passed through, counting its records.
package final class CountedSource: RecordSource {
    package let inner: any RecordSource
    package private(set) var records: Int64 = 0

    package init(_ inner: any RecordSource) { self.inner = inner }

    package var name: String { inner.name }
    package var kind: String { inner.kind }
    package var format: RecordFormat { inner.format }
    package var label: String { inner.label }
    package var bytesRead: Int64 { inner.bytesRead }
    package var isLive: Bool { inner.isLive }
    package func whenIdle(_ handler: @escaping () -> Void) { inner.whenIdle(handler) }
    package func readHeaders() { inner.readHeaders() }

    package func next(_ record: inout RawRecord) throws -> Bool {
        guard try inner.next(&record) else { return false }
        if pendingHeader { pendingHeader = false } else { records += 1 }
        return true
    }

    /// A CSV header line is not a record.
    private lazy var pendingHeader: Bool = {
        if case .csv(_, true) = format { return true }
        return false
    }()

    package func stop() { inner.stop() }
}
