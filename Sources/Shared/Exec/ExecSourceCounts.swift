/// The other sources a job opened (joined tables and streams, subqueries' tables), each counting the records
/// it gave, so that `--metrics` lists every source of the job and not only its FROM stream.
final class CountedSources: ExecSources {
    let inner: any ExecSources
    private(set) var opened: [CountedSource] = []

    init(_ inner: any ExecSources) { self.inner = inner }

    func open(_ name: String) throws -> any RecordSource {
        let source = CountedSource(try inner.open(name))
        opened.append(source)
        return source
    }

    /// One entry per source name, in the order first opened (a source read twice adds up).
    var endpoints: [RunMetrics.Endpoint] {
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
final class CountedSource: RecordSource {
    let inner: any RecordSource
    private(set) var records: Int64 = 0

    init(_ inner: any RecordSource) { self.inner = inner }

    var name: String { inner.name }
    var kind: String { inner.kind }
    var format: RecordFormat { inner.format }
    var label: String { inner.label }
    var bytesRead: Int64 { inner.bytesRead }

    func next(_ record: inout RawRecord) throws -> Bool {
        guard try inner.next(&record) else { return false }
        if pendingHeader { pendingHeader = false } else { records += 1 }
        return true
    }

    /// A CSV header line is not a record.
    private lazy var pendingHeader: Bool = {
        if case .csv(_, true) = format { return true }
        return false
    }()

    func stop() { inner.stop() }
}
