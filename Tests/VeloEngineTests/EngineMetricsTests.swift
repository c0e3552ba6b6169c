import Testing
import VeloBase
import VeloEngine
import VeloRunCommands

@Suite struct EngineHistogramTests {
    @Test func bucketsCoverEveryValueWithinBounds() {
        var rng = SeededRandom(seed: 4)
        for _ in 0..<5000 {
            let v = rng.next() >> rng.int(0...63)
            let i = LatencyHistogram.index(v)
            let (lo, hi) = LatencyHistogram.range(i)
            #expect(lo <= v && v <= hi, "\(v) in [\(lo), \(hi)]")
            #expect(Double(hi - lo) <= Double(lo) / 128 + 1, "bucket width ≤ 1/128 of its value")
        }
        #expect(LatencyHistogram.index(.max) < LatencyHistogram.bucketCount)
    }

    @Test func percentilesWithinOnePercentOfExact() {
        var rng = SeededRandom(seed: 12)
        var h = LatencyHistogram()
        var exact: [UInt64] = []
        for _ in 0..<100_000 {
            // log-normal-ish latencies from 200 ns to ~50 ms
            let v = UInt64(200 * pow2(rng.double() * 18))
            h.record(v)
            exact.append(v)
        }
        exact.sort()
        for q in [0.5, 0.9, 0.95, 0.99, 0.999] {
            let want = Double(exact[Int((q * Double(exact.count)).rounded(.up)) - 1])
            let got = Double(h.value(atQuantile: q))
            #expect(abs(got - want) / want <= 0.01, "q=\(q) got \(got) want \(want)")
        }
        #expect(h.max == exact.last! && h.min == exact.first!)
        #expect(abs(h.mean - Double(exact.reduce(0, +)) / Double(exact.count)) < 1e-6 * h.mean)
    }

    @Test func smallValuesAreExactAndMergeAdds() {
        var a = LatencyHistogram(), b = LatencyHistogram()
        for v: UInt64 in [1, 2, 3] { a.record(v) }
        for v: UInt64 in [100, 200] { b.record(v) }
        a.merge(b)
        #expect(a.count == 5 && a.p50 == 3 && a.max == 200 && a.min == 1)
        #expect(LatencyHistogram().p99 == 0)
        var c = LatencyHistogram()
        c.record(Int64(-5))
        #expect(c.max == 0)
    }

    func pow2(_ x: Double) -> Double {
        var r = 1.0
        var e = x
        while e >= 1 { r *= 2; e -= 1 }
        return r * (1 + e * 0.6931471805599453 + e * e * 0.2402265069591007) // 2^e ≈ for e in [0,1)
    }
}

@Suite struct EngineProfilerTests {
    @Test func samplesEveryNthRecordAndScalesTime() {
        var p = StageProfiler(enabled: true, sampleRate: 0.25)
        var sampled = 0
        for _ in 0..<100 {
            if p.beginRecord() {
                sampled += 1
                p.addTime(.filterProject, nanoseconds: 1000)
                p.addTime(.serialize, nanoseconds: 3000)
            }
            p.count(.filterProject)
        }
        #expect(sampled == 25 && p.sampledRecords == 25)
        let stages = p.report()
        #expect(stages.map(\.stage) == ["filter_project", "serialize"])
        #expect(stages[0].records == 100 && stages[1].records == 0)
        #expect(abs(stages[0].timeMs - 0.1) < 1e-9, "25 samples × 1 µs × 4")
        #expect(abs(stages[0].percent - 25) < 1e-9)
        #expect(p.profile()?.sampleRate == 0.25)
    }

    @Test func disabledCostsNothingAndReportsNothing() {
        var p = StageProfiler(enabled: false)
        var any = false
        for _ in 0..<10 { any = any || p.beginRecord() }
        #expect(!any)
        #expect(p.report().isEmpty && p.profile() == nil)
        #expect(StageProfiler(enabled: true, sampleRate: 7).sampleEvery == 1, "an invalid rate means every record")
    }
}

@Suite struct EngineRunMetricsTests {
    func sample() -> RunMetrics {
        var failures = FailureTracker(maxReasons: 2)
        failures.record(RuntimeError(.divisionByZero, "division by zero"), source: "orders", offset: 17)
        failures.record(RuntimeError(.divisionByZero, "division by zero"), source: "orders", offset: 40)
        failures.record(RuntimeError(.badCast, "cannot cast STRING 'x' to BIGINT"), source: "orders", offset: 41)
        failures.record(RuntimeError(.badCast, "cannot cast STRING 'y' to BIGINT"), source: "orders", offset: 42)
        var h = LatencyHistogram()
        for v: UInt64 in [1_000, 2_000, 3_000_000] { h.record(v) }
        var profiler = StageProfiler(enabled: true)
        _ = profiler.beginRecord()
        profiler.addTime(.read, nanoseconds: 2_000_000)
        profiler.count(.read)
        return RunMetrics(
            job: "high_value", startedAt: Timestamps.formatISO(0), durationMs: 2000, recordsIn: 4, recordsOut: 1,
            sources: [.init(name: "orders", kind: "file", records: 4, bytes: 400)],
            sinks: [.init(name: "stdout", kind: "stdout", records: 1)],
            latencyMs: .init(nanoseconds: h), peakMemoryBytes: 1 << 20,
            windowState: .init(
                kind: "tumbling", openWindows: 0, groups: 0, estimatedBytes: 0, peakOpenWindows: 2,
                peakGroups: 3, firedWindows: 5),
            lateRecords: 2, lateStrategy: "drop", failedRecords: failures.total, failures: failures.report,
            profile: profiler.profile())
    }

    @Test func jsonContractRoundTrips() throws {
        let m = sample()
        let text = try m.jsonText()
        for key in [
            "\"version\" : 1", "\"records_in\" : 4", "\"throughput_records_per_sec\" : 2", "\"latency_ms\"", "\"p99\"",
            "\"peak_memory_bytes\" : 1048576", "\"window_state\"", "\"open_windows\" : 0", "\"estimated_bytes\"",
            "\"late_records\" : 2", "\"failed_records\" : 4", "\"first_offset\" : 17", "\"first_source\" : \"orders\"",
            "\"stages\"", "\"time_ms\"", "\"stage\" : \"read\""
        ] {
            #expect(text.contains(key), "\(key)")
        }
        #expect(try RunMetrics.decode(text) == m)
    }

    @Test func failuresAreGroupedAndCapped() {
        let m = sample()
        // two specific reasons (the cap), then further reasons fold into one entry per kind
        #expect(m.failures.count == 3)
        #expect(m.failures[0].reason == "division by zero" && m.failures[0].count == 2 && m.failures[0].firstOffset == 17)
        #expect(m.failures[1].reason == "cannot cast STRING 'x' to BIGINT" && m.failures[1].firstOffset == 41)
        #expect(m.failures[2].reason == "other bad_cast errors" && m.failures[2].firstOffset == 42)
    }

    @Test func humanSummary() {
        let text = MetricsSummary.render(sample(), style: TextStyle(enabled: false))
        #expect(text.hasPrefix("velo-run: 4 records in → 1 out in 2.00s (2/s)\n"))
        #expect(text.contains("source   orders (file) 4"))
        #expect(text.contains("latency  avg 1.0ms"))
        #expect(text.contains("memory   peak 1.0 MiB"))
        #expect(text.contains("windows  tumbling: 0 open, 0 groups"))
        #expect(text.contains("late     2 (drop)"))
        #expect(text.contains("failed   4 — division by zero ×2 (first orders@17)"))
        #expect(text.contains("read"))
        #expect(!text.contains("\u{1B}["))
        #expect(MetricsSummary.render(sample(), style: TextStyle(enabled: true)).contains("\u{1B}["))
    }

    @Test func peakMemoryIsReadFromProc() {
        #if os(Linux)
        let now = ProcessMemory.residentBytes()
        let peak = ProcessMemory.peakResidentBytes() // read second: the peak can only have grown
        #expect(peak != nil && now != nil)
        #expect(peak! >= now! && peak! > 1 << 20)
        #endif
    }
}
