import ArgumentParser
import VeloBase
import VeloEngine
import VeloJSON

#if canImport(Glibc)
import Glibc
#endif

/// Times the engine kernels the planner will wire together, on pre-generated values so that only the
/// kernel is measured. Prints one line per kernel: name, records, seconds, records/s.
@main
struct EngineKernelsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine-kernels-bench",
        abstract: "Micro-benchmarks of Velo's SQL runtime kernels.")

    @Option(help: "Records per kernel.") var records = 2_000_000
    @Option(help: "Distinct group keys.") var keys = 1000
    @Option(help: "Run only the kernels whose name contains this text.") var only: String?
    @Option(help: "Runs per kernel; the fastest is reported (the machine is shared).") var repeats = 3

    func run() throws {
        let n = records, keys = keys, only = only, repeats = max(1, repeats) // wrappers are slow to read in loops
        var rng: UInt64 = 0x1234_5678
        func next() -> UInt64 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng }
        let symbols = (0..<keys).map { "SYM\($0)" }
        let keyIndex = (0..<n).map { _ in Int(next() % UInt64(keys)) }
        let prices = (0..<n).map { _ in SQLValue.double(Double(next() % 100_000) / 100) }
        let times = (0..<n).map { Int64($0) * 2 } // 2 ms apart: 500 records per 1 s window
        let symbolValues = symbols.map { SQLValue.string($0) }
        let stringKeys = keyIndex.map { symbolValues[$0] }

        func measure(_ name: String, _ count: Int, _ body: () throws -> Void) rethrows {
            if let only, !name.contains(only) { return }
            // CPU time, not wall time, best of `repeats`: the machines this runs on are often shared.
            var best = Double.infinity, bestWall = Double.infinity
            for _ in 0..<repeats {
                let start = cpuSeconds(), wallStart = MonotonicClock.seconds()
                try body()
                best = min(best, cpuSeconds() - start)
                bestWall = min(bestWall, MonotonicClock.seconds() - wallStart)
            }
            print(
                "\(name.padding(toWidth: 44)) \(count) records  cpu \(HumanFormat.fixed(best, digits: 3))s  "
                    + "\(HumanFormat.rate(Double(count) / best).padding(toWidth: 8)) (wall \(HumanFormat.fixed(bestWall, digits: 3))s)")
        }

        let prototypes = [
            try AggregateFunctions.lookup("COUNT", star: true)!.make(), try AggregateFunctions.lookup("SUM")!.make(),
            try AggregateFunctions.lookup("AVG")!.make()
        ]

        var emitted = 0
        try measure("tumbling 1s GROUP BY \(keys) keys (3 aggs)", n) {
            let store = WindowStore(window: .tumbling(size: 1000), prototypes: prototypes)
            var wm = WatermarkTracker(.ascending)
            for i in 0..<n {
                let price = prices[i]
                try store.add(eventTime: times[i], key: .one(stringKeys[i])) { g in
                    try g.add(0, .null)
                    try g.add(1, price)
                    try g.add(2, price)
                }
                if wm.observe(times[i]) { store.advance(watermark: wm.watermark) { _, g in emitted += g.results().count } }
            }
            store.closeAll { _, g in emitted += g.results().count }
        }

        try measure("GROUP BY \(keys) keys, no window (3 aggs)", n) {
            let store = WindowStore(window: nil, prototypes: prototypes)
            for i in 0..<n {
                let price = prices[i]
                try store.add(eventTime: 0, key: .one(stringKeys[i])) { g in
                    try g.add(0, .null)
                    try g.add(1, price)
                    try g.add(2, price)
                }
            }
            store.closeAll { _, g in emitted += g.results().count }
        }

        // Group-key representations: the dictionary lookup is what a GROUP BY pays per record.
        measure("key lookup: GroupKey.one(string)", n) {
            var d: [GroupKey: Int] = [:]
            for i in 0..<n { d[.one(stringKeys[i]), default: 0] += 1 }
            emitted += d.count
        }
        measure("key lookup: GroupKey.many([string, int])", n) {
            var d: [GroupKey: Int] = [:]
            for i in 0..<n { d[.many([stringKeys[i], .int(Int64(keyIndex[i] & 7))]), default: 0] += 1 }
            emitted += d.count
        }
        measure("key lookup: packed bytes [UInt8]", n) {
            var d: [[UInt8]: Int] = [:]
            var buffer: [UInt8] = []
            for i in 0..<n {
                buffer.removeAll(keepingCapacity: true)
                if case .string(let s) = stringKeys[i] { buffer.append(1); buffer.append(contentsOf: s.utf8) }
                buffer.append(2)
                withUnsafeBytes(of: Int64(keyIndex[i] & 7)) { buffer.append(contentsOf: $0) }
                d[buffer, default: 0] += 1
            }
            emitted += d.count
        }

        var hits = 0
        try measure("filter: price > 500 AND sym LIKE 'SYM1%'", n) {
            let like = try LikePattern("SYM1%")
            let limit = SQLValue.double(500)
            for i in 0..<n {
                let cond = try SQLValue.and(.bool(try SQLValue.compare(prices[i], limit)! > 0), like.evaluate(stringKeys[i]))
                if try cond.isTrue() { hits += 1 }
            }
        }
        try measure("project: price * 1.1 + 2 (double)", n) {
            let k = SQLValue.double(1.1), c = SQLValue.double(2)
            var sum = 0.0
            for i in 0..<n { sum += try SQLValue.add(try SQLValue.multiply(prices[i], k), c).doubleValue! }
            hits += Int(sum) & 1
        }
        try measure("project: UPPER(sym) via registry", n) {
            let upper = ScalarFunctions.lookup("UPPER")!
            for i in 0..<n { if case .string(let s) = try upper.call(stringKeys[i]) { hits += s.utf8.count & 1 } }
        }
        let isoTexts = (0..<1000).map { Timestamps.formatISO(1_700_000_000_000 + Int64($0) * 7919) }
        measure("parse ISO 8601 event time", n) {
            for i in 0..<n { hits += Int(Timestamps.parseISO(isoTexts[i % 1000])! & 1) }
        }
        measure("histogram record + 2 clock reads", n) {
            var h = LatencyHistogram()
            for _ in 0..<n {
                let t0 = MonotonicClock.nanoseconds()
                h.record(MonotonicClock.nanoseconds() - t0)
            }
            hits += Int(h.p99 & 1)
        }
        var serialized = 0
        try measure("write row (string, double, int) as NDJSON", n) {
            let devNull = open("/dev/null", O_WRONLY)
            defer { close(devNull) }
            var w = JSONWriter(fd: devNull)
            for i in 0..<n {
                w.writeRaw("{\"symbol\":")
                stringKeys[i].write(to: &w)
                w.writeRaw(",\"price\":")
                prices[i].write(to: &w)
                w.writeRaw(",\"n\":")
                SQLValue.int(Int64(i)).write(to: &w)
                w.writeRaw("}\n")
                try w.flushIfNeeded()
            }
            try w.flush()
            serialized += w.text.utf8.count
        }
        // State is released as windows close: 10M records (generated on the fly), 1,000 keys, 1-minute
        // windows over ~17 hours of event time; the resident memory should not grow with the input.
        let bigN = records * 5
        var peakState = 0
        let rssBefore = ProcessMemory.residentBytes() ?? 0
        try measure("state: tumbling 1m, \(keys) keys, \(bigN) records", bigN) {
            let store = WindowStore(window: .tumbling(size: 60_000), prototypes: prototypes)
            var wm = WatermarkTracker(.boundedOutOfOrderness(5000))
            var x: UInt64 = 42
            for i in 0..<bigN {
                x = x &* 6364136223846793005 &+ 1442695040888963407
                let t = Int64(i) * 6 - Int64(x >> 61) * 1000 // a little out of order
                let price = SQLValue.double(Double(x >> 40) / 1000)
                try store.add(eventTime: t, key: .one(symbolValues[Int((x >> 33) % UInt64(keys))])) { g in
                    try g.add(0, .null)
                    try g.add(1, price)
                    try g.add(2, price)
                }
                if wm.observe(t) { store.advance(watermark: wm.watermark) { _, g in emitted += Int(g.rows & 1) } }
                if i % 1_000_000 == 0 { peakState = max(peakState, store.estimatedBytes()) }
            }
            store.closeAll { _, g in emitted += Int(g.rows & 1) }
        }
        if only == nil || "state".contains(only!) {
            print(
                "  window state peak ~\(HumanFormat.bytes(peakState)); resident before \(HumanFormat.bytes(rssBefore)), "
                    + "after \(HumanFormat.bytes(ProcessMemory.residentBytes() ?? 0))")
        }
        print("(checksum \(emitted + hits + serialized & 0xFF); peak RSS \(HumanFormat.bytes(ProcessMemory.peakResidentBytes() ?? 0)))")
    }
}

func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

extension String {
    func padding(toWidth width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
