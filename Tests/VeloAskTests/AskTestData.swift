import VeloAsk
import VeloJSON
import VeloSession

/// Schemas written for these tests (not velo-gen's examples) and seeded records for each, so a draft and
/// its hand-written reference query run over the same input.
enum AskTestData {
    static let sensors = """
        name: sensors
        key_field: device_id
        fields:
          - name: device_id
            type: string
            constraints: {enum_values: {values: [D1, D2, D3, D4, D5]}}
          - name: temperature_c
            type: float
            constraints: {range: {min: -5, max: 45}}
          - name: humidity_pct
            type: float
            constraints: {range: {min: 0, max: 100}}
          - name: battery_v
            type: {decimal: {precision: 2}}
            constraints: {range: {min: 2.8, max: 4.2}}
          - name: status
            type: string
            constraints: {enum_values: {values: [OK, WARN, FAULT]}}
          - name: site
            type: string
            constraints: {enum_values: {values: [north, south, east]}}
          - name: event_time
            type: integer
            constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
        """

    static let orders = """
        name: orders
        key_field: order_id
        fields:
          - name: order_id
            type: string
          - name: customer_id
            type: string
            constraints: {enum_values: {values: [C1, C2, C3, C4, C5, C6]}}
          - name: amount
            type: {decimal: {precision: 2}}
            constraints: {range: {min: 1, max: 900}}
          - name: quantity
            type: integer
            constraints: {range: {min: 1, max: 12}}
          - name: status
            type: string
            constraints: {enum_values: {values: [PENDING, PAID, SHIPPED, CANCELLED]}}
          - name: event_time
            type: integer
            constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
        """

    static let customers = """
        name: customers
        key_field: customer_id
        fields:
          - name: customer_id
            type: string
            constraints: {enum_values: {values: [C1, C2, C3, C4, C5, C6]}}
          - name: full_name
            type: string
          - name: country
            type: string
            constraints: {enum_values: {values: [DE, FR, US]}}
          - name: tier
            type: string
            constraints: {enum_values: {values: [gold, silver, bronze]}}
        """

    static let clicks = """
        name: clicks
        key_field: user_id
        fields:
          - name: user_id
            type: string
            constraints: {enum_values: {values: [U1, U2, U3, U4, U5, U6, U7]}}
          - name: page
            type: string
            constraints: {enum_values: {values: [home, search, cart, checkout]}}
          - name: action
            type: string
            constraints: {enum_values: {values: [view, click, scroll]}}
          - name: duration_ms
            type: integer
            constraints: {range: {min: 5, max: 9000}}
          - name: event_time
            type: integer
            constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
        """

    static let trades = """
        name: trades
        key_field: symbol
        fields:
          - name: symbol
            type: string
            constraints: {enum_values: {values: [AAPL, MSFT, NVDA, TSLA]}}
          - name: price
            type: float
            constraints: {range: {min: 10, max: 900}}
          - name: volume
            type: integer
            constraints: {range: {min: 1, max: 5000}}
          - name: side
            type: string
            constraints: {enum_values: {values: [BUY, SELL]}}
          - name: event_time
            type: integer
            constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
        """

    static let payments = """
        name: payments
        key_field: payment_id
        fields:
          - name: payment_id
            type: string
          - name: method
            type: string
            constraints: {enum_values: {values: [card, wallet, transfer]}}
          - name: amount
            type: float
            constraints: {range: {min: 1, max: 500}}
          - name: risk_score
            type: float
            constraints: {range: {min: 0, max: 1}}
          - name: event_time
            type: integer
            constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
        """

    static let all: [String: String] = [
        "sensors": sensors, "orders": orders, "customers": customers, "clicks": clicks, "trades": trades, "payments": payments
    ]

    static func session(_ names: [String]) -> Session {
        Session(schemas: names.map { SessionSchema(name: $0, yaml: all[$0]!) })
    }

    /// Records for a schema: enum values and numbers from a seeded generator, event times rising by 1-14 s.
    static func records(_ name: String, count: Int = 400, seed: UInt64 = 7) -> [String] {
        let catalog = AskCatalog(session: session([name]))
        let schema = catalog.sources[0].schema
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var time: Int64 = 1_767_225_600_000
        var lines: [String] = []
        for i in 0..<count {
            time += Int64(1000 + next() % 13_000)
            var object = JSONObject()
            for field in schema.fields {
                let value: JSONValue
                if let values = field.constraints.enumValues?.values {
                    value = .string(values[Int(next() % UInt64(values.count))])
                } else if field.name == "event_time" {
                    value = .int(time)
                } else if let range = field.constraints.range {
                    let x = range.min + Double(next() % 10_000) / 10_000 * (range.max - range.min)
                    switch field.type {
                    case .integer: value = .int(Int64(x.rounded()))
                    default: value = .double((x * 100).rounded() / 100)
                    }
                } else {
                    value = .string("\(field.name.prefix(1).uppercased())\(i)")
                }
                object.append(field.name, value)
            }
            var writer = JSONWriter()
            writer.write(.object(object))
            lines.append(String(decoding: writer.buffer, as: UTF8.self))
        }
        return lines
    }
}
