import VeloJSON

/// Parses one NDJSON line, throwing its syntax error.
package func parseLine(_ text: String) throws -> JSONValue {
    var parser = JSONParser()
    return try Array(text.utf8).withUnsafeBufferPointer { try parser.parse($0) }
}
