import Testing
import VeloGenerate

@Suite struct GenExpressionTests {
    let fields = ["price", "quantity", "name", "missing", "flag"]

    func eval(_ text: String, _ values: [GenValue] = [.double(2.5), .int(4), .string("ab"), .null, .bool(true)]) throws -> GenValue {
        let expression = try GenExpression(text, fields: fields)
        var rng = GenRandom(seed: 1)
        return expression.evaluate(&rng) { values[$0] }
    }

    @Test func arithmeticAndPrecedence() throws {
        #expect(try eval("price * quantity") == .double(10))
        #expect(try eval("quantity * 3") == .int(12))
        #expect(try eval("quantity + 1 * 2") == .int(6))
        #expect(try eval("(quantity + 1) * 2") == .int(10))
        #expect(try eval("10 - 4 - 3") == .int(3)) // left-grouped, unlike Velostream's splitter
        #expect(try eval("quantity / 8") == .double(0.5))
        #expect(try eval("quantity % 3") == .int(1))
        #expect(try eval("-quantity + 1") == .int(-3))
    }

    @Test func nullsAndDivisionByZeroGiveNull() throws {
        #expect(try eval("missing * 2") == .null)
        #expect(try eval("quantity / 0") == .null)
        #expect(try eval("quantity % 0") == .null)
        #expect(try eval("name * 2") == .null)
    }

    @Test func comparisonsAndFunctions() throws {
        #expect(try eval("price >= 2.5") == .bool(true))
        #expect(try eval("quantity != 4") == .bool(false))
        #expect(try eval("name == 'ab'") == .bool(true))
        #expect(try eval("abs(-3)") == .int(3))
        #expect(try eval("min(quantity, price, 9)") == .double(2.5))
        #expect(try eval("max(quantity, price)") == .int(4))
        #expect(try eval("round(price * 1.234, 2)") == .double(3.09))
        #expect(try eval("round(price)") == .int(3))
        #expect(try eval("floor(price)") == .int(2))
        #expect(try eval("ceil(price)") == .int(3))
        #expect(try eval("concat(name, '-', quantity)") == .string("ab-4"))
        #expect(try eval("name + quantity") == .string("ab4"))
        #expect(try eval("if(quantity > 3, 'big', 'small')") == .string("big"))
    }

    @Test func randomStaysInItsRange() throws {
        let expression = try GenExpression("random(5, 9)", fields: [])
        let unit = try GenExpression("random()", fields: [])
        var rng = GenRandom(seed: 2)
        for _ in 0..<1000 {
            guard case .int(let v) = expression.evaluate(&rng, value: { _ in .null }) else { Issue.record("not an int"); return }
            #expect((5...9).contains(v))
            guard case .double(let d) = unit.evaluate(&rng, value: { _ in .null }) else { Issue.record("not a double"); return }
            #expect(d >= 0 && d < 1)
        }
    }

    @Test func dependenciesAreTheFieldsRead() throws {
        #expect(try GenExpression("price * quantity + price", fields: fields).dependencies == [0, 1])
    }

    @Test(arguments: [
        ("prce * 2", "unknown field 'prce' (did you mean 'price'?)", 0),
        ("price *", "the expression ends too early", 7),
        ("price * (2", "missing ')'", 8),
        ("sqrt(price)", "unknown function 'sqrt'", 0),
        ("abs(1, 2)", "abs takes 1 argument, not 2", 0),
        ("price 2", "unexpected '2'", 6),
        ("'open", "unclosed string", 0),
        ("", "the expression is empty", 0)
    ])
    func errorsNameTheProblem(_ text: String, _ message: String, _ offset: Int) {
        #expect(throws: GenExpressionError(message, offset: offset)) { try GenExpression(text, fields: fields) }
    }
}
