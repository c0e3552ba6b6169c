import VeloJSON

/// `Schema` as a `Codable` value, for JSON contracts that carry schemas (sessions, requests). The coded
/// shape is the JSON form (`SchemaWriter.json`), and decoding runs the full loader, so a decoded schema is
/// as checked as a loaded file: its errors become a `DecodingError.dataCorrupted` with their messages.
extension Schema: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try CodedJSON(from: decoder).value
        do {
            self = try SchemaLoader.load(json: json).schema
            self.origin = nil // positions in re-serialized JSON mean nothing to the reader
        } catch let error as SchemaError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: error.errors.map(\.message).joined(separator: "; ")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try CodedJSON(value: toJSON()).encode(to: encoder)
    }
}

/// A `JSONValue` carried through Swift's coders (local to schemas so as not to claim JSONValue's own
/// conformance).
private struct CodedJSON: Codable {
    var value: JSONValue

    init(value: JSONValue) { self.value = value }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            var result = JSONObject()
            for key in object.allKeys {
                result[key.stringValue] = try object.decode(CodedJSON.self, forKey: key).value
            }
            value = .object(result)
        } else if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(CodedJSON.self).value) }
            value = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .null
            } else if let b = try? single.decode(Bool.self) {
                value = .bool(b)
            } else if let i = try? single.decode(Int64.self) {
                value = .int(i)
            } else if let d = try? single.decode(Double.self) {
                value = .double(d)
            } else {
                value = .string(try single.decode(String.self))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let b):
            var single = encoder.singleValueContainer()
            try single.encode(b)
        case .int(let i):
            var single = encoder.singleValueContainer()
            try single.encode(i)
        case .double(let d):
            var single = encoder.singleValueContainer()
            try single.encode(d)
        case .string(let s):
            var single = encoder.singleValueContainer()
            try single.encode(s)
        case .array(let items):
            var array = encoder.unkeyedContainer()
            for item in items { try array.encode(CodedJSON(value: item)) }
        case .object(let object):
            var keyed = encoder.container(keyedBy: Key.self)
            for (key, item) in object { try keyed.encode(CodedJSON(value: item), forKey: Key(stringValue: key)) }
        }
    }
}
