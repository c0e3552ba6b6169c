/// Ready schemas for common domains (`velo-gen --example NAME`), so a new user can start with nothing.
/// Each is a Velostream `.schema.yaml` with comments; tests load and generate every one.
public enum GenExamples {
    public struct Example: Sendable {
        public let name: String
        public let aliases: [String]
        public let summary: String
        public let yaml: String
        /// Schemas this one references (write them too for referential integrity).
        public let references: [String]
    }

    public static let all: [Example] = [
        Example(
            name: "orders", aliases: ["ecommerce", "e-commerce"], summary: "e-commerce orders (references customers)",
            yaml: orders, references: ["customers"]),
        Example(name: "customers", aliases: [], summary: "e-commerce customers", yaml: customers, references: []),
        Example(
            name: "iot", aliases: ["sensors", "iot-sensors"], summary: "IoT sensor readings with per-device random walks",
            yaml: sensors, references: []),
        Example(
            name: "trades", aliases: ["finance", "stocks"], summary: "financial trades with per-symbol prices",
            yaml: trades, references: []),
        Example(name: "clickstream", aliases: ["clicks", "web"], summary: "web clickstream events", yaml: clickstream, references: []),
        Example(name: "payments", aliases: ["payment"], summary: "card and wallet payments", yaml: payments, references: [])
    ]

    public static func named(_ name: String) -> Example? {
        let key = name.lowercased()
        return all.first { $0.name == key || $0.aliases.contains(key) }
    }

    public static var names: [String] { all.map(\.name) }

    package static let orders = """
        # E-commerce orders. Generate with its customers so every customer_id exists:
        #   velo-gen --example customers > customers.schema.yaml
        #   velo-gen customers.schema.yaml orders.schema.yaml --output-dir data/
        name: orders
        description: Orders placed in an online shop
        record_count: 10000
        key_field: order_id
        fields:
          - name: order_id
            type: string
            constraints:
              pattern: "ORD-[A-Z]{3}-[0-9]{6}"
          - name: customer_id
            type: string
            constraints:
              references: {schema: customers, field: customer_id}
          - name: status
            type: string
            constraints:
              enum_values:
                values: [PENDING, PAID, SHIPPED, DELIVERED, CANCELLED]
                weights: [10, 30, 30, 25, 5]
          - name: amount
            type: {decimal: {precision: 2}}
            constraints:
              range: {min: 1, max: 1000}
              distribution: {normal: {mean: 120, std_dev: 40}}
          - name: quantity
            type: integer
            constraints:
              range: {min: 1, max: 10}
          - name: discount_code
            type: string
            nullable: true
            constraints:
              pattern: "SAVE[0-9]{2}"
          - name: total
            type: {decimal: {precision: 2}}
            constraints:
              derived: {expression: "amount * quantity", depends_on: [amount, quantity]}
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-1h", end: "now"}

        """

    package static let customers = """
        # Customers of an online shop; orders.schema.yaml references customer_id.
        name: customers
        description: Customers of an online shop
        record_count: 1000
        key_field: customer_id
        fields:
          - name: customer_id
            type: string
            constraints:
              pattern: "CUST-{seq:6}"
          - name: first_name
            type: string
            constraints:
              enum_values:
                values: [Ada, Alan, Grace, Linus, Margaret, Ken, Barbara, Dennis, Frances, Edsger, Radia, Tim]
          - name: email
            type: string
            constraints:
              pattern: "[a-z]{4,10}[0-9]{2}@(example|mail|shop)\\\\.com"
          - name: country
            type: string
            constraints:
              enum_values:
                values: [US, GB, DE, FR, NL, ES, JP, BR]
                weights: [35, 15, 12, 10, 8, 8, 7, 5]
          - name: tier
            type: string
            constraints:
              enum_values:
                values: [bronze, silver, gold, platinum]
                weights: [60, 25, 12, 3]
          - name: signup_date
            type: date
          - name: lifetime_value
            type: {decimal: {precision: 2}}
            constraints:
              range: {min: 0, max: 100000}
              distribution: {log_normal: {mean: 5.5, std_dev: 1.0}}

        """

    package static let sensors = """
        # IoT sensor readings: 50 devices, each with its own slowly drifting temperature and battery.
        name: sensor_readings
        description: Readings from temperature and humidity sensors
        record_count: 10000
        key_field: device_id
        fields:
          - name: device_id
            type: string
            constraints:
              pattern: "SENSOR-0[0-4][0-9]"
          - name: temperature_c
            type: float
            constraints:
              range: {min: -10, max: 45}
              distribution: {random_walk: {volatility: 0.01, group_by: device_id}}
          - name: humidity_pct
            type: float
            constraints:
              range: {min: 0, max: 100}
              distribution: {normal: {mean: 55, std_dev: 12}}
          - name: battery_v
            type: {decimal: {precision: 2}}
            constraints:
              range: {min: 2.8, max: 4.2}
              distribution: {random_walk: {drift: -0.0001, volatility: 0.001, group_by: device_id}}
          - name: status
            type: string
            constraints:
              enum_values:
                values: [OK, WARN, FAULT]
                weights: [95, 4, 1]
          - name: firmware
            type: string
            constraints:
              enum_values:
                values: ["1.4.2", "1.5.0", "2.0.1"]
                weights: [20, 50, 30]
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-1h", end: "now"}

        """

    package static let trades = """
        # Trades on a few symbols; each symbol's price follows its own random walk.
        name: trades
        description: Executed equity trades
        record_count: 100000
        key_field: symbol
        fields:
          - name: trade_id
            type: uuid
          - name: symbol
            type: string
            constraints:
              enum_values:
                values: [AAPL, MSFT, NVDA, AMZN, GOOG, META, TSLA]
                weights: [20, 18, 17, 15, 12, 10, 8]
          - name: price
            type: {decimal: {precision: 2}}
            constraints:
              range: {min: 10, max: 2000}
              distribution: {random_walk: {volatility: 0.002, group_by: symbol}}
          - name: quantity
            type: integer
            constraints:
              range: {min: 1, max: 100000}
              distribution: {log_normal: {mean: 4.0, std_dev: 1.2}}
          - name: side
            type: string
            constraints:
              enum_values: {values: [BUY, SELL]}
          - name: venue
            type: string
            constraints:
              enum_values:
                values: [XNAS, XNYS, BATS, IEXG]
                weights: [40, 30, 20, 10]
          - name: notional
            type: {decimal: {precision: 2}}
            constraints:
              derived: {expression: "price * quantity", depends_on: [price, quantity]}
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-10m", end: "now"}

        """

    package static let clickstream = """
        # Web clickstream: sessions, pages and actions; anonymous visitors have no user_id.
        name: clickstream
        description: Page views and actions on a web shop
        record_count: 50000
        key_field: session_id
        fields:
          - name: event_id
            type: uuid
          - name: session_id
            type: string
            constraints:
              pattern: "S-[0-9]{4}"
          - name: user_id
            type: string
            nullable: true
            constraints:
              pattern: "U-[0-9]{5}"
          - name: page
            type: string
            constraints:
              enum_values:
                values: [/, /search, /product, /cart, /checkout, /account]
                weights: [30, 25, 25, 10, 6, 4]
          - name: action
            type: string
            constraints:
              enum_values:
                values: [view, click, scroll, add_to_cart, purchase]
                weights: [50, 25, 15, 7, 3]
          - name: device
            type: string
            constraints:
              enum_values:
                values: [mobile, desktop, tablet]
                weights: [60, 35, 5]
          - name: duration_ms
            type: integer
            constraints:
              range: {min: 10, max: 600000}
              distribution: {log_normal: {mean: 8.0, std_dev: 1.0}}
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-30m", end: "now"}

        """

    package static let payments = """
        # Payments with a risk score; a few are declined or refunded.
        name: payments
        description: Card and wallet payments
        record_count: 20000
        key_field: payment_id
        fields:
          - name: payment_id
            type: string
            constraints:
              pattern: "PAY-{seq:8}"
          - name: order_id
            type: string
            constraints:
              pattern: "ORD-[A-Z]{3}-[0-9]{6}"
          - name: method
            type: string
            constraints:
              enum_values:
                values: [card, paypal, bank_transfer, apple_pay, google_pay]
                weights: [55, 15, 10, 12, 8]
          - name: currency
            type: string
            constraints:
              enum_values:
                values: [USD, EUR, GBP]
                weights: [60, 30, 10]
          - name: amount
            type: {decimal: {precision: 2}}
            constraints:
              range: {min: 0.5, max: 10000}
              distribution: {log_normal: {mean: 4.0, std_dev: 0.8}}
          - name: status
            type: string
            constraints:
              enum_values:
                values: [authorized, captured, declined, refunded]
                weights: [10, 80, 7, 3]
          - name: risk_score
            type: float
            constraints:
              range: {min: 0, max: 1}
              distribution: {normal: {mean: 0.2, std_dev: 0.15}}
          - name: card_last4
            type: string
            nullable: true
            constraints:
              pattern: "[0-9]{4}"
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-1h", end: "now"}

        """
}
