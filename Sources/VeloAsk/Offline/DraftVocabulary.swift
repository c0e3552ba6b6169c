/// The words the offline drafter knows by meaning. Everything not here is matched against the schemas'
/// field and source names (with synonyms, plurals and typos), so a new schema needs no new words.
package enum DraftVocabulary {
    /// Aggregate words and the function each means.
    static let aggregates: [String: DraftAggregate.Function] = [
        "avg": .avg, "average": .avg, "averages": .avg, "mean": .avg, "avarage": .avg, "averge": .avg,
        "sum": .sum, "total": .sum, "totals": .sum, "summed": .sum,
        "count": .count, "counts": .count, "number": .count, "many": .count, "tally": .count,
        "min": .min, "minimum": .min, "lowest": .min, "smallest": .min, "least": .min,
        "max": .max, "maximum": .max, "highest": .max, "largest": .max, "biggest": .max, "peak": .max, "top": .max,
        "median": .median, "stddev": .stddev, "deviation": .stddev,
        "latest": .last, "last": .last, "current": .last, "recent": .last, "newest": .last,
        "first": .first, "earliest": .first, "oldest": .first
    ]

    /// Comparison words (one or two words) and the operator each means.
    static let comparators: [([String], String)] = [
        (["greater", "than", "or", "equal", "to"], ">="), (["more", "than", "or", "equal", "to"], ">="),
        (["less", "than", "or", "equal", "to"], "<="), (["at", "least"], ">="), (["at", "most"], "<="),
        (["no", "more", "than"], "<="), (["no", "less", "than"], ">="), (["not", "more", "than"], "<="),
        (["greater", "than"], ">"), (["more", "than"], ">"), (["higher", "than"], ">"), (["larger", "than"], ">"),
        (["bigger", "than"], ">"), (["less", "than"], "<"), (["lower", "than"], "<"), (["smaller", "than"], "<"),
        (["fewer", "than"], "<"), (["is", "not"], "<>"), (["not", "equal", "to"], "<>"), (["equal", "to"], "="),
        (["equals"], "="), (["equal"], "="), (["is"], "="), (["of"], "="),
        (["above"], ">"), (["over"], ">"), (["exceeds"], ">"), (["exceed"], ">"), (["exceeding"], ">"), (["exceeded"], ">"),
        (["beyond"], ">"), (["below"], "<"), (["under"], "<"), (["beneath"], "<"),
        (["not"], "<>"), (["isnt"], "<>"), (["between"], "BETWEEN")
    ]

    /// Words that never name a field: grammar, politeness, and words the parser reads by position.
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "per", "by", "each", "every", "for", "in", "on", "with", "and", "or", "me", "show",
        "give", "all", "what", "is", "are", "from", "where", "when", "whose", "which", "that", "than", "to", "as",
        "i", "want", "need", "please", "get", "find", "list", "compute", "calculate", "display", "return", "see",
        "track", "monitor", "report", "tell", "how", "it", "its", "their", "there", "over", "into", "across",
        "window", "windows", "windowed", "bucket", "buckets", "interval", "intervals", "period", "periods",
        "stream", "table", "query", "sql", "job", "select", "group", "grouped", "broken", "down", "split",
        "only", "just", "also", "then", "like", "do", "does", "be", "been", "was", "were", "has", "have", "had",
        "along", "together", "including", "include", "includes", "plus", "any", "some",
        "alert", "alerts", "notify", "flag", "warn", "warning", "trigger", "raise", "whenever", "if", "while",
        "so", "far", "since", "start", "within", "using", "use", "out", "up", "at", "about", "around", "can",
        "could", "would", "should", "let", "us", "we", "my", "our", "you", "your", "new", "make", "create", "write",
        "draft", "build", "latest", "sorted", "order", "ordered", "rank", "ranked", "descending", "ascending",
        "desc", "asc", "record", "records", "event", "events", "message", "messages", "row", "rows", "data",
        "entries", "entry", "item", "items", "things", "ones", "one", "those", "these", "this", "them", "they",
        "different", "distinct", "unique", "separately", "individually", "respectively", "together", "overall",
        "whole", "entire", "result", "results", "output", "outputs", "emit", "emitted", "update", "updated",
        "updates", "updating", "advance", "advancing", "moving", "sliding", "hopping", "rolling", "tumbling",
        "session", "sessions", "gap", "inactivity", "idle", "timeout", "last", "past", "previous", "time"
    ]

    /// Nouns that mean "the records themselves" (`count of events`).
    static let recordNouns: Set<String> = [
        "record", "event", "message", "row", "entry", "item", "data", "thing", "occurrence", "time", "hit",
        "sample", "line", "reading", "measurement", "observation", "transaction", "one"
    ]

    /// Words of the same meaning as a field-name part. Both directions are looked up.
    static let synonyms: [String: [String]] = [
        "temp": ["temperature"], "temperature": ["temp", "heat"], "humidity": ["moisture", "humid"],
        "battery": ["voltage", "volt", "charge", "power"], "voltage": ["battery", "volt"],
        "device": ["sensor", "machine", "unit", "node"], "sensor": ["device", "machine"],
        "price": ["cost", "value", "rate"], "amount": ["value", "price", "spend", "spent", "money", "revenue", "sale", "sales"],
        "quantity": ["qty", "volume", "size", "units"], "qty": ["quantity"], "volume": ["quantity", "size"],
        "customer": ["user", "client", "buyer", "shopper", "account"], "user": ["customer", "client", "visitor", "member", "person"],
        "client": ["customer"], "symbol": ["ticker", "stock", "instrument", "security", "share"], "ticker": ["symbol"],
        "page": ["url", "path", "link"], "url": ["page", "link"], "country": ["nation", "region"],
        "city": ["town", "location", "place"], "merchant": ["shop", "store", "seller", "vendor", "retailer"],
        "method": ["channel", "kind", "mode"], "status": ["state", "condition"], "state": ["status"],
        "order": ["purchase"], "product": ["item", "sku", "article"], "category": ["type", "kind", "class", "group"],
        "type": ["kind", "category"], "firmware": ["version", "fw"], "version": ["firmware"], "event": ["action"],
        "action": ["event"], "session": ["visit"], "side": ["direction"], "exchange": ["venue", "market"],
        "duration": ["length", "elapsed"], "latency": ["delay", "lag", "response"], "region": ["area", "zone", "country"],
        "currency": ["ccy"], "browser": ["agent", "client"], "referrer": ["referer", "source"]
    ]

    /// Nouns that may follow a field's name without naming anything more ("device type", "firmware version").
    static let fieldSuffixes: Set<String> = ["type", "kind", "name", "version", "id", "code", "level", "class", "field", "column", "value", "values"]

    /// Field-name parts that carry a unit or a role, not a meaning: `temperature_c` is "temperature".
    static let noiseParts: Set<String> = [
        "id", "c", "f", "k", "pct", "percent", "v", "ms", "sec", "usd", "eur", "gbp", "num", "no", "nr", "code", "kg", "km", "mm", "cm"
    ]
}
