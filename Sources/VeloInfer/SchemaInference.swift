/// Turns collected statistics into an `InferredSchema`: resolves every field and picks the key field.
public enum SchemaInference {
    public static func infer(_ collector: InferenceCollector, name: String) -> InferredSchema {
        let records = collector.records
        var schema = InferredSchema(name: name, fields: [], keyField: nil, records: records, badLines: collector.badLines)
        var candidates: [(field: String, rank: Int)] = []
        for accumulator in collector.observedFields {
            guard var field = FieldResolver.resolve(accumulator, records: records, options: collector.options) else { continue }
            if let rank = keyRank(accumulator, field: field, records: records) {
                candidates.append((field.name, rank))
                field.reasons.append("unique in every record and id-like: a key_field candidate")
            }
            schema.fields.append(field)
        }
        if let best = candidates.min(by: { $0.rank < $1.rank }) {
            schema.keyField = best.field
            schema.notes.append(
                "key_field \(best.field): present and unique in all \(records) records, and id-like"
                    + (candidates.count > 1
                        ? " (chosen over \(candidates.filter { $0.field != best.field }.map(\.field).joined(separator: ", ")))" : ""))
        }
        if collector.scanner.fields.ignoredKeys > 0 {
            schema.notes.append(
                "\(collector.scanner.fields.ignoredKeys) values of keys beyond the first \(collector.options.maxFields) distinct field names were ignored"
            )
        }
        return schema
    }

    /// Lower is better; nil when the field cannot be the key: it must be present and non-null in every
    /// record, unique, and id-like (by name, uuid type, or a sequence).
    package static func keyRank(_ f: FieldAccumulator, field: InferredField, records: Int) -> Int? {
        guard records >= 2, f.present == records, f.nulls == 0, f.objects == 0, f.arrays == 0, field.conflicts.isEmpty else { return nil }
        let unique: Bool
        let sequential: Bool
        switch field.type {
        case .string, .uuid:
            unique = isUnique(f.strings.distinctEstimate, exact: !f.strings.distinct.overflowed, count: f.strings.count)
            sequential = f.strings.pattern.isSequential
        case .integer:
            guard field.constraints.timestampEpochMs == nil else { return nil }
            unique = isUnique(f.numbers.distinctEstimate, exact: !f.numbers.distinctInts.overflowed, count: f.numbers.count)
            sequential = f.numbers.isSequential
        default:
            return nil
        }
        guard unique else { return nil }
        let nested = f.name.contains(".") ? 10 : 0
        let leaf = f.name.lowercased()
        if leaf == "id" || leaf == "key" { return 0 + nested }
        if FieldResolver.isIdName(f.name) { return 1 + nested }
        if field.type == .uuid { return 2 + nested }
        if sequential { return 3 + nested }
        return nil
    }

    /// Exact while distinct values were tracked; otherwise within HyperLogLog's error (about 1.6 %, allow 3 %).
    package static func isUnique(_ distinct: Double, exact: Bool, count: Int) -> Bool {
        exact ? Int(distinct) == count : distinct >= 0.97 * Double(count)
    }
}
