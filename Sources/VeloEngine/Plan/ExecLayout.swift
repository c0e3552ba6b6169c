import VeloSQL

/// Velostream's system columns (docs/sql-reference.md, "Running SQL").
public enum SystemColumn: String, CaseIterable, Sendable {
    case key = "_key"
    case timestamp = "_timestamp"
    case eventTime = "_event_time"
    case partition = "_partition"
    case offset = "_offset"
    case windowStart = "_window_start"
    case windowEnd = "_window_end"
    /// The record's message headers, for the header functions only (HeaderFunctions.swift): its name holds a
    /// NUL byte, so no SQL column can name it.
    case headers = "\u{0}headers"
}

/// Where each value of the scan-side row lives: the source fields a query reads (by name, in slot order,
/// so the field extractor fills exactly these) and the system columns it uses.
package final class InputLayout {
    package private(set) var fieldNames: [String] = []
    package private(set) var fieldSlots: [Int] = []
    package private(set) var systemSlots: [SystemColumn: Int] = [:]
    package private(set) var count = 0
    private var byName: [String: Int] = [:]
    /// The joins of the query, when it has any (they own qualified column resolution).
    package var join: JoinPlan?

    package func slot(field name: String) -> Int {
        if let s = byName[name] { return s }
        let s = count
        count += 1
        byName[name] = s
        fieldNames.append(name)
        fieldSlots.append(s)
        return s
    }

    package func slot(system column: SystemColumn) -> Int {
        if let s = systemSlots[column] { return s }
        let s = count
        count += 1
        systemSlots[column] = s
        return s
    }

    /// A slot outside this source's fields (a joined side's column, a row window's result).
    package func reserveSlot() -> Int {
        count += 1
        return count - 1
    }

    package func uses(_ column: SystemColumn) -> Bool { systemSlots[column] != nil }

    /// Resolves a column reference of the single source: system columns by name, anything else a field.
    package func resolve(_ qualifier: SQLIdentifier?, _ name: SQLIdentifier, _ span: SQLSpan) throws -> ExecExpr {
        if let join { return try join.resolve(qualifier, name, span) }
        return try resolveSingle(qualifier, name, span)
    }

    package func resolveSingle(_ qualifier: SQLIdentifier?, _ name: SQLIdentifier, _ span: SQLSpan) throws -> ExecExpr {
        if let system = SystemColumn(rawValue: name.value.lowercased()) { return SlotExpr(slot(system: system)) }
        return SlotExpr(slot(field: name.value))
    }
}
