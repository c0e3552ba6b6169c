/// The value of one argument on the group's first record, or on the latest one, NULL included (unlike
/// FIRST_VALUE/LAST_VALUE, which skip NULLs). Not in the catalogue: the planner uses it to evaluate a window
/// call in a grouped query over one record, as Velostream does (docs/sql-reference.md, "Row windows").
package final class RowValueAccumulator: Accumulator {
    package let first: Bool
    package var value: SQLValue = .null
    package var seen = false

    package init(first: Bool) { self.first = first }

    package static let firstRow = AggregateFunction(name: "FIRST_ROW", valueArity: 1, parameters: 0...0) { _ in RowValueAccumulator(first: true) }
    package static let latestRow = AggregateFunction(name: "LATEST_ROW", valueArity: 1, parameters: 0...0) { _ in RowValueAccumulator(first: false) }

    package override func add(_ v: SQLValue) throws {
        if first && seen { return }
        value = v
        seen = true
    }
    package override func merge(_ other: Accumulator) throws {
        let other = try sameKind(other, as: RowValueAccumulator.self)
        if other.seen { try add(other.value) }
    }
    package override func result() -> SQLValue { value }
    package override var estimatedBytes: Int { 48 + value.estimatedHeapBytes }
    package override func makeEmpty() -> Accumulator { RowValueAccumulator(first: first) }
    package override func reset() {
        value = .null
        seen = false
    }
}
