import Testing
import VeloJSON
import VeloTestSupport

/// The named fields of one line.
func extract(_ fields: [String], from line: String) throws -> [JSONValue?] {
    var extractor = FieldExtractor(fields: fields)
    var values: [JSONValue?] = []
    try Array(line.utf8).withUnsafeBufferPointer { try extractor.extract($0, line: 4, into: &values) }
    return values
}

@Suite struct NDJSONExtractorTests {
    @Test func picksNamedFieldsInAnyOrder() throws {
        let line = #"{"id":7,"status":"paid","amount":95496.0,"big":9007199254740993,"tags":["a"]}"#
        #expect(try extract(["amount", "status", "missing", "big"], from: line) == [.double(95496.0), "paid", nil, .int(9_007_199_254_740_993)])
        #expect(try extract(["tags"], from: line) == [["a"]])
        #expect(try extract([], from: line) == [])
    }

    @Test func skipsNestedValuesWithoutBeingFooledByThem() throws {
        let line = #"{"x":{"amount":5,"s":"}]\"{"},"y":[{"amount":6},"]"],"z":"amount","amount":1}"#
        #expect(try extract(["amount"], from: line) == [1])
        #expect(try extract(["amount", "x"], from: line) == [1, ["amount": 5, "s": "}]\"{"]])
    }

    @Test func escapedKeysAndDuplicates() throws {
        #expect(try extract(["amount"], from: #"{"am\u006funt":3}"#) == [3])
        #expect(try extract(["a"], from: #"{"a":1,"a":2}"#) == [1])
        #expect(try extract(["", "é"], from: #"{"":null,"é":true}"#) == [nil as JSONValue, true])
    }

    @Test func reusedSlotsAreClearedBetweenLines() throws {
        var extractor = FieldExtractor(fields: ["a", "b"])
        var values: [JSONValue?] = []
        try Array(#"{"a":1,"b":2}"#.utf8).withUnsafeBufferPointer { try extractor.extract($0, into: &values) }
        #expect(values == [1, 2])
        try Array(#"{"b":3}"#.utf8).withUnsafeBufferPointer { try extractor.extract($0, into: &values) }
        #expect(values == [nil, 3])
    }

    @Test func malformedRecordsAreLocated() {
        func failure(_ line: String, _ fields: [String] = ["zz"]) -> JSONSyntaxError? {
            do { _ = try extract(fields, from: line); return nil } catch { return error as? JSONSyntaxError }
        }
        #expect(failure(#"{"a" 1}"#)?.column == 6)
        #expect(failure(#"{"a" 1}"#)?.line == 4)
        #expect(failure(#"[1]"#)?.expected == "'{' to start a record")
        #expect(failure(#"{"a":{"b":1}"#)?.expected == "',' or '}' after object member")
        #expect(failure(#"{"a":[1,2}"#)?.expected == "',' or ']' after array item")
        #expect(failure(#"{"a":"x}"#)?.expected == "'\"' to end the string")
        #expect(failure(#"{"a":1} x"#)?.expected == "end of line after the record")
        #expect(failure(#"{"zz":tru}"#)?.expected == "'true'")
        #expect(failure(#"{"a":nul}"#)?.column == 9)
    }

    @Test func agreesWithTheFullParserOnTheCorpus() throws {
        for line in NDJSONWriterTests.corpus where line.hasPrefix("{") {
            guard case .object(let object) = try parseLine(line) else { continue }
            let values = try extract(object.keys, from: line)
            #expect(values == object.values.map { Optional($0) }, "\(line)")
        }
    }
}
