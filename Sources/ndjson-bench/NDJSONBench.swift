import VeloBase
import VeloJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times Velo's NDJSON codec on one file (bench/ndjson.sh runs it beside jq, Python and DuckDB).
///
///     ndjson-bench parse FILE              parse every line into a JSONValue
///     ndjson-bench write FILE              parse into memory (untimed), then time writing it all to /dev/null
///     ndjson-bench extract FILE f1,f2,...  pull only the named fields out of every line
///     ndjson-bench roundtrip FILE          parse and write back to stdout (to check the round trip with cmp)
///
/// Prints `MODE records=N seconds=S rate=R cpu_seconds=C cpu_rate=RC` on stdout. The CPU-time rate is the
/// one-core figure even when other processes share the machine.
@main
struct NDJSONBench {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        guard args.count >= 2 else {
            Console.writeStderr("usage: ndjson-bench parse|write|extract|roundtrip FILE [FIELDS]\n")
            exit(VeloExit.usage.rawValue)
        }
        do {
            switch args[0] {
            case "parse": try parse(args[1])
            case "write": try write(args[1])
            case "extract": try extract(args[1], fields: args.count > 2 ? args[2] : "amount,status")
            case "roundtrip": try roundtrip(args[1])
            default:
                Console.writeStderr("ndjson-bench: unknown mode '\(args[0])'\n")
                exit(VeloExit.usage.rawValue)
            }
        } catch let error as VeloReportable {
            Console.writeStderr(error.diagnostic.render(tool: "ndjson-bench", color: false) + "\n")
            exit(error.exitCode.rawValue)
        } catch {
            Console.writeStderr("ndjson-bench: \(error)\n")
            exit(VeloExit.failed.rawValue)
        }
    }

    struct Start {
        let wall = MonotonicClock.nanoseconds()
        let cpu = cpuSeconds()
    }

    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func report(_ mode: String, _ records: Int, since start: Start) {
        let seconds = Double(MonotonicClock.nanoseconds() - start.wall) / 1e9
        let cpu = cpuSeconds() - start.cpu
        print(
            "\(mode) records=\(records) seconds=\(seconds) rate=\(Int(Double(records) / seconds))"
                + " cpu_seconds=\(cpu) cpu_rate=\(Int(Double(records) / cpu))")
    }

    static func parse(_ path: String) throws {
        let start = Start()
        let reader = try NDJSONReader(path: path)
        var records = 0
        var fields = 0
        while let value = try reader.next() {
            records += 1
            // Matching the case borrows the object; objectValue would copy it (two retains, two releases).
            if case .object(let object) = value { fields &+= object.count }
        }
        if fields == 0 { Console.writeStderr("no object fields read\n") }
        report("parse", records, since: start)
    }

    static func write(_ path: String) throws {
        let reader = try NDJSONReader(path: path)
        var values: [JSONValue] = []
        while let value = try reader.next() { values.append(value) }
        let fd = open("/dev/null", O_WRONLY)
        defer { close(fd) }
        let start = Start()
        var writer = JSONWriter(fd: fd, capacity: 1 << 20)
        for value in values { try writer.writeLine(value) }
        try writer.flush()
        report("write", values.count, since: start)
    }

    static func extract(_ path: String, fields: String) throws {
        let start = Start()
        let reader = try NDJSONReader(path: path)
        var extractor = FieldExtractor(fields: fields.split(separator: ",").map(String.init))
        var slots: [JSONValue?] = []
        var records = 0
        var present = 0
        try reader.forEachLine { line, number in
            try extractor.extract(line, line: number, file: path, into: &slots)
            records += 1
            if slots[0] != nil { present += 1 }
        }
        if present == 0 { Console.writeStderr("field '\(fields)' never found\n") }
        report("extract", records, since: start)
    }

    static func roundtrip(_ path: String) throws {
        let reader = try NDJSONReader(path: path)
        var writer = JSONWriter(fd: 1, capacity: 1 << 20)
        do {
            while let value = try reader.next() { try writer.writeLine(value) }
            try writer.flush()
        } catch is JSONWriter.Closed {}
    }
}
