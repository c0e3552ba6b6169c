import Testing
import VeloEngine
import VeloJSON
import VeloSQL

/// A small deterministic PRNG for tests (xorshift64*).
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E3779B97F4A7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2685821657736338717
    }
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    mutating func double() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

func dec(_ text: String) -> SQLValue { .decimal(SQLDecimal(parsing: Substring(text))!) }

func runtimeErrorKind(_ body: () throws -> Any) -> RuntimeError.Kind? {
    do { _ = try body(); return nil } catch let e as RuntimeError { return e.kind } catch { return nil }
}

@Suite struct EngineThreeValuedLogicTests {
    let t: SQLValue = true, f: SQLValue = false, n: SQLValue = nil

    @Test func andTruthTable() throws {
        let table: [(SQLValue, SQLValue, SQLValue)] = [
            (t, t, t), (t, f, f), (t, n, n), (f, t, f), (f, f, f), (f, n, f), (n, t, n), (n, f, f), (n, n, n)
        ]
        for (a, b, want) in table { #expect(try SQLValue.and(a, b) == want, "\(a) AND \(b)") }
    }

    @Test func orTruthTable() throws {
        let table: [(SQLValue, SQLValue, SQLValue)] = [
            (t, t, t), (t, f, t), (t, n, t), (f, t, t), (f, f, f), (f, n, n), (n, t, t), (n, f, n), (n, n, n)
        ]
        for (a, b, want) in table { #expect(try SQLValue.or(a, b) == want, "\(a) OR \(b)") }
    }

    @Test func notAndWhere() throws {
        #expect(try SQLValue.not(t) == f)
        #expect(try SQLValue.not(n) == n)
        #expect(try !n.isTrue())
        #expect(try !f.isTrue())
        #expect(try t.isTrue())
        #expect(runtimeErrorKind { try SQLValue.int(1).truth() as Any } == .typeMismatch)
    }

    @Test func comparisonsWithNullAreUnknown() throws {
        #expect(try SQLValue.equals(1, nil) == .null)
        #expect(try SQLValue.equals(nil, nil) == .null)
        #expect(try SQLValue.compare(nil, 3) == nil)
        #expect(SQLValue.isNotDistinct(nil, nil))
        #expect(!SQLValue.isNotDistinct(nil, 1))
    }

    @Test func inListWithNulls() throws {
        #expect(try SQLValue.isIn(2, [1, 2, nil]) == .bool(true))
        #expect(try SQLValue.isIn(3, [1, 2, nil]) == .null)
        #expect(try SQLValue.isIn(3, [1, 2]) == .bool(false))
        #expect(try SQLValue.isIn(nil, [1]) == .null)
        #expect(try SQLValue.between(5, 1, 5) == .bool(true))
        #expect(try SQLValue.between(0, 1, nil) == .bool(false))
        #expect(try SQLValue.between(6, 1, nil) == .null)
        #expect(try SQLValue.between(3, 1, nil) == .null)
    }
}

@Suite struct EngineComparisonTests {
    @Test func numbersCompareAcrossKinds() throws {
        #expect(try SQLValue.compare(1, 1.0) == 0)
        #expect(try SQLValue.compare(dec("1.50"), 1.5) == 0)
        #expect(try SQLValue.compare(dec("1.5"), dec("1.50")) == 0)
        #expect(try SQLValue.compare(2, dec("1.99")) == 1)
        #expect(try SQLValue.compare(dec("-0.01"), 0) == -1)
        // above 2^53 an Int64 and its Double neighbour differ
        #expect(try SQLValue.compare(.int(9_007_199_254_740_993), .double(9_007_199_254_740_992)) == 1)
        #expect(try SQLValue.compare("10", 9) == 1, "numeric strings (CSV) compare as numbers")
    }

    @Test func stringsCompareByCodePoint() throws {
        #expect(try SQLValue.compare("apple", "banana") == -1)
        #expect(try SQLValue.compare("Z", "a") == -1)
        #expect(try SQLValue.compare("é", "z") == 1)
        #expect(try SQLValue.compare("ab", "abc") == -1)
    }

    @Test func timestampsMeetNumbersAndStrings() throws {
        let ts = SQLValue.timestamp(1_700_000_000_000)
        #expect(try SQLValue.compare(ts, .int(1_700_000_000_000)) == 0)
        #expect(try SQLValue.compare(ts, "2023-11-14T22:13:20Z") == 0)
        #expect(try SQLValue.compare("2023-11-14T22:13:21Z", ts) == 1)
        #expect(try SQLValue.compare(.date(1), .timestamp(86_400_000)) == 0)
    }

    @Test func incomparableTypesAreErrors() {
        #expect(runtimeErrorKind { try SQLValue.compare("abc", 3) as Any } == .typeMismatch)
        #expect(runtimeErrorKind { try SQLValue.compare(true, 1) as Any } == .typeMismatch)
    }

    @Test func groupingEqualityAndHashAgree() {
        let same: [SQLValue] = [.int(3), .double(3.0), dec("3.00")]
        for a in same {
            for b in same {
                #expect(a == b)
                #expect(a.hashValue == b.hashValue)
            }
        }
        #expect(SQLValue.double(1.5) == dec("1.5"))
        #expect(SQLValue.double(1.5).hashValue == dec("1.5").hashValue)
        #expect(SQLValue.null == SQLValue.null)
        #expect(SQLValue.string("1") != SQLValue.int(1))
        // Built from an Array: a Set literal with duplicate elements traps.
        let values: [SQLValue] = [1, 1.0, "1", nil, nil]
        #expect(Set(values).count == 3)
    }

    @Test func orderedCompareSortsMixedValues() {
        var values: [SQLValue] = ["b", 3, nil, 1.5, "a", true]
        values.sort { SQLValue.orderedCompare($0, $1) < 0 }
        #expect(values == [nil, true, 1.5, 3, "a", "b"])
    }
}

@Suite struct EngineArithmeticTests {
    @Test func nullPropagates() throws {
        for op in [SQLValue.ArithmeticOperator.add, .subtract, .multiply, .divide, .modulo] {
            #expect(try SQLValue.arithmetic(op, nil, 1) == .null)
            #expect(try SQLValue.arithmetic(op, 1.5, nil) == .null)
        }
        #expect(try SQLValue.negate(nil) == .null)
    }

    @Test func integerRules() throws {
        #expect(try SQLValue.add(2, 3) == .int(5))
        #expect(try SQLValue.divide(7, 2) == .int(3))
        #expect(try SQLValue.divide(-7, 2) == .int(-3))
        #expect(try SQLValue.modulo(-7, 3) == .int(-1))
        #expect(try SQLValue.divide(7, 2.0) == .double(3.5))
        #expect(try SQLValue.multiply(3, 0.5) == .double(1.5))
        #expect(runtimeErrorKind { try SQLValue.add(.int(.max), 1) } == .overflow)
        #expect(runtimeErrorKind { try SQLValue.multiply(.int(.min), -1) } == .overflow)
        #expect(runtimeErrorKind { try SQLValue.divide(.int(.min), -1) } == .overflow)
        #expect(runtimeErrorKind { try SQLValue.negate(.int(.min)) } == .overflow)
    }

    @Test func divisionByZeroIsAnErrorForEveryType() {
        #expect(runtimeErrorKind { try SQLValue.divide(1, 0) } == .divisionByZero)
        #expect(runtimeErrorKind { try SQLValue.divide(1.0, 0.0) } == .divisionByZero)
        #expect(runtimeErrorKind { try SQLValue.divide(dec("1.5"), dec("0.00")) } == .divisionByZero)
        #expect(runtimeErrorKind { try SQLValue.modulo(5, 0) } == .divisionByZero)
        #expect(runtimeErrorKind { try SQLValue.modulo(5.5, 0) } == .divisionByZero)
    }

    @Test func decimalsStayExact() throws {
        #expect(try SQLValue.add(dec("0.10"), dec("0.20")) == dec("0.30"))
        #expect(try SQLValue.add(dec("0.1"), dec("0.2")).description == "0.3")
        #expect(try SQLValue.subtract(dec("10.00"), 3).description == "7.00")
        #expect(try SQLValue.multiply(dec("19.99"), 3).description == "59.97")
        #expect(try SQLValue.multiply(dec("1.25"), dec("1.25")).description == "1.56", "rounds half away from zero at the larger scale")
        #expect(try SQLValue.divide(dec("10.00"), 3).description == "3.333333")
        #expect(try SQLValue.divide(dec("-1"), 8).description == "-0.125000")
        #expect(try SQLValue.add(dec("0.1"), 0.2) == .double(0.1 + 0.2), "a double makes the result double")
        #expect(runtimeErrorKind { try SQLValue.multiply(dec("99999999999.99"), dec("99999999999.99")) } == .overflow)
    }

    @Test func timeArithmetic() throws {
        #expect(try SQLValue.add(.timestamp(1000), 500) == .timestamp(1500))
        #expect(try SQLValue.subtract(.timestamp(1000), .timestamp(400)) == .int(600))
        #expect(try SQLValue.add(.date(10), 5) == .date(15))
        #expect(try SQLValue.subtract(.date(10), .date(3)) == .int(7))
    }

    @Test func stringsAreNumbersOnlyWhenNumeric() throws {
        #expect(try SQLValue.add("2", 3) == .int(5))
        #expect(try SQLValue.multiply("2.5", 2) == .double(5))
        #expect(runtimeErrorKind { try SQLValue.add("two", 3) } == .typeMismatch)
        #expect(SQLValue.concatOperator("a", nil) == .null)
        #expect(SQLValue.concatOperator("a", 1) == "a1")
    }

    @Test func randomIntegerArithmeticMatchesSwift() throws {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<500 {
            let a = rng.int(-1_000_000...1_000_000), b = rng.int(-1000...1000)
            #expect(try SQLValue.add(.int(a), .int(b)) == .int(a + b))
            #expect(try SQLValue.multiply(.int(a), .int(b)) == .int(a * b))
            if b != 0 {
                #expect(try SQLValue.divide(.int(a), .int(b)) == .int(a / b))
                #expect(try SQLValue.modulo(.int(a), .int(b)) == .int(a % b))
            }
            // decimal arithmetic agrees with integer arithmetic on cents
            let x = SQLDecimal(units: a, scale: 2), y = SQLDecimal(units: b, scale: 2)
            #expect(try SQLDecimal.add(x, y).units == a + b)
            #expect(try SQLDecimal.multiply(x, SQLDecimal(units: b, scale: 0)).units == a * b)
        }
    }
}

@Suite struct EngineCastTests {
    @Test func nullCastsToNull() throws {
        for t: SQLType in [.integer, .bigint, .double, .decimal(precision: 10, scale: 2), .string, .boolean, .timestamp, .date, .time, .json] {
            #expect(try SQLValue.null.cast(to: t) == .null)
        }
    }

    @Test func typeNames() {
        #expect(SQLType(.decimal, parameters: [10, 2]) == .decimal(precision: 10, scale: 2))
        #expect(SQLType(.varchar, parameters: [5]) == .varchar(5))
        #expect(SQLType(.bigint) == .bigint)
        #expect(SQLType(.decimal) == .decimal(precision: 18, scale: 6))
        #expect(SQLCastType(rawValue: "NOPE") == nil)
        #expect(SQLType(.decimal, parameters: [30, 2]) == nil)
    }

    @Test func numericCasts() throws {
        #expect(try SQLValue.string(" 42 ").cast(to: .integer) == .int(42))
        #expect(try SQLValue.double(2.5).cast(to: .bigint) == .int(3))
        #expect(try SQLValue.double(-2.5).cast(to: .bigint) == .int(-3))
        #expect(try SQLValue.string("12.5").cast(to: .bigint) == .int(13))
        #expect(try SQLValue.bool(true).cast(to: .integer) == .int(1))
        #expect(try SQLValue.int(3).cast(to: .double) == .double(3))
        #expect(try SQLValue.string("1e3").cast(to: .double) == .double(1000))
        #expect(try SQLValue.double(0.1).cast(to: .float) == .double(Double(Float(0.1))))
        #expect(try SQLValue.string("19.999").cast(to: .decimal(precision: 10, scale: 2)).description == "20.00")
        #expect(try SQLValue.double(1.005).cast(to: .decimal(precision: 10, scale: 1)).description == "1.0")
        #expect(try SQLValue.int(7).cast(to: .decimal(precision: 5, scale: 2)).description == "7.00")
    }

    @Test func badCastsAndOverflow() {
        #expect(runtimeErrorKind { try SQLValue.string("abc").cast(to: .integer) } == .badCast)
        #expect(runtimeErrorKind { try SQLValue.int(3_000_000_000).cast(to: .integer) } == .overflow)
        #expect(runtimeErrorKind { try SQLValue.double(.infinity).cast(to: .bigint) } == .overflow)
        #expect(runtimeErrorKind { try SQLValue.string("12345.6").cast(to: .decimal(precision: 4, scale: 1)) } == .overflow)
        #expect(runtimeErrorKind { try SQLValue.string("maybe").cast(to: .boolean) } == .badCast)
        #expect(runtimeErrorKind { try SQLValue.string("not a time").cast(to: .timestamp) } == .badCast)
        #expect(runtimeErrorKind { try SQLValue.string("{bad").cast(to: .json) } == .badCast)
    }

    @Test func stringBooleanAndJSON() throws {
        #expect(try SQLValue.double(1.5).cast(to: .string) == "1.5")
        #expect(try dec("3.10").cast(to: .varchar(nil)) == "3.10")
        #expect(try SQLValue.string("abcdef").cast(to: .varchar(3)) == "abc")
        #expect(try SQLValue.string("YES").cast(to: .boolean) == .bool(true))
        #expect(try SQLValue.string("0").cast(to: .boolean) == .bool(false))
        #expect(try SQLValue.int(0).cast(to: .boolean) == .bool(false))
        #expect(try SQLValue.string("{\"a\":[1,2]}").cast(to: .json) == .json(["a": [1, 2]]))
        #expect(try SQLValue.string("42").cast(to: .json) == .int(42))
    }

    @Test func temporalCasts() throws {
        #expect(try SQLValue.string("2024-03-05T14:07:09.250Z").cast(to: .timestamp) == .timestamp(1_709_647_629_250))
        #expect(try SQLValue.int(1_709_647_629_250).cast(to: .timestamp) == .timestamp(1_709_647_629_250))
        #expect(try SQLValue.timestamp(1_709_647_629_250).cast(to: .date) == .date(19787))
        #expect(try SQLValue.timestamp(1_709_647_629_250).cast(to: .string) == "2024-03-05T14:07:09.250Z")
        #expect(try SQLValue.date(19787).cast(to: .string) == "2024-03-05")
        #expect(try SQLValue.string("2024-03-05").cast(to: .date) == .date(19787))
        #expect(try SQLValue.timestamp(-1).cast(to: .date) == .date(-1), "dates floor for times before 1970")
        #expect(try SQLValue.timestamp(1_709_647_629_250).cast(to: .time) == "14:07:09.250")
        #expect(runtimeErrorKind { try SQLValue.string("9:30").cast(to: .time) } == .badCast, "hours need two digits")
        #expect(runtimeErrorKind { try SQLValue.string("25:00").cast(to: .time) } == .badCast)
        #expect(try SQLValue.string("09:30").cast(to: .time) == "09:30:00")
    }

    @Test func writesJSONWithoutIntermediateValues() {
        var w = JSONWriter()
        let values: [SQLValue] = [nil, true, 42, 1.5, dec("12.50"), "a\"b", .timestamp(0), .date(0), .json(["x": 1])]
        for (i, v) in values.enumerated() {
            if i > 0 { w.writeByte(UInt8(ascii: ",")) }
            v.write(to: &w)
        }
        #expect(w.text == #"null,true,42,1.5,12.50,"a\"b","1970-01-01T00:00:00.000Z","1970-01-01",{"x":1}"#)
        #expect(SQLValue(JSONValue.double(2.5)) == .double(2.5))
        #expect(SQLValue(JSONValue.array([1])) == .json([1]))
        #expect(dec("12.50").jsonValue == .double(12.5))
    }
}

@Suite struct EngineLayoutTests {
    @Test func valuesStayInline() {
        // A value is a 16-byte payload plus a tag: arrays of values and aggregate slots stay compact.
        #expect(MemoryLayout<SQLValue>.size <= 17)
        #expect(MemoryLayout<SQLValue>.stride <= 24)
        #expect(MemoryLayout<AggregateSlot>.stride <= 32)
        #expect(MemoryLayout<GroupKey>.stride <= 24)
    }
}
