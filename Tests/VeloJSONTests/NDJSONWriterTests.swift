import Testing
import VeloInfer
import VeloJSON
import VeloTestSupport

@Suite struct NDJSONWriterTests {
    /// Text written back byte for byte after parsing (numbers, escapes written the canonical way).
    static let corpus = [
        #"{"id":1000000,"cust":"C36048","qty":2,"price":33.78,"amount":97197.0,"status":"paid","ts":1700000000040}"#,
        #"{"big":9007199254740993,"max":9223372036854775807,"min":-9223372036854775808,"past":9.223372036854776e+18}"#,
        #"{"f":[0.1,1e-05,1e+16,-2.5,95496.0,-0.0,0.0,1.7976931348623157e+308,5e-324,123456789.12345679]}"#,
        #"{"s":"q\"b\\n\n\r\t\b\f\u0000\u001f é 世 😀","e":""}"#,
        #"{"nested":{"a":[[],{},[{}],{"b":[null,true,false]}]},"k":{"":1}}"#,
        #"[1,"two",3.5,null]"#, #""just a string""#, "42", "-7", "true", "null"
    ]

    @Test func writeParseRoundTripIsExact() throws {
        for line in Self.corpus {
            var writer = JSONWriter()
            writer.write(try parseLine(line))
            #expect(writer.text == line)
        }
    }

    @Test func wholeDoublesKeepTheirPointZero() {
        var writer = JSONWriter()
        for d in [95496.0, -1.0, 1e15, 9007199254740991.0, 9007199254740992.0, 1e16, 0.5, 1e-7] {
            writer.writeDouble(d)
            writer.writeByte(0x20)
        }
        #expect(writer.text == "95496.0 -1.0 1000000000000000.0 9007199254740991.0 9007199254740992.0 1e+16 0.5 1e-07 ")
    }

    @Test func integersMatchSwiftsText() {
        var rng = SplitMix64(seed: 11)
        var samples: [Int64] = [0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, Int64.max, Int64.min, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            samples += [power - 1, power, power + 1, -power]
        }
        for _ in 0..<20000 { samples.append(Int64(bitPattern: rng.next()) >> (rng.next() % 64)) }
        for n in samples {
            var writer = JSONWriter()
            writer.writeInt(n)
            #expect(writer.text == String(n))
        }
    }

    @Test func doublesMatchSwiftsShortestForm() throws {
        let edges = [
            0.0001, 0.00011, 0.000099999, 999999999999999.9, 1e15 - 1, 1e15 + 0.5, 0.1 + 0.2, 1.0 / 3,
            2.0 / 3, 100.0 / 3, 4.35, 0.07, 1234.5678, 5e-5, -0.0001, 123456.7890123, 0.00012345678901234567,
            99999999999999.98, 9.999999999999998, 0.49999999999999994, 0.00099999999999999998
        ]
        for d in edges + Self.doubleSamples(40000, seed: 7) { try Self.expectSwiftsText(d) }
    }

    /// Random doubles of the kinds records and aggregates produce (also used by `make fuzz`).
    static func doubleSamples(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var samples: [Double] = []
        for _ in 0..<count {
            switch rng.next() % 5 {
            case 3:
                // Averages of prices: 16 and 17 significant digits, the exact path of emitShortDecimal.
                let n = Int64(rng.next() % 20) + 1
                var sum = 0.0
                for _ in 0..<n { sum += Double(rng.next() % 100_000) / 100 }
                samples.append(sum / Double(n))
            case 4:
                // Anywhere in the fixed-point range, with all 17 digits.
                let power = Double("1e\(Int(rng.next() % 19) - 4)")!
                samples.append((1 + Double(rng.next() >> 11) * 0x1p-53) * power)
            case 0: samples.append(Double(bitPattern: rng.next()))
            case 1: samples.append(Double(Int64(rng.next() % 2_000_000_000) - 1_000_000_000) / [1, 10, 100, 1000, 1e6, 1e9][Int(rng.next() % 6)])
            default: samples.append(Double(rng.next() % 1_000_000) * [1e-8, 1e-4, 0.01, 1, 1e8][Int(rng.next() % 5)] / 7)
            }
        }
        return samples
    }

    /// The writer's text is Swift's `description` and parses back to the same bits.
    static func expectSwiftsText(_ d: Double) throws {
        guard d.isFinite else { return }
        var writer = JSONWriter()
        writer.writeDouble(d)
        #expect(writer.text == d.description)
        guard case .double(let back) = try parseLine(writer.text) else { Issue.record("\(writer.text)"); return }
        #expect(back.bitPattern == d.bitPattern, "\(writer.text)")
    }

    @Test func oneWriterForManyRecordsWithChangingKeys() throws {
        // The writer caches each position's last key; records that change keys must still come out right.
        let long = String(repeating: "k", count: 40)
        let records: [JSONValue] = [
            ["a": 1, "b": 2], ["a": 1, "b": 2], ["b": 1, "a": 2], [long: 1, "a\"q": 2], ["x": ["a": 1, "y": 2]],
            ["a": 1, "b": 2, "c": 3], [:], ["é": 1, "b": 2], [String(repeating: "é", count: 20): true, "b": 2]
        ]
        var writer = JSONWriter()
        var expected = ""
        for record in records + records {
            try writer.writeLine(record)
            expected += record.description + "\n"
        }
        #expect(writer.text == expected)
        #expect(expected.contains(#""a\"q":2"#))
    }

    @Test func nonFiniteDoublesBecomeNull() {
        var writer = JSONWriter()
        writer.write([.double(.nan), .double(.infinity), .double(-.infinity)])
        #expect(writer.text == "[null,null,null]")
    }

    @Test func copiedWritersDoNotShareBytes() {
        var a = JSONWriter()
        a.writeRaw("ab")
        var b = a
        b.writeRaw("cd")
        a.writeRaw("XY")
        #expect(a.text == "abXY")
        #expect(b.text == "abcd")
        #expect(b.buffer == Array("abcd".utf8))

        var c = JSONWriter()
        c.write(["a": 1])
        var d = c
        d.write(["b": 2])
        c.write(["a": 3])
        #expect(c.text == #"{"a":1}{"a":3}"#)
        #expect(d.text == #"{"a":1}{"b":2}"#)
    }

    @Test func growsPastItsCapacity() {
        var writer = JSONWriter(capacity: 1)
        let long = String(repeating: "\u{1}x\"", count: 5000)
        writer.writeString(long)
        #expect(writer.text.utf8.count == 5000 * 9 + 2)
        #expect((try? parseLine(writer.text)) == .string(long))
    }

    @Test func clearStartsTheNextMessageWithTheSameKeys() {
        var w = JSONWriter(capacity: 64)
        w.write(["id": 1, "name": "a"])
        w.clear()
        #expect(w.buffer.isEmpty)
        w.write(["id": 2, "name": "b\n"])
        #expect(w.text == #"{"id":2,"name":"b\n"}"#)
    }
}
