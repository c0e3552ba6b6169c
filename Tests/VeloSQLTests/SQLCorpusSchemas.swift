import VeloSQL

/// Sources the corpus statements read, as `--schemas` would provide them.
enum SQLCorpusSchemas {
    static func fields(_ spec: String) -> [SQLField] {
        spec.split(separator: ",").map { pair in
            let parts = pair.split(separator: ":")
            return SQLField(String(parts[0]).sqlTrimmed, SQLDataType(rawValue: String(parts[1]).sqlTrimmed)!)
        }
    }

    static let set = SQLSchemaSet([
        "market_data": fields(
            "symbol:string, exchange:string, price:decimal, bid_price:decimal, ask_price:decimal, bid_size:integer, ask_size:integer, volume:integer, vwap:decimal, timestamp:integer"
        ),
        "market_data_a": fields("symbol:string, exchange:string, bid_price:decimal, ask_price:decimal, bid_size:integer, ask_size:integer"),
        "market_data_b": fields("symbol:string, exchange:string, bid_price:decimal, ask_price:decimal, bid_size:integer, ask_size:integer"),
        "trades": fields(
            "trade_id:string, symbol:string, trader_id:string, side:string, quantity:integer, price:decimal, desk_id:string, timestamp:integer"),
        "order_book": fields("symbol:string, side:string, quantity:integer, price:decimal, level:integer"),
        "instruments": fields("symbol:string, instrument_name:string, tick_size:decimal, lot_size:integer, sector:string, currency:string"),
        "positions": fields("trader_id:string, symbol:string, position_size:integer, current_pnl:float, desk_id:string"),
        "trader_limits": fields("trader_id:string, max_position:integer, role_name:string"),
        "watchlist": fields("symbol:string, trader_id:string, restriction_type:string, effective_date:integer, expiry_date:integer"),
        "orders": fields(
            "order_id:string, customer_id:string, product_id:string, amount:decimal, quantity:integer, status:string, payment_method:string, region:string, order_time:integer, coupon:string"
        ),
        "customers": fields("customer_id:string, name:string, email:string, tier:string, country:string, signup_date:date"),
        "payments": fields("payment_id:string, order_id:string, amount:decimal, method:string, paid_at:integer"),
        "shipments": fields("shipment_id:string, order_id:string, carrier:string, shipped_at:integer"),
        "products": fields("product_id:string, name:string, category:string, price:decimal"),
        "sensor_readings": fields(
            "device_id:string, sensor_type:string, temperature:float, humidity:float, pressure:float, battery_level:integer, reading_time:integer, location:string"
        ),
        "devices": fields("device_id:string, model:string, site:string, install_date:date, max_temp:float"),
        "clicks": fields("user_id:string, page:string, session_id:string, duration_ms:integer, event_time:integer, referrer:string"),
        "measurements": fields("station:string, temperature:float"),
        "us_transactions": fields("order_id:string, customer_id:string, amount:decimal, currency:string"),
        "eu_transactions": fields("order_id:string, customer_id:string, amount:decimal, currency:string")
    ])
}
