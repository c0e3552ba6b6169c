import Testing
import VeloInfer
import VeloJSON
import VeloTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random, truncated and mutated lines against the parser, the reader and the extractor, from a fixed seed.
/// `VELO_FUZZ_ITERATIONS` raises the line count (`make fuzz`); the default keeps `swift test` quick.
@Suite struct JSONFuzzTests {
    static var iterations: Int {
        if let text = getenv("VELO_FUZZ_ITERATIONS"), let n = Int(String(cString: text)), n > 0 { return n }
        return 3000
    }

    /// Doubles printed as Swift prints them (the writer's own shortest-digits path), many more of them.
    @Test func doublesPrintAsSwiftDoes() throws {
        for d in NDJSONWriterTests.doubleSamples(max(30_000, Self.iterations), seed: 99) { try NDJSONWriterTests.expectSwiftsText(d) }
    }

    @Test func randomValuesRoundTrip() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<Self.iterations {
            let value = randomValue(&rng, depth: 0)
            let text = value.description
            let parsed = try parseLine(text)
            #expect(parsed == value, "\(text)")
            #expect(parsed.description == text)
        }
    }

    @Test func truncatedAndMutatedLinesAreAllReported() throws {
        var rng = SplitMix64(seed: 0xBAD_11E5)
        var lines: [[UInt8]] = [Array(#"{"first":true}"#.utf8)]
        var expectedGood: [JSONValue] = [["first": true]]
        var expectedBadLines: [Int] = []
        var truncated = 0

        for _ in 0..<Self.iterations {
            var bytes = Array(randomObject(&rng, depth: 0).description.utf8)
            switch rng.next() % 3 {
            case 0:
                break
            case 1:
                // A strict prefix of an object is never valid JSON.
                bytes = Array(bytes[..<Int(rng.next() % UInt64(bytes.count - 1) + 1)])
                truncated += 1
            default:
                mutate(&bytes, &rng)
            }
            lines.append(bytes)
            let lineNumber = lines.count
            var parser = JSONParser()
            do throws(JSONSyntaxError) {
                let value = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
                    try parser.parse(buffer, line: lineNumber)
                }
                expectedGood.append(value)
            } catch {
                expectedBadLines.append(lineNumber)
                #expect(error.line == lineNumber)
                #expect(error.column >= 1 && error.column <= bytes.count + 1, "\(error)")
                #expect(!error.expected.isEmpty)
            }
            // Whatever parsed must write and parse back to the same value.
            if expectedBadLines.last != lineNumber, let value = expectedGood.last {
                #expect(try parseLine(value.description) == value, "\(String(decoding: lines.last!, as: UTF8.self)) -> \(value.description)")
            }
            checkExtractor(bytes, &rng)
        }
        #expect(truncated > 0)
        #expect(expectedBadLines.count >= truncated)

        // The same lines through the reader, skipping and counting the bad ones, with a small buffer.
        var file: [UInt8] = []
        for line in lines { file += line + [0x0A] }
        try withTemporaryFile(file) { path in
            let reader = try NDJSONReader(path: path, policy: .skip(keepErrors: Int.max), bufferSize: 257)
            var good: [JSONValue] = []
            while let value = try reader.next() { good.append(value) }
            #expect(good == expectedGood)
            #expect(reader.badLineCount == expectedBadLines.count)
            #expect(reader.errors.map(\.line) == expectedBadLines)
            #expect(reader.errors.allSatisfy { $0.file == path })
        }
    }

    /// The extractor must not crash on any line, and must agree with the parser on lines that parse.
    func checkExtractor(_ bytes: [UInt8], _ rng: inout SplitMix64) {
        let parsed = try? JSONParser.parse(bytes: bytes)
        let keys = parsed?.objectValue?.keys ?? []
        let field = keys.isEmpty ? "k0" : keys[Int(rng.next() % UInt64(keys.count))]
        var extractor = FieldExtractor(fields: [field, "absent"])
        var values: [JSONValue?] = []
        let result = Result { () throws(JSONSyntaxError) in
            try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
                try extractor.extract(buffer, into: &values)
            }
        }
        if let object = parsed?.objectValue {
            #expect(throws: Never.self) { try result.get() }
            #expect(values.first ?? nil == object[field], "\(String(decoding: bytes, as: UTF8.self)) field \(field)")
            #expect(values.last ?? nil == nil)
        }
    }

    func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        // Bytes that JSON gives meaning to, plus arbitrary ones (never a line end, which would split the line).
        let interesting = Array("{}[]\",:\\-+.eE0123456789tfnu \t".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<Int(rng.next() % 3 + 1) {
            let i = Int(rng.next() % UInt64(bytes.count))
            let replacement = interesting[Int(rng.next() % UInt64(interesting.count))]
            switch rng.next() % 3 {
            case 0: bytes[i] = replacement
            case 1: bytes.insert(replacement, at: i)
            default: if bytes.count > 1 { bytes.remove(at: i) }
            }
        }
    }

    func randomObject(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        var object = JSONObject()
        for k in 0..<Int(rng.next() % 6 + 1) {
            let key = rng.next() % 4 == 0 ? randomString(&rng) : "k\(k)"
            if object[key] == nil { object.append(key, randomValue(&rng, depth: depth + 1)) }
        }
        return .object(object)
    }

    func randomValue(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        switch rng.next() % (depth > 3 ? 6 : 8) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2:
            let extremes: [Int64] = [0, -1, .max, .min, 9_007_199_254_740_993, -9_007_199_254_740_993]
            return .int(rng.next() % 4 == 0 ? extremes[Int(rng.next() % 6)] : Int64(bitPattern: rng.next()) >> (rng.next() % 63))
        case 3:
            var d = Double(bitPattern: rng.next())
            if !d.isFinite || rng.next() % 2 == 0 { d = Double(Int64(rng.next() % 2_000_000) - 1_000_000) / 100 }
            return .double(d)
        case 4, 5: return .string(randomString(&rng))
        case 6:
            return .array((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            return randomObject(&rng, depth: depth)
        }
    }

    func randomString(_ rng: inout SplitMix64) -> String {
        let pieces = [
            "a", "Z", "9", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "世",
            "😀", "\u{FFFD}", "\u{2028}", "{", "]", ":", ","
        ]
        return (0..<Int(rng.next() % 12)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }
}
